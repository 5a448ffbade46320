//! Rosters as CSV: the import (checked whole, previewed, written only when
//! no problem remains), the secretaries' export in the same columns, and the
//! public CSV (public names only, no e-mail, no personal attributes).
use crate::domain::dto::{CsvPreview, CsvProblem, CsvRow, SeatExcess};
use crate::domain::enums::{Gender, MemberRole, MigrantGroup};
use crate::domain::metrics::members::is_active;
use crate::server::authz::{self, Actor};
use crate::server::error::ServiceError;
use crate::server::services::accounts::check_email;
use crate::server::services::audit::{self, Change};
use crate::server::time;
use chrono::{DateTime, NaiveDate, Utc};
use entity::member;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// The columns, in the order the export writes them. `key`, `name`, `role`,
/// `gender`, `migrant_group` and `term_start` are required.
pub const COLUMNS: [&str; 12] = [
    "key",
    "name",
    "email",
    "public",
    "role",
    "gender",
    "migrant_group",
    "region",
    "country",
    "term_start",
    "term_end",
    "withdrawn_on",
];
const REQUIRED: [&str; 6] = [
    "key",
    "name",
    "role",
    "gender",
    "migrant_group",
    "term_start",
];
/// A roster is small; anything this large is a mistake.
pub const MAX_BYTES: usize = 1024 * 1024;

/// A member as a CSV row describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parsed {
    line: usize,
    pub(crate) key: String,
    name: String,
    email: Option<String>,
    public: bool,
    role: String,
    gender: String,
    migrant_group: String,
    region: Option<String>,
    country: Option<String>,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
    withdrawn_on: Option<NaiveDate>,
}

fn problem(line: usize, column: &str, code: &str) -> CsvProblem {
    CsvProblem::new(line, column, code)
}

/// What `public` accepts (either language, any case).
const BOOLS: [&str; 6] = ["sí", "no", "yes", "true", "false", "1/0"];
const DATE_FORM: [&str; 1] = ["YYYY-MM-DD"];

/// The separator of the file: a spreadsheet set to a language that writes
/// decimal commas saves "CSV" with `;`. Read from the header line, which
/// has no commas then.
pub(crate) fn separator(text: &str) -> u8 {
    let text = text.trim_start_matches('\u{feff}');
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "" | "false" | "no" | "0" | "n" => Some(false),
        "true" | "yes" | "sí" | "si" | "1" | "y" | "s" => Some(true),
        _ => None,
    }
}

