//! What an annual report says, in the reader's language: its rows of
//! figures (this year, the year before, the change), its topics and its
//! answers by authority or by council. The page (`super`) and the PDF
//! (`server::services::annual_pdf`) both draw this one content, so the
//! two cannot tell different numbers.
use crate::components::dashboards::AnswerRow;
use crate::components::labels;
use crate::domain::annual::{AuthorityAnnual, BodyAnnual, ReportHead};
use crate::domain::compare::Shape;
use crate::domain::enums::{DayKind, Topic};
use crate::domain::metrics::answers::AnswerFigures;
use crate::domain::metrics::count_of;
use crate::i18n::*;

/// One row of a table of figures: this year, the year before, the change.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: &'static str,
    pub shape: Shape,
    pub now: Option<f64>,
    pub before: Option<f64>,
    /// What a rate counts, said under its label ("12 de 30").
    pub basis: Option<String>,
    /// The list that holds this year's number, at the same instant.
    pub list: Option<String>,
}

fn row(id: &'static str, shape: Shape, now: Option<f64>, before: Option<f64>) -> Row {
    Row {
        id,
        shape,
        now,
        before,
        basis: None,
        list: None,
    }
}

/// A count whose number opens `list`.
fn listed(id: &'static str, now: u32, before: u32, list: String) -> Row {
    Row {
        list: Some(list),
        ..row(id, Shape::Count, count(now), count(before))
    }
}

fn count(n: u32) -> Option<f64> {
    Some(f64::from(n))
}

/// The change from the year before, in the figure's own terms: counts and
/// scores as a difference, rates in percentage points.
pub fn change(locale: Locale, r: &Row) -> String {
    let (Some(a), Some(b)) = (r.now, r.before) else {
        return "—".into();
    };
    let d = a - b;
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        ""
    };
    let m = d.abs();
    match r.shape {
        Shape::Count => format!("{sign}{m:.0}"),
        Shape::Score => format!("{sign}{}", m.round()),
        Shape::Days => format!("{sign}{m:.1}"),
        Shape::Rate => format!(
            "{sign}{:.0} {}",
            m * 100.0,
            td_string!(locale, annual.points)
        ),
    }
}

/// "n de d", for a rate's basis.
fn of(locale: Locale, n: u32, d: u32) -> String {
    format!("{n} {} {d}", td_string!(locale, dash.of))
}

/// "Cifras al 31 de diciembre de 2025" (and "the year is not over").
pub fn as_of_line(locale: Locale, head: &ReportHead) -> String {
    format!(
        "{} {}{}",
        td_string!(locale, annual.figures_at),
        crate::components::dates::date(locale, &head.as_of),
        if head.partial {
            td_string!(locale, annual.not_over)
        } else {
            ""
        }
    )
}

/// "de los 365 días del 2025-01-01 al 2025-12-31".
pub fn window_line(locale: Locale, head: &ReportHead) -> String {
    format!(
        "{} {} {} {}",
        td_string!(locale, annual.window_from),
        head.window_from,
        td_string!(locale, annual.window_to),
        head.as_of_date
    )
}

/// The answer rows both reports share; `list` is the referrals list of
/// the council or the authority at the report's instant.
fn answer_rows(locale: Locale, a: &AnswerFigures, p: &AnswerFigures, list: &str) -> Vec<Row> {
    let rate = |id, now: Option<f64>, before: Option<f64>, basis: String| Row {
        basis: Some(basis),
        ..row(id, Shape::Rate, now, before)
    };
    vec![
        listed(
            "referrals",
            a.referrals,
            p.referrals,
            format!("{list}&window=1"),
        ),
        listed(
            "considered",
            a.considered,
            p.considered,
            format!("{list}&window=1&considered=1"),
        ),
        listed(
            "answered",
            a.answered,
            p.answered,
            format!("{list}&window=1&answered=1"),
        ),
        rate(
            "response_rate",
            a.response_rate,
            p.response_rate,
            of(locale, a.answered, a.considered),
        ),
        rate(
            "on_time_rate",
            a.on_time_rate,
            p.on_time_rate,
            of(locale, count_of(a.on_time_rate, a.considered), a.considered),
        ),
        row(
            "median_days_to_answer",
            Shape::Days,
            a.median_days_to_answer,
            p.median_days_to_answer,
        ),
        rate(
            "implementation_rate",
            a.implementation_rate,
            p.implementation_rate,
            of(
                locale,
                a.status_counts.implemented,
                a.status_counts.accepting(),
            ),
        ),
        listed(
            "overdue_open",
            a.overdue_open,
            p.overdue_open,
            format!("{list}&overdue=1"),
        ),
    ]
}

