//! What the public dashboards receive: the figures of `report` plus the
//! rankings, trends, histograms and overdue lists built from them.
use super::report::{AuthorityMetrics, BodyMetrics};
use serde::{Deserialize, Serialize};

/// A body or an authority in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranked {
    pub key: String,
    pub name: String,
    pub score: Option<f64>,
    pub considered: u32,
    pub low_sample: bool,
}

/// An overdue referral, most overdue first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueRow {
    pub body_key: String,
    pub body_name: String,
    pub demand_key: String,
    pub title: String,
    pub authority_key: String,
    pub authority_name: String,
    /// RFC 3339 in the body's zone.
    pub effective_deadline: String,
    /// Whole days since the effective deadline.
    pub days_overdue: i64,
}

/// National totals at T (windowed figures over the 365 days up to T).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub bodies: u32,
    pub members_active: u32,
    pub meetings_held: u32,
    pub demands_submitted: u32,
    pub referrals: u32,
    pub answered: u32,
    pub considered: u32,
    pub overdue_open: u32,
}

/// One body's part of the national totals, so that each total is the sum
/// of a list a reader can see.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BodyTotals {
    pub key: String,
    pub name: String,
    pub members_active: u32,
    pub meetings_held: u32,
    pub demands_submitted: u32,
    pub referrals: u32,
    pub answered: u32,
    pub overdue_open: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    /// T in UTC, and its date (YYYY-MM-DD) for the date picker.
    pub as_of: String,
    pub as_of_date: String,
    /// The first day of the window (YYYY-MM-DD), for drill-down links.
    pub window_from: String,
    pub totals: Totals,
    /// The totals body by body, by name.
    pub by_body: Vec<BodyTotals>,
    /// Ranked by score (best first); low-sample ones in the `_low` lists.
    pub by_responsiveness: Vec<Ranked>,
    pub by_responsiveness_low: Vec<Ranked>,
    pub by_regularity: Vec<Ranked>,
    pub by_regularity_low: Vec<Ranked>,
    pub authorities: Vec<Ranked>,
    pub authorities_low: Vec<Ranked>,
    pub overdue: Vec<OverdueRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyDashboard {
    pub name: String,
    /// Ordinary sessions the body must hold a year, if set.
    pub meetings_per_year: Option<i32>,
    pub as_of_date: String,
    pub window_from: String,
    pub metrics: BodyMetrics,
    /// The figures at the end of each of the last eight quarters.
    pub trend: Vec<BodyMetrics>,
}

/// One bar of the days-to-answer histogram: [from, to) days.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub from: u32,
    /// `None` for the last, open bucket.
    pub to: Option<u32>,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityDashboard {
    pub name: String,
    pub acronym: Option<String>,
    /// Its deadline rule: N days of this kind (a body may set its own N).
    pub response_days: i32,
    pub day_kind: crate::domain::enums::DayKind,
    /// YYYY-MM-DD, skipped when counting business days.
    pub holidays: Vec<String>,
    pub as_of_date: String,
    pub window_from: String,
    pub metrics: AuthorityMetrics,
    /// (key, name) of the bodies in `metrics.by_body`.
    pub body_names: Vec<(String, String)>,
    pub days_to_answer: Vec<Bucket>,
    pub overdue: Vec<OverdueRow>,
    pub trend: Vec<AuthorityMetrics>,
}

/// One authority of `/authorities`: its rule and its answer figures at T.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityRow {
    pub key: String,
    pub name: String,
    pub acronym: Option<String>,
    pub level: crate::domain::enums::AuthorityLevel,
    pub response_days: i32,
    pub day_kind: crate::domain::enums::DayKind,
    pub holidays: u32,
    pub metrics: AuthorityMetrics,
}

/// Every authority at T.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityList {
    pub as_of_date: String,
    pub window_from: String,
    pub rows: Vec<AuthorityRow>,
}

/// The histogram's buckets, in days.
pub const BUCKETS: [u32; 6] = [0, 8, 16, 31, 61, 91];

/// Counts `days` into `BUCKETS`.
pub fn histogram(days: impl IntoIterator<Item = f64>) -> Vec<Bucket> {
    let mut out: Vec<Bucket> = BUCKETS
        .iter()
        .enumerate()
        .map(|(i, from)| Bucket {
            from: *from,
            to: BUCKETS.get(i + 1).copied(),
            count: 0,
        })
        .collect();
    for d in days {
        let i = BUCKETS
            .iter()
            .rposition(|from| d >= f64::from(*from))
            .unwrap_or(0);
        out[i].count += 1;
    }
    out
}

/// Best first, ties by name; `None` scores last.
pub fn rank(mut list: Vec<Ranked>) -> (Vec<Ranked>, Vec<Ranked>) {
    list.sort_by(|a, b| {
        b.score
            .unwrap_or(-1.0)
            .total_cmp(&a.score.unwrap_or(-1.0))
            .then_with(|| a.name.cmp(&b.name))
    });
    list.into_iter().partition(|r| !r.low_sample)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets() {
        let h = histogram([0.0, 7.9, 8.0, 30.99, 31.0, 200.0]);
        let counts: Vec<u32> = h.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 1, 1, 1, 0, 1]);
        assert_eq!(h[5].to, None);
        assert_eq!(h[0].to, Some(8));
    }

    #[test]
    fn rankings_put_low_samples_apart() {
        let r = |k: &str, s: Option<f64>, low| Ranked {
            key: k.into(),
            name: k.into(),
            score: s,
            considered: 10,
            low_sample: low,
        };
        let (main, low) = rank(vec![
            r("a", Some(50.0), false),
            r("b", Some(90.0), true),
            r("c", None, false),
            r("d", Some(70.0), false),
        ]);
        let keys: Vec<&str> = main.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["d", "a", "c"]);
        assert_eq!(low.len(), 1);
    }
}