/// Reads and checks every row; returns the rows that parsed and every problem.
pub(crate) fn parse(text: &str) -> (Vec<Parsed>, Vec<CsvProblem>) {
    let mut problems = Vec::new();
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return (Vec::new(), vec![problem(1, "", "empty")]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(separator(text))
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.to_lowercase()).collect(),
        Err(_) => return (Vec::new(), vec![problem(1, "", "syntax")]),
    };
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        match COLUMNS.iter().find(|c| **c == h.as_str()) {
            Some(c) => {
                index.insert(c, i);
            }
            None => problems.push(problem(1, h, "unknown_column").found(h, &COLUMNS)),
        }
    }
    for c in REQUIRED {
        if !index.contains_key(c) {
            problems.push(problem(1, c, "missing_column"));
        }
    }
    let mut rows = Vec::new();
    let mut keys: HashSet<String> = HashSet::new();
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let record = match record {
            Ok(r) => r,
            Err(_) => {
                problems.push(problem(line, "", "syntax"));
                continue;
            }
        };
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let get = |c: &str| {
            index
                .get(c)
                .and_then(|i| record.get(*i))
                .map(str::trim)
                .unwrap_or("")
                .to_string()
        };
        let opt = |c: &str| Some(get(c)).filter(|v| !v.is_empty());
        let mut bad = Vec::new();
        for c in REQUIRED {
            if index.contains_key(c) && get(c).is_empty() {
                bad.push(problem(line, c, "required"));
            }
        }
        for c in ["key", "name", "email", "region"] {
            if get(c).chars().count() > 200 {
                bad.push(problem(line, c, "too_long"));
            }
        }
        let key = get("key");
        if !key.is_empty() && !keys.insert(key.clone()) {
            bad.push(problem(line, "key", "duplicate_key").found(&key, &[]));
        }
        let email = opt("email").map(|e| e.to_lowercase());
        if let Some(e) = &email {
            if check_email("email", e).is_some() {
                bad.push(problem(line, "email", "email_invalid").found(e, &[]));
            }
        }
        let public = parse_bool(&get("public")).unwrap_or_else(|| {
            bad.push(problem(line, "public", "invalid_bool").found(&get("public"), &BOOLS));
            false
        });
        let role = get("role").to_lowercase();
        if !role.is_empty() && role.parse::<MemberRole>().is_err() {
            bad.push(problem(line, "role", "invalid_value").found(&get("role"), MemberRole::NAMES));
        }
        let gender = get("gender").to_lowercase();
        if !gender.is_empty() && gender.parse::<Gender>().is_err() {
            bad.push(problem(line, "gender", "invalid_value").found(&get("gender"), Gender::NAMES));
        }
        let group = get("migrant_group").to_lowercase();
        if !group.is_empty() && group.parse::<MigrantGroup>().is_err() {
            bad.push(
                problem(line, "migrant_group", "invalid_value")
                    .found(&get("migrant_group"), MigrantGroup::NAMES),
            );
        }
        let country = opt("country").map(|c| c.to_uppercase());
        if let Some(c) = &country {
            if c.len() != 2 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                bad.push(
                    problem(line, "country", "invalid_country").found(c, &["MX", "US", "HN", "…"]),
                );
            }
        }
        let mut date = |c: &str| match opt(c) {
            None => None,
            Some(s) => match s.parse::<NaiveDate>() {
                Ok(d) => Some(d),
                Err(_) => {
                    bad.push(problem(line, c, "invalid_date").found(&s, &DATE_FORM));
                    None
                }
            },
        };
        let term_start = date("term_start");
        let term_end = date("term_end");
        let withdrawn_on = date("withdrawn_on");
        if let (Some(s), Some(e)) = (term_start, term_end) {
            if e < s {
                bad.push(problem(line, "term_end", "term_order"));
            }
        }
        if let (Some(s), Some(w)) = (term_start, withdrawn_on) {
            if w < s {
                bad.push(problem(line, "withdrawn_on", "withdrawn_order"));
            }
        }
        match (bad.is_empty(), term_start) {
            (true, Some(term_start)) => rows.push(Parsed {
                line,
                key,
                name: get("name"),
                email,
                public,
                role,
                gender,
                migrant_group: group,
                region: opt("region"),
                country,
                term_start,
                term_end,
                withdrawn_on,
            }),
            _ => problems.extend(bad),
        }
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(problem(2, "", "empty"));
    }
    (rows, problems)
}

fn snapshot(m: &member::Model) -> serde_json::Value {
    json!({
        "name": m.name, "email": m.email, "public": m.public, "role": m.role,
        "gender": m.gender, "migrant_group": m.migrant_group, "region": m.region,
        "country": m.country, "term_start": m.term_start, "term_end": m.term_end,
        "withdrawn_on": m.withdrawn_on,
    })
}

fn parsed_snapshot(p: &Parsed) -> serde_json::Value {
    json!({
        "name": p.name, "email": p.email, "public": p.public, "role": p.role,
        "gender": p.gender, "migrant_group": p.migrant_group, "region": p.region,
        "country": p.country, "term_start": p.term_start, "term_end": p.term_end,
        "withdrawn_on": p.withdrawn_on,
    })
}

