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
    /// Demands submitted in the window (the 365 days up to T).
    pub demands_submitted: u32,
    /// Demands linked to a meeting / demands_submitted; null when none submitted.
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
    /// 0–100: response_rate (weight 2), on_time_rate, implementation_rate; null parts dropped.
    pub responsiveness_score: Option<f64>,
    /// 0–100, equal weights: meeting_regularity, quorum_rate, minutes_rate; null parts dropped.
    pub regularity_score: Option<f64>,
    /// 0–100, equal weights: gender_balance, group and region coverage, min(1, seat_fill_rate).
    pub representativeness_score: Option<f64>,
}

/// `GET /api/v1/bodies/{key}/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BodyMetrics {
    /// The body's key.
    pub body: String,
    /// T in UTC with a `Z` suffix.
    pub as_of: String,
    /// Seat holders on date(T) (metrics.md, Composition).
    pub composition: Composition,
    /// Meetings starting in the window (metrics.md, Meetings).
    pub meetings: MeetingFigures,
    /// Demands submitted in the window (metrics.md, Demands).
    pub demands: DemandFigures,
    /// Answers to the referrals of the window's demands (metrics.md, Answers).
    pub answers: AnswerFigures,
    /// Scores 0–100: 100 × the weighted mean of their non-null parts.
    pub scores: BodyScores,
    /// True when `answers.considered` < 5: left out of rankings.
    pub low_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthorityScores {
    /// 0–100: response_rate (weight 2), on_time_rate, implementation_rate; null parts dropped.
    pub responsiveness_score: Option<f64>,
}

/// `GET /api/v1/authorities/{key}/metrics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuthorityMetrics {
    /// The authority's key.
    pub authority: String,
    /// T in UTC with a `Z` suffix.
    pub as_of: String,
    /// Answer figures over the referrals addressed to the authority from every body.
    pub answers: AnswerFigures,
    /// The responsiveness score, 0–100.
    pub scores: AuthorityScores,
    /// True when `answers.considered` < 5: left out of rankings.
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
    /// The first day asked for, YYYY-MM-DD.
    pub from: String,
    /// The last day asked for, YYYY-MM-DD.
    pub to: String,
    /// The length of each period: `month` or `quarter`.
    pub step: Step,
    /// The figures at the last instant (UTC) of each period overlapping [from, to], oldest first.
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