/// Claims of implementation the council contested: (contested, claimed).
pub fn contested(a: &AnswerFigures) -> (u32, u32) {
    let implemented = a.status_counts.implemented;
    (count_of(a.contested_rate, implemented), implemented)
}

/// A council's report, as both the page and the PDF show it.
pub struct BodyContent {
    /// "Estatal · Baja California".
    pub sub: String,
    pub composition: Vec<Row>,
    pub sessions: Vec<Row>,
    pub demands: Vec<Row>,
    /// (topic, this year, the year before), most asked first.
    pub topics: Vec<(String, u32, u32)>,
    pub answers: Vec<Row>,
    pub by_authority: Vec<AnswerRow>,
}

pub fn body_content(locale: Locale, r: &BodyAnnual) -> BodyContent {
    let (m, p) = (&r.figures, &r.previous);
    let key = &m.body;
    let sub = format!(
        "{} · {}",
        labels::body_level(locale, r.level),
        r.jurisdiction
    );
    let at = crate::domain::url::encode_component(&m.as_of);
    let (c, pc) = (&m.composition, &p.composition);
    let composition = vec![
        listed(
            "members_active",
            c.members_active,
            pc.members_active,
            format!("/bodies/{key}?as_of={at}#comp-h"),
        ),
        row(
            "alternates_active",
            Shape::Count,
            count(c.alternates_active),
            count(pc.alternates_active),
        ),
        Row {
            basis: c
                .seats
                .map(|s| of(locale, c.members_active, s.max(0) as u32)),
            ..row(
                "seat_fill_rate",
                Shape::Rate,
                c.seat_fill_rate,
                pc.seat_fill_rate,
            )
        },
        Row {
            basis: Some(format!(
                "{} {} · {} {} · {} {}",
                c.gender.woman,
                td_string!(locale, comp.women_noun),
                c.gender.man,
                td_string!(locale, comp.men_noun),
                c.gender.non_binary + c.gender.other + c.gender.undisclosed,
                td_string!(locale, annual.other_genders),
            )),
            ..row(
                "gender_balance",
                Shape::Rate,
                c.gender_balance,
                pc.gender_balance,
            )
        },
        row(
            "group_coverage",
            Shape::Rate,
            c.group_coverage,
            pc.group_coverage,
        ),
        row(
            "region_coverage",
            Shape::Rate,
            c.region_coverage,
            pc.region_coverage,
        ),
        row(
            "representativeness_score",
            Shape::Score,
            m.scores.representativeness_score,
            p.scores.representativeness_score,
        ),
    ];
    let (me, pm) = (&m.meetings, &p.meetings);
    let mandated = r
        .meetings_per_year
        .map(|n| format!("{n} {}", td_string!(locale, annual.mandated_noun)))
        .unwrap_or_else(|| td_string!(locale, annual.not_mandated).to_string());
    let sessions = vec![
        Row {
            basis: Some(mandated),
            ..listed(
                "meetings_held",
                me.meetings_held,
                pm.meetings_held,
                format!("/bodies/{key}/meetings?as_of={at}&status=held"),
            )
        },
        row(
            "meeting_regularity",
            Shape::Rate,
            me.meeting_regularity,
            pm.meeting_regularity,
        ),
        row(
            "attendance_rate",
            Shape::Rate,
            me.attendance_rate,
            pm.attendance_rate,
        ),
        row("quorum_rate", Shape::Rate, me.quorum_rate, pm.quorum_rate),
        Row {
            basis: Some(of(
                locale,
                count_of(me.minutes_rate, me.meetings_held),
                me.meetings_held,
            )),
            ..row(
                "minutes_rate",
                Shape::Rate,
                me.minutes_rate,
                pm.minutes_rate,
            )
        },
        row(
            "regularity_score",
            Shape::Score,
            m.scores.regularity_score,
            p.scores.regularity_score,
        ),
    ];
    let demands = vec![
        listed(
            "demands_submitted",
            m.demands.demands_submitted,
            p.demands.demands_submitted,
            format!("/demands?as_of={at}&window=1&body={key}"),
        ),
        row(
            "adopted_in_meeting_rate",
            Shape::Rate,
            m.demands.adopted_in_meeting_rate,
            p.demands.adopted_in_meeting_rate,
        ),
    ];
    let mut topics: Vec<(String, u32, u32)> = m
        .demands
        .topics
        .iter()
        .map(|(t, n)| {
            let label = t
                .parse::<Topic>()
                .map(|t| labels::topic(locale, t))
                .unwrap_or("—");
            (
                label.to_string(),
                *n,
                p.demands.topics.get(t).copied().unwrap_or(0),
            )
        })
        .collect();
    topics.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut answers = answer_rows(
        locale,
        &m.answers,
        &p.answers,
        &format!("/referrals?as_of={at}&body={key}"),
    );
    answers.push(row(
        "responsiveness_score",
        Shape::Score,
        m.scores.responsiveness_score,
        p.scores.responsiveness_score,
    ));
    let by_authority = r
        .by_authority
        .iter()
        .map(|a| AnswerRow {
            name: a.name.clone(),
            href: format!("/authorities/{}?as_of={}#dash-h", a.key, r.head.as_of_date),
            figures: a.answers.clone(),
            list: Some(format!(
                "/referrals?as_of={at}&body={key}&authority={}",
                a.key
            )),
        })
        .collect();
    BodyContent {
        sub,
        composition,
        sessions,
        demands,
        topics,
        answers,
        by_authority,
    }
}

