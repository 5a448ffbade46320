//! The members page as a table: who holds a term now (or is about to) and
//! who held one before, apart; filtered by a words box, seat and account,
//! and sorted by a column. Pure, so the server's render and the browser's
//! agree, and so it works from the query string without JavaScript.
use super::accounts::ManagedMember;
use crate::components::body_list::normalize;

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Name,
    Seat,
    TermEnd,
    Account,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [SortBy::Name, SortBy::Seat, SortBy::TermEnd, SortBy::Account];

    pub fn as_str(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Seat => "seat",
            SortBy::TermEnd => "term_end",
            SortBy::Account => "account",
        }
    }

    fn parse(s: &str) -> SortBy {
        SortBy::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap_or_default()
    }
}

/// Whether a member has an account, an invitation on its way, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AccountState {
    None,
    Pending,
    Linked,
}

impl AccountState {
    pub fn of(m: &ManagedMember) -> AccountState {
        match (&m.account, m.invited) {
            (Some(_), _) => AccountState::Linked,
            (None, true) => AccountState::Pending,
            (None, false) => AccountState::None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccountState::None => "none",
            AccountState::Pending => "pending",
            AccountState::Linked => "linked",
        }
    }
}

/// What the filter form and the column headers ask for, read from the query
/// string (unknown values fall back to "everything", "by name").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RosterQuery {
    pub words: String,
    /// A role, or empty for every seat.
    pub role: String,
    /// `none` | `pending` | `linked`, or empty.
    pub account: String,
    pub sort: SortBy,
    pub descending: bool,
}

impl RosterQuery {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> RosterQuery {
        let pick = |name: &str, allowed: &[&str]| {
            get(name)
                .filter(|v| allowed.contains(&v.as_str()))
                .unwrap_or_default()
        };
        RosterQuery {
            words: get("q").unwrap_or_default().trim().to_string(),
            role: pick(
                "role",
                &["chair", "secretary", "representative", "alternate"],
            ),
            account: pick("account", &["none", "pending", "linked"]),
            sort: SortBy::parse(&get("sort").unwrap_or_default()),
            descending: get("dir").as_deref() == Some("desc"),
        }
    }

    /// Any filter set (the page then offers to clear them).
    pub fn filtered(&self) -> bool {
        !self.words.is_empty() || !self.role.is_empty() || !self.account.is_empty()
    }

    /// The query string that sorts by `column`: the same filters; a second
    /// click on the current column reverses it.
    pub fn sort_href(&self, column: SortBy) -> String {
        let descending = column == self.sort && !self.descending;
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.words.is_empty() {
            pairs.push(("q", self.words.clone()));
        }
        if !self.role.is_empty() {
            pairs.push(("role", self.role.clone()));
        }
        if !self.account.is_empty() {
            pairs.push(("account", self.account.clone()));
        }
        pairs.push(("sort", column.as_str().to_string()));
        if descending {
            pairs.push(("dir", "desc".into()));
        }
        let query: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", super::url::encode_component(&v)))
            .collect();
        format!("?{}#members-table", query.join("&"))
    }

    /// `aria-sort` of a column header.
    pub fn aria_sort(&self, column: SortBy) -> &'static str {
        match (column == self.sort, self.descending) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// `words`: the query's words, normalized once for the whole roster.
    fn keeps(&self, words: &str, m: &ManagedMember) -> bool {
        let matches = words.split_whitespace().all(|w| {
            normalize(&m.name).contains(w)
                || normalize(&m.key).contains(w)
                || m.email.as_deref().is_some_and(|e| normalize(e).contains(w))
                || m.account
                    .as_deref()
                    .is_some_and(|e| normalize(e).contains(w))
        });
        matches
            && (self.role.is_empty() || m.role == self.role)
            && (self.account.is_empty() || AccountState::of(m).as_str() == self.account)
    }
}

/// The seat order a council reads its roster in.
fn seat_rank(role: &str) -> u8 {
    match role {
        "chair" => 0,
        "secretary" => 1,
        "representative" => 2,
        _ => 3,
    }
}