/// Checks a CSV against the body's roster: what each row would do and every
/// problem, with its line and column. Writes nothing.
#[tracing::instrument(skip(db, text))]
pub async fn preview<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<CsvPreview, ServiceError> {
    let b = authz::managed_body(db, who, body_key).await?;
    let (rows, mut problems) = parse(text);
    let existing: HashMap<String, member::Model> = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.key.clone(), m))
        .collect();
    problems.sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
    let today = time::local_date(now, time::zone(&b.timezone));
    Ok(CsvPreview {
        seat_excess: seat_excess(b.seats, &existing, &rows, today),
        rows: rows
            .iter()
            .map(|p| CsvRow {
                line: p.line,
                key: p.key.clone(),
                name: p.name.clone(),
                action: match existing.get(&p.key) {
                    None => "create",
                    Some(m) if snapshot(m) == parsed_snapshot(p) => "unchanged",
                    Some(_) => "update",
                }
                .to_string(),
                role: p.role.clone(),
                term_start: p.term_start.to_string(),
                term_end: p.term_end.map(|d| d.to_string()),
                withdrawn_on: p.withdrawn_on.map(|d| d.to_string()),
                public: p.public,
            })
            .collect(),
        problems,
        semicolons: separator(text) == b';',
        csv: text.to_string(),
    })
}

/// The first day (today, or a day a term of the file begins) on which the
/// roster as it would be after the import has more seat holders than the
/// body has seats; `None` without a seat count or within it.
fn seat_excess(
    seats: Option<i32>,
    existing: &HashMap<String, member::Model>,
    rows: &[Parsed],
    today: NaiveDate,
) -> Option<SeatExcess> {
    let seats = u32::try_from(seats?).ok().filter(|n| *n > 0)?;
    let from_file: HashSet<&str> = rows.iter().map(|p| p.key.as_str()).collect();
    // (role, start, end, withdrawn) of every member after the import.
    let terms: Vec<(&str, NaiveDate, Option<NaiveDate>, Option<NaiveDate>)> = existing
        .values()
        .filter(|m| !from_file.contains(m.key.as_str()))
        .map(|m| (m.role.as_str(), m.term_start, m.term_end, m.withdrawn_on))
        .chain(
            rows.iter()
                .map(|p| (p.role.as_str(), p.term_start, p.term_end, p.withdrawn_on)),
        )
        .collect();
    let mut days: Vec<NaiveDate> = rows
        .iter()
        .map(|p| p.term_start)
        .filter(|d| *d > today)
        .collect();
    days.push(today);
    days.sort();
    days.dedup();
    days.into_iter().find_map(|day| {
        let holders = terms
            .iter()
            .filter(|(role, start, end, withdrawn)| {
                *role != MemberRole::Alternate.as_str() && is_active(*start, *end, *withdrawn, day)
            })
            .count() as u32;
        (holders > seats).then(|| SeatExcess {
            on: day.to_string(),
            seat_holders: holders,
            seats,
        })
    })
}

/// Writes the CSV when it has no problem: new keys become members, known
/// keys are updated, members absent from the file stay as they are. All in
/// one transaction, every change audited. Returns the rows written.
#[tracing::instrument(skip(db, text))]
pub async fn apply(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let b = authz::managed_body(&txn, who, body_key).await?;
    let (rows, problems) = parse(text);
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(format!(
            "{} problem(s)",
            problems.len()
        )));
    }
    let actor = who.map(|a| a.account_id);
    let mut written = 0;
    // One read of the roster, not one per row.
    let mut existing: HashMap<String, member::Model> = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| (m.key.clone(), m))
        .collect();
    for p in rows {
        let found = existing.remove(&p.key);
        if upsert(&txn, b.id, p, found, actor, now).await? {
            written += 1;
        }
    }
    txn.commit().await?;
    Ok(written)
}

