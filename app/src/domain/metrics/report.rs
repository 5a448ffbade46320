//! The per-body and per-authority figures as the API returns them
//! (metrics.md, "JSON shape"): every field name as written there.
use super::answers::AnswerFigures;
use super::composition::Composition;
use super::meetings::MeetingFigures;
use crate::domain::enums::Topic;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// metrics.md, "Demands": the demands submitted in the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DemandFigures {
    pub demands_submitted: u32,
    pub adopted_in_meeting_rate: Option<f64>,
    /// Only topics with at least one demand.
    pub topics: BTreeMap<String, u32>,
}

/// What the demand figures need of a demand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemandFacts {
    pub submitted_at: DateTime<Utc>,
    pub topic: Topic,
    pub adopted: bool,
}

/// The demand figures as of `t` over W = (t − 365 days, t].
pub fn demand_figures(demands: &[DemandFacts], t: DateTime<Utc>) -> DemandFigures {
    let from = t - Duration::days(365);
    let mut topics = BTreeMap::new();
    let (mut n, mut adopted) = (0u32, 0u32);
    for d in demands
        .iter()
        .filter(|d| d.submitted_at > from && d.submitted_at <= t)
    {
        n += 1;
        adopted += u32::from(d.adopted);
        *topics.entry(d.topic.as_str().to_string()).or_insert(0) += 1;
    }
    DemandFigures {
        demands_submitted: n,
        adopted_in_meeting_rate: (n > 0).then(|| f64::from(adopted) / f64::from(n)),
        topics,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BodyScores {
    pub responsiveness_score: Option<f64>,
    pub regularity_score: Option<f64>,
    pub representativeness_score: Option<f64>,
}

/// `GET /api/v1/bodies/{key}/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BodyMetrics {
    pub body: String,
    /// T in UTC with a `Z` suffix.
    pub as_of: String,
    pub composition: Composition,
    pub meetings: MeetingFigures,
    pub demands: DemandFigures,
    pub answers: AnswerFigures,
    pub scores: BodyScores,
    pub low_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthorityScores {
    pub responsiveness_score: Option<f64>,
}

/// `GET /api/v1/authorities/{key}/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthorityMetrics {
    pub authority: String,
    pub as_of: String,
    pub answers: AnswerFigures,
    pub scores: AuthorityScores,
    pub low_sample: bool,
    /// Every body with a referral to the authority from a demand submitted
    /// at or before T, by key.
    pub by_body: BTreeMap<String, AnswerFigures>,
}

/// The step of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Step {
    Month,
    Quarter,
}

/// `…/metrics/series`: the figures at the end of each period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Series<T> {
    pub from: String,
    pub to: String,
    pub step: Step,
    pub points: Vec<T>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demand_figures_count_the_window_only() {
        let t: DateTime<Utc> = "2026-06-30T23:59:59Z".parse().unwrap();
        let d = |s: &str, topic, adopted| DemandFacts {
            submitted_at: s.parse().unwrap(),
            topic,
            adopted,
        };
        let f = demand_figures(
            &[
                d("2026-01-10T00:00:00Z", Topic::Health, true),
                d("2026-02-10T00:00:00Z", Topic::Health, false),
                d("2026-03-10T00:00:00Z", Topic::Asylum, false),
                // Exactly T − 365 days: outside the half-open window.
                d("2025-06-30T23:59:59Z", Topic::Labor, true),
                // After T.
                d("2026-07-01T00:00:00Z", Topic::Labor, true),
            ],
            t,
        );
        assert_eq!(f.demands_submitted, 3);
        assert_eq!(f.adopted_in_meeting_rate, Some(1.0 / 3.0));
        assert_eq!(f.topics.len(), 2);
        assert_eq!(f.topics["health"], 2);
        let none = demand_figures(&[], t);
        assert_eq!(none.adopted_in_meeting_rate, None);
        assert!(none.topics.is_empty());
    }
}
