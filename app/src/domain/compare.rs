//! `/comparar`: two to four councils or two to four authorities side by
//! side at one `as_of`. The figures are those of each one's dashboard at
//! that instant (nothing computed anew here); this module says which
//! figures are shown, in which order, with the list each one counts.
use super::metrics::count_of;
use super::metrics::report::{AuthorityMetrics, BodyMetrics};
use super::url::encode_component;
use serde::{Deserialize, Serialize};

/// At least this many to compare.
pub const LEAST: usize = 2;
/// At most this many: on a phone they stand one under another per figure.
pub const MOST: usize = 4;

/// What is compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompareKind {
    #[default]
    Bodies,
    Authorities,
}

impl CompareKind {
    /// From the address: anything but `authorities` compares councils.
    pub fn parse(s: &str) -> Self {
        if s == "authorities" {
            CompareKind::Authorities
        } else {
            CompareKind::Bodies
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CompareKind::Bodies => "bodies",
            CompareKind::Authorities => "authorities",
        }
    }

    /// The figures one may draw over the last eight quarters, the first
    /// the default (methodology anchors).
    pub fn trend_choices(self) -> &'static [&'static str] {
        match self {
            CompareKind::Bodies => &[
                "responsiveness_score",
                "regularity_score",
                "representativeness_score",
            ],
            CompareKind::Authorities => &["responsiveness_score", "response_rate", "on_time_rate"],
        }
    }
}

/// What the reader asked, from the address (the comparison's permalink).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompareQuery {
    pub kind: CompareKind,
    /// Keys as given (`k=…&k=…`).
    pub keys: Vec<String>,
    /// YYYY-MM-DD or an RFC 3339 instant; now when empty.
    pub as_of: String,
    /// The figure drawn over the quarters (one of `trend_choices`).
    pub trend: String,
}

impl CompareQuery {
    /// The keys to compare: blanks and repeats dropped, at most [`MOST`].
    pub fn wanted(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for k in self.keys.iter().map(|k| k.trim()) {
            if !k.is_empty() && !out.iter().any(|o| o == k) && out.len() < MOST {
                out.push(k.to_string());
            }
        }
        out
    }

    /// The trend figure asked, or the kind's default.
    pub fn trend_id(&self) -> &'static str {
        let choices = self.kind.trend_choices();
        choices
            .iter()
            .find(|c| **c == self.trend)
            .copied()
            .unwrap_or(choices[0])
    }

    /// The permalink's query string (`kind=…&k=…&as_of=…&trend=…`).
    pub fn query(&self) -> String {
        let mut out = format!("kind={}", self.kind.as_str());
        for k in self.wanted() {
            out.push_str(&format!("&k={}", encode_component(&k)));
        }
        if !self.as_of.trim().is_empty() {
            out.push_str(&format!("&as_of={}", encode_component(self.as_of.trim())));
        }
        let trend = self.trend_id();
        if trend != self.kind.trend_choices()[0] {
            out.push_str(&format!("&trend={trend}"));
        }
        out
    }
}

/// How a figure's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shape {
    /// A whole number.
    Count,
    /// A fraction, shown as a percentage.
    Rate,
    /// A score from 0 to 100.
    Score,
    /// Days, one decimal.
    Days,
}

/// One compared thing's value of one figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    pub value: Option<f64>,
    /// A rate's counts: (numerator, denominator).
    pub ratio: Option<(u32, u32)>,
    /// The list that counts it, at the same `as_of`.
    pub list: Option<String>,
}

/// One figure across the compared, in their order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureRow {
    /// Its anchor on /methodology, and the key of its label.
    pub id: String,
    pub shape: Shape,
    pub cells: Vec<Cell>,
}

/// One of the compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Compared {
    pub key: String,
    pub name: String,
    /// Its figures rest on few cases (metrics.md `low_sample`).
    pub low_sample: bool,
    /// The trend figure at the end of each of the last eight quarters
    /// (rates as percentages, so that one axis serves).
    pub trend: Vec<Option<f64>>,
}