/// Inserts or updates one member from a checked row (`found` is the stored
/// member with its key, if any); audited. False when nothing changes.
pub(crate) async fn upsert<C: ConnectionTrait>(
    txn: &C,
    body_id: i64,
    p: Parsed,
    found: Option<member::Model>,
    actor: Option<i64>,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let after = parsed_snapshot(&p);
    let (mut am, before, id) = match found {
        Some(m) if snapshot(&m) == after => return Ok(false),
        Some(m) => {
            let before = snapshot(&m);
            let id = m.id;
            (m.into(), Some(before), Some(id))
        }
        None => (
            member::ActiveModel {
                body_id: Set(body_id),
                key: Set(p.key.clone()),
                ..Default::default()
            },
            None,
            None,
        ),
    };
    am.name = Set(p.name);
    am.email = Set(p.email);
    am.public = Set(p.public);
    am.role = Set(p.role);
    am.gender = Set(p.gender);
    am.migrant_group = Set(p.migrant_group);
    am.region = Set(p.region);
    am.country = Set(p.country);
    am.term_start = Set(p.term_start);
    am.term_end = Set(p.term_end);
    am.withdrawn_on = Set(p.withdrawn_on);
    let saved: member::Model = if id.is_some() {
        am.update(txn).await?
    } else {
        am.insert(txn).await?
    };
    let change = match before {
        Some(before) => Change::new(actor, "member", saved.id, "update").changed(before, after),
        None => Change::new(actor, "member", saved.id, "create").after(after),
    };
    audit::record(txn, now, change).await?;
    Ok(true)
}

/// The member form as a CSV text of one row, so that it passes the
/// import's checks.
pub(crate) fn one_row(form: &crate::domain::dto::MemberForm) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(COLUMNS);
    let _ = w.write_record(COLUMNS.iter().map(|c| form.value(c)));
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn write_csv(header: &[&str], rows: Vec<Vec<String>>) -> Result<String, ServiceError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| ServiceError::Invalid(e.to_string());
    w.write_record(header).map_err(io)?;
    for r in rows {
        w.write_record(&r).map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Invalid(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ServiceError::Invalid(e.to_string()))
}

fn day(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// The whole roster in the import's columns, for the body's managers.
#[tracing::instrument(skip(db))]
pub async fn export_full<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
) -> Result<String, ServiceError> {
    let b = authz::managed_body(db, who, body_key).await?;
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .order_by_asc(member::Column::Key)
        .all(db)
        .await?;
    write_csv(
        &COLUMNS,
        members
            .into_iter()
            .map(|m| {
                vec![
                    m.key,
                    m.name,
                    m.email.unwrap_or_default(),
                    m.public.to_string(),
                    m.role,
                    m.gender,
                    m.migrant_group,
                    m.region.unwrap_or_default(),
                    m.country.unwrap_or_default(),
                    m.term_start.to_string(),
                    day(m.term_end),
                    day(m.withdrawn_on),
                ]
            })
            .collect(),
    )
}