/// An authority's report, as both the page and the PDF show it.
pub struct AuthorityContent {
    /// Its name and acronym.
    pub name: String,
    /// Its answer rule ("Plazo de respuesta: 30 días hábiles").
    pub sub: String,
    pub answers: Vec<Row>,
    pub by_body: Vec<AnswerRow>,
}

pub fn authority_content(locale: Locale, r: &AuthorityAnnual) -> AuthorityContent {
    let (m, p) = (&r.figures, &r.previous);
    let key = &m.authority;
    let year = r.head.year;
    let name = match &r.acronym {
        Some(ac) if !ac.is_empty() => format!("{} ({ac})", r.name),
        _ => r.name.clone(),
    };
    let kind = match r.day_kind {
        DayKind::Calendar => td_string!(locale, referrals.calendar_days),
        DayKind::Business => td_string!(locale, referrals.business_days),
    };
    let sub = format!(
        "{}: {} {kind}",
        td_string!(locale, dash.rule_title),
        r.response_days
    );
    let at = crate::domain::url::encode_component(&m.as_of);
    let mut answers = answer_rows(
        locale,
        &m.answers,
        &p.answers,
        &format!("/referrals?as_of={at}&authority={key}"),
    );
    answers.insert(
        6,
        Row {
            basis: Some(of(
                locale,
                count_of(m.answers.acceptance_rate, m.answers.answered),
                m.answers.answered,
            )),
            ..row(
                "acceptance_rate",
                Shape::Rate,
                m.answers.acceptance_rate,
                p.answers.acceptance_rate,
            )
        },
    );
    answers.push(row(
        "responsiveness_score",
        Shape::Score,
        m.scores.responsiveness_score,
        p.scores.responsiveness_score,
    ));
    let by_body = r
        .body_names
        .iter()
        .filter_map(|(k, n)| {
            m.by_body.get(k).map(|f| AnswerRow {
                name: n.clone(),
                href: crate::routes::BODY_REPORT.path(&[k, &year.to_string()]),
                figures: f.clone(),
                list: Some(format!("/referrals?as_of={at}&authority={key}&body={k}")),
            })
        })
        .collect();
    AuthorityContent {
        name,
        sub,
        answers,
        by_body,
    }
}