/// The comparison at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub kind: CompareKind,
    /// T (RFC 3339, UTC), its date, and the window's first day.
    pub as_of: String,
    pub as_of_date: String,
    pub window_from: String,
    pub compared: Vec<Compared>,
    pub figures: Vec<FigureRow>,
    /// The figure drawn over the quarters, and each quarter's end (RFC 3339).
    pub trend_id: String,
    pub trend_ends: Vec<String>,
    /// What may be picked: (key, name), by name.
    pub choices: Vec<(String, String)>,
    /// Keys asked that are not public councils or known authorities.
    pub unknown: Vec<String>,
}

fn count(n: u32, list: Option<String>) -> Cell {
    Cell {
        value: Some(f64::from(n)),
        ratio: None,
        list,
    }
}

fn rate(v: Option<f64>, ratio: Option<(u32, u32)>, list: Option<String>) -> Cell {
    Cell {
        value: v,
        ratio,
        list,
    }
}

fn plain(v: Option<f64>) -> Cell {
    rate(v, None, None)
}

/// Rows of figures from one function per compared thing.
fn rows<M>(
    ms: &[M],
    spec: &[(&'static str, Shape)],
    cell: impl Fn(&M, &str) -> Cell,
) -> Vec<FigureRow> {
    spec.iter()
        .map(|(id, shape)| FigureRow {
            id: id.to_string(),
            shape: *shape,
            cells: ms.iter().map(|m| cell(m, id)).collect(),
        })
        .collect()
}

/// A council's figures, as its dashboard shows them, in the dashboard's
/// order (composition, meetings, demands, answers, then the scores).
pub fn body_figures(ms: &[BodyMetrics]) -> Vec<FigureRow> {
    use Shape::*;
    let spec = [
        ("members_active", Count),
        ("seat_fill_rate", Rate),
        ("gender_balance", Rate),
        ("meetings_held", Count),
        ("meeting_regularity", Rate),
        ("attendance_rate", Rate),
        ("quorum_rate", Rate),
        ("minutes_rate", Rate),
        ("demands_submitted", Count),
        ("referrals", Count),
        ("response_rate", Rate),
        ("on_time_rate", Rate),
        ("median_days_to_answer", Days),
        ("overdue_open", Count),
        ("representativeness_score", Score),
        ("regularity_score", Score),
        ("responsiveness_score", Score),
    ];
    rows(ms, &spec, |m, id| {
        let at = encode_component(&m.as_of);
        let k = &m.body;
        let meetings = |extra: &str| Some(format!("/bodies/{k}/meetings?as_of={at}{extra}"));
        let referrals = |extra: &str| Some(format!("/referrals?as_of={at}&body={k}{extra}"));
        let (c, me, a) = (&m.composition, &m.meetings, &m.answers);
        match id {
            "members_active" => count(
                c.members_active,
                Some(format!("/bodies/{k}?as_of={at}#comp-h")),
            ),
            "seat_fill_rate" => rate(
                c.seat_fill_rate,
                c.seats.map(|s| (c.members_active, s.max(0) as u32)),
                None,
            ),
            "gender_balance" => plain(c.gender_balance),
            "meetings_held" => count(me.meetings_held, meetings("&status=held")),
            "meeting_regularity" => rate(
                me.meeting_regularity,
                None,
                meetings("&status=held&ordinary=1"),
            ),
            "attendance_rate" => plain(me.attendance_rate),
            "quorum_rate" => plain(me.quorum_rate),
            "minutes_rate" => rate(
                me.minutes_rate,
                Some((
                    count_of(me.minutes_rate, me.meetings_held),
                    me.meetings_held,
                )),
                meetings("&status=held&minutes=1"),
            ),
            "demands_submitted" => count(
                m.demands.demands_submitted,
                Some(format!("/demands?as_of={at}&window=1&body={k}")),
            ),
            "referrals" => count(a.referrals, referrals("&window=1")),
            "response_rate" => rate(
                a.response_rate,
                Some((a.answered, a.considered)),
                referrals("&window=1&answered=1"),
            ),
            "on_time_rate" => rate(
                a.on_time_rate,
                Some((count_of(a.on_time_rate, a.considered), a.considered)),
                referrals("&window=1&on_time=1"),
            ),
            "median_days_to_answer" => plain(a.median_days_to_answer),
            "overdue_open" => count(a.overdue_open, referrals("&overdue=1")),
            "representativeness_score" => plain(m.scores.representativeness_score),
            "regularity_score" => plain(m.scores.regularity_score),
            _ => plain(m.scores.responsiveness_score),
        }
    })
}

/// An authority's figures, as its dashboard shows them.
pub fn authority_figures(ms: &[AuthorityMetrics]) -> Vec<FigureRow> {
    use Shape::*;
    let spec = [
        ("referrals", Count),
        ("considered", Count),
        ("answered", Count),
        ("response_rate", Rate),
        ("on_time_rate", Rate),
        ("median_days_to_answer", Days),
        ("acceptance_rate", Rate),
        ("implementation_rate", Rate),
        ("contested_rate", Rate),
        ("overdue_open", Count),
        ("responsiveness_score", Score),
    ];
    rows(ms, &spec, |m, id| {
        let at = encode_component(&m.as_of);
        let k = &m.authority;
        let list = |extra: &str| Some(format!("/referrals?as_of={at}&authority={k}{extra}"));
        let a = &m.answers;
        let implemented = a.status_counts.implemented;
        let accepting = a.status_counts.accepting();
        match id {
            "referrals" => count(a.referrals, list("&window=1")),
            "considered" => count(a.considered, list("&window=1&considered=1")),
            "answered" => count(a.answered, list("&window=1&answered=1")),
            "response_rate" => rate(
                a.response_rate,
                Some((a.answered, a.considered)),
                list("&window=1&answered=1"),
            ),
            "on_time_rate" => rate(
                a.on_time_rate,
                Some((count_of(a.on_time_rate, a.considered), a.considered)),
                list("&window=1&on_time=1"),
            ),
            "median_days_to_answer" => plain(a.median_days_to_answer),
            "acceptance_rate" => rate(
                a.acceptance_rate,
                Some((count_of(a.acceptance_rate, a.answered), a.answered)),
                None,
            ),
            "implementation_rate" => rate(
                a.implementation_rate,
                Some((implemented, accepting)),
                list("&window=1&status=implemented"),
            ),
            "contested_rate" => rate(
                a.contested_rate,
                Some((count_of(a.contested_rate, implemented), implemented)),
                None,
            ),
            "overdue_open" => count(a.overdue_open, list("&overdue=1")),
            _ => plain(m.scores.responsiveness_score),
        }
    })
}

/// The trend figure of a council at one quarter's end (rates in percent).
pub fn body_trend_value(m: &BodyMetrics, id: &str) -> Option<f64> {
    match id {
        "regularity_score" => m.scores.regularity_score,
        "representativeness_score" => m.scores.representativeness_score,
        _ => m.scores.responsiveness_score,
    }
}

/// The trend figure of an authority at one quarter's end (rates in percent).
pub fn authority_trend_value(m: &AuthorityMetrics, id: &str) -> Option<f64> {
    match id {
        "response_rate" => m.answers.response_rate.map(|v| v * 100.0),
        "on_time_rate" => m.answers.on_time_rate.map(|v| v * 100.0),
        _ => m.scores.responsiveness_score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_cleaned_and_capped() {
        let q = CompareQuery {
            kind: CompareKind::Authorities,
            keys: ["inm", " ", "comar", "inm", "a", "b", "c"]
                .map(String::from)
                .to_vec(),
            as_of: "2026-06-30".into(),
            trend: "nonsense".into(),
        };
        assert_eq!(q.wanted(), ["inm", "comar", "a", "b"]);
        assert_eq!(q.trend_id(), "responsiveness_score");
        assert_eq!(
            q.query(),
            "kind=authorities&k=inm&k=comar&k=a&k=b&as_of=2026-06-30"
        );
        let q = CompareQuery {
            trend: "on_time_rate".into(),
            ..q
        };
        assert!(q.query().ends_with("&trend=on_time_rate"));
        assert_eq!(CompareKind::parse("x"), CompareKind::Bodies);
    }
}