/// The public roster of a public body on a date: members active that day
/// who made their names public, with their seat and term. `None` for an
/// unknown or non-public body.
#[tracing::instrument(skip(db))]
pub async fn export_public<C: ConnectionTrait>(
    db: &C,
    body_key: &str,
    as_of: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Option<String>, ServiceError> {
    let Some(b) = crate::server::services::bodies::find_public(db, body_key).await? else {
        return Ok(None);
    };
    let d = as_of.unwrap_or_else(|| time::local_date(now, time::zone(&b.timezone)));
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Public.eq(true))
        .order_by_asc(member::Column::Name)
        .all(db)
        .await?;
    let rows = members
        .into_iter()
        .filter(|m| {
            crate::domain::metrics::members::is_active(m.term_start, m.term_end, m.withdrawn_on, d)
        })
        .map(|m| vec![m.name, m.role, m.term_start.to_string(), day(m.term_end)])
        .collect();
    write_csv(&["name", "role", "term_start", "term_end"], rows).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_with_line_and_column() {
        let text = "key,name,email,public,role,gender,migrant_group,term_start,term_end,colour\n\
                    m1,Ana,ana@example.org,yes,chair,woman,returnee,2025-01-15,2027-01-14,red\n\
                    m2,,bad-address,maybe,boss,woman,returnee,2025-13-01,,\n\
                    m1,Ana again,,no,representative,man,transit,2025-01-15,2024-01-01,\n";
        let (rows, problems) = parse(text);
        assert_eq!(rows.len(), 1, "only the row without problems is kept");
        let found: Vec<(usize, &str, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column.as_str(), p.code.as_str()))
            .collect();
        for expected in [
            (1, "colour", "unknown_column"),
            (3, "name", "required"),
            (3, "email", "email_invalid"),
            (3, "public", "invalid_bool"),
            (3, "role", "invalid_value"),
            (3, "term_start", "invalid_date"),
            (4, "key", "duplicate_key"),
            (4, "term_end", "term_order"),
        ] {
            assert!(found.contains(&expected), "{expected:?} in {found:?}");
        }
    }

    #[test]
    fn good_rows_parse_with_defaults() {
        let text = "\u{feff}Key,Name,Role,Gender,Migrant_Group,Term_Start,Country\n\
                    m9, Luz ,alternate,undisclosed,other,2026-01-01,gt\n";
        let (rows, problems) = parse(text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(rows[0].name, "Luz");
        assert!(!rows[0].public, "names are private unless said otherwise");
        assert_eq!(rows[0].country.as_deref(), Some("GT"));
        assert_eq!(parse("").1[0].code, "empty");
        assert_eq!(
            parse("key,name\n")
                .1
                .iter()
                .filter(|p| p.code == "missing_column")
                .count(),
            4
        );
    }
}

/// Hostile and broken CSV: never a panic, every problem located (a line,
/// and a code saying what is wrong), and a row is either kept or reported.
#[cfg(test)]
mod fuzz {
    use super::parse;
    use proptest::prelude::*;

    const GOOD: &str = "key,name,email,public,role,gender,migrant_group,region,country,term_start,term_end,withdrawn_on\n\
        m1,Ana López,ana@example.org,yes,chair,woman,returnee,Caribe,HN,2025-01-15,2027-01-14,\n\
        m2,\"Beto, el de \"\"Tijuana\"\"\",,no,alternate,man,transit,,,2024-02-29,,2026-01-01\n";

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("\"".to_string()),
            Just("\"\"\"".to_string()),
            Just("2025-02-30".to_string()),
            Just("9999-99-99".to_string()),
            Just("yes".to_string()),
            Just("chair".to_string()),
            Just("\u{feff}".to_string()),
            Just("a\r\nb".to_string()),
            Just("x".repeat(5000)),
            "\\PC{0,40}",
            any::<String>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        #[test]
        fn arbitrary_text(text in any::<String>()) {
            let (_rows, problems) = parse(&text);
            for p in &problems {
                prop_assert!(p.line >= 1, "{p:?}");
                prop_assert!(!p.code.is_empty(), "{p:?}");
            }
        }

        #[test]
        fn broken_cells_in_a_good_file(
            edits in proptest::collection::vec((0usize..3, 0usize..12, cell()), 1..6),
            cut in proptest::option::of(0usize..400),
        ) {
            let mut lines: Vec<Vec<String>> = GOOD
                .lines()
                .map(|l| l.split(',').map(str::to_string).collect())
                .collect();
            for (line, col, value) in edits {
                if let Some(c) = lines[line].get_mut(col) {
                    *c = value;
                }
            }
            let mut text: String = lines.iter().map(|l| l.join(",")).collect::<Vec<_>>().join("\n");
            if let Some(cut) = cut {
                let mut at = cut.min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.truncate(at);
            }
            let (rows, problems) = parse(&text);
            for p in &problems {
                prop_assert!(p.line >= 1, "{p:?}");
                prop_assert!(!p.code.is_empty(), "{p:?}");
            }
            // No line is both kept and reported.
            for r in &rows {
                prop_assert!(!problems.iter().any(|p| p.line == r.line && p.line > 1), "{}", r.line);
            }
        }
    }
}