/// The members that pass the filters, sorted: (current and upcoming terms,
/// former terms). An open-ended term sorts after every dated end.
pub fn arrange(
    members: &[ManagedMember],
    q: &RosterQuery,
) -> (Vec<ManagedMember>, Vec<ManagedMember>) {
    let words = normalize(&q.words);
    let mut kept: Vec<ManagedMember> = members
        .iter()
        .filter(|m| q.keeps(&words, m))
        .cloned()
        .collect();
    kept.sort_by(|a, b| {
        let by_name = normalize(&a.name)
            .cmp(&normalize(&b.name))
            .then_with(|| a.term_start.cmp(&b.term_start));
        let primary = match q.sort {
            SortBy::Name => std::cmp::Ordering::Equal,
            SortBy::Seat => seat_rank(&a.role).cmp(&seat_rank(&b.role)),
            SortBy::TermEnd => match (&a.term_end, &b.term_end) {
                (Some(x), Some(y)) => x.cmp(y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            SortBy::Account => AccountState::of(a).cmp(&AccountState::of(b)),
        };
        let o = primary.then(by_name);
        if q.descending {
            o.reverse()
        } else {
            o
        }
    });
    kept.into_iter().partition(|m| m.active || m.upcoming)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(key: &str, name: &str, role: &str, end: Option<&str>, active: bool) -> ManagedMember {
        ManagedMember {
            key: key.into(),
            term_start: "2025-01-01".into(),
            term_end: end.map(Into::into),
            withdrawn_on: None,
            upcoming: false,
            name: name.into(),
            role: role.into(),
            email: None,
            active,
            account: None,
            invited: false,
        }
    }

    fn query(pairs: &[(&str, &str)]) -> RosterQuery {
        RosterQuery::from_query(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        })
    }

    fn keys(v: &[ManagedMember]) -> Vec<&str> {
        v.iter().map(|m| m.key.as_str()).collect()
    }

    #[test]
    fn current_and_former_apart_sorted_and_filtered() {
        let mut linked = member("c", "Chen Wei", "representative", None, true);
        linked.account = Some("chen@example.org".into());
        let mut upcoming = member("n", "Núñez, Ana", "alternate", Some("2028-01-01"), false);
        upcoming.upcoming = true;
        let all = vec![
            member("z", "Zoe Álvarez", "chair", Some("2027-06-30"), true),
            linked,
            member("o", "Olga Pérez", "secretary", Some("2024-12-31"), false),
            upcoming,
        ];
        let (now, before) = arrange(&all, &RosterQuery::default());
        assert_eq!(keys(&now), ["c", "n", "z"], "by name, accents aside");
        assert_eq!(keys(&before), ["o"]);
        let (now, _) = arrange(&all, &query(&[("sort", "seat")]));
        assert_eq!(keys(&now), ["z", "c", "n"]);
        let (now, _) = arrange(&all, &query(&[("sort", "term_end"), ("dir", "desc")]));
        assert_eq!(
            keys(&now),
            ["c", "n", "z"],
            "open-ended last, reversed first"
        );
        let (now, before) = arrange(&all, &query(&[("q", "alvarez")]));
        assert_eq!((keys(&now), keys(&before)), (vec!["z"], vec![]));
        let (now, _) = arrange(&all, &query(&[("account", "linked")]));
        assert_eq!(keys(&now), ["c"]);
        let (now, _) = arrange(&all, &query(&[("role", "nonsense")]));
        assert_eq!(now.len(), 3, "an unknown filter value filters nothing");
    }

    #[test]
    fn sort_links_keep_filters_and_reverse_on_second_click() {
        let q = query(&[("q", "ana maría"), ("sort", "name")]);
        assert_eq!(
            q.sort_href(SortBy::Name),
            "?q=ana%20mar%C3%ADa&sort=name&dir=desc#members-table"
        );
        assert_eq!(
            q.sort_href(SortBy::Seat),
            "?q=ana%20mar%C3%ADa&sort=seat#members-table"
        );
        assert_eq!(q.aria_sort(SortBy::Name), "ascending");
        assert_eq!(q.aria_sort(SortBy::Seat), "none");
    }
}
