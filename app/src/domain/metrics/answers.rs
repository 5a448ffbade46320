//! metrics.md, "Answers": how the authorities answered the referrals of the
//! demands submitted in the window, from each referral's clock at T
//! (`domain::clock`). A `Tally` is fed one referral at a time so the same
//! code serves a body, an authority, each of an authority's bodies and every
//! point of a series.
use super::meetings::median;
use super::scores;
use crate::domain::clock::State;
use crate::domain::enums::{ReferralStatus, Verdict};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Referrals per status at T; all six always listed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    /// Unanswered by T, with no clarification request holding the clock.
    pub awaiting: u32,
    /// Unanswered by T, with the clock paused by an open clarification request.
    pub awaiting_clarification: u32,
    /// Latest answer at or before T is `accepted`.
    pub accepted: u32,
    /// Latest answer at or before T is `partially_accepted`.
    pub partially_accepted: u32,
    /// Latest answer at or before T is `rejected`.
    pub rejected: u32,
    /// Latest answer at or before T is `implemented`.
    pub implemented: u32,
}

impl StatusCounts {
    /// Referrals in an accepting status (accepted, partly or wholly, or
    /// implemented): `implementation_rate`'s denominator.
    pub fn accepting(&self) -> u32 {
        self.accepted + self.partially_accepted + self.implemented
    }

    pub fn get(&self, s: ReferralStatus) -> u32 {
        match s {
            ReferralStatus::Awaiting => self.awaiting,
            ReferralStatus::AwaitingClarification => self.awaiting_clarification,
            ReferralStatus::Accepted => self.accepted,
            ReferralStatus::PartiallyAccepted => self.partially_accepted,
            ReferralStatus::Rejected => self.rejected,
            ReferralStatus::Implemented => self.implemented,
        }
    }

    fn bump(&mut self, s: ReferralStatus) {
        *self.get_mut(s) += 1;
    }

    pub fn get_mut(&mut self, s: ReferralStatus) -> &mut u32 {
        match s {
            ReferralStatus::Awaiting => &mut self.awaiting,
            ReferralStatus::AwaitingClarification => &mut self.awaiting_clarification,
            ReferralStatus::Accepted => &mut self.accepted,
            ReferralStatus::PartiallyAccepted => &mut self.partially_accepted,
            ReferralStatus::Rejected => &mut self.rejected,
            ReferralStatus::Implemented => &mut self.implemented,
        }
    }
}

/// The answer figures, with metrics.md's field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerFigures {
    /// |R|: referrals of the demands submitted in the window (the 365 days up to T).
    pub referrals: u32,
    /// Referrals in R answered by T or due at T.
    pub considered: u32,
    /// Referrals in R answered by T (a substantive answer at or before T).
    pub answered: u32,
    /// answered / considered; null when nothing is considered.
    pub response_rate: Option<f64>,
    /// Referrals in R answered on time / considered; null when nothing is considered.
    pub on_time_rate: Option<f64>,
    /// Median days from submission to first answer, over answered referrals in R; null if none.
    pub median_days_to_answer: Option<f64>,
    /// In R: accepted, partially accepted or implemented at T / answered; null if none answered.
    pub acceptance_rate: Option<f64>,
    /// In R: implemented / accepted, partially accepted or implemented at T; null if none.
    pub implementation_rate: Option<f64>,
    /// In R: implemented with an `unsatisfied` latest verdict by T / implemented; null if none.
    pub contested_rate: Option<f64>,
    /// Referrals of all demands submitted by T (not only the window's) overdue at T.
    pub overdue_open: u32,
    /// Referrals in R per status at T; all six statuses, zeros included.
    pub status_counts: StatusCounts,
}

impl AnswerFigures {
    /// metrics.md's `responsiveness_score`.
    pub fn responsiveness_score(&self) -> Option<f64> {
        scores::weighted(&[
            (self.response_rate, 2.0),
            (self.on_time_rate, 1.0),
            (self.implementation_rate, 1.0),
        ])
    }

    /// Fewer than five considered referrals: left out of rankings.
    pub fn low_sample(&self) -> bool {
        self.considered < 5
    }
}

/// The additive part of the answer figures: counts over referrals, which
/// sum across bodies (the median is not, and comes apart).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub referrals: u32,
    pub considered: u32,
    pub answered: u32,
    pub on_time: u32,
    /// Answered with status accepted, partially accepted or implemented.
    pub accepted_like: u32,
    /// Status implemented with an unsatisfied latest verdict.
    pub contested: u32,
    pub overdue_open: u32,
    pub status_counts: StatusCounts,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.referrals += o.referrals;
        self.considered += o.considered;
        self.answered += o.answered;
        self.on_time += o.on_time;
        self.accepted_like += o.accepted_like;
        self.contested += o.contested;
        self.overdue_open += o.overdue_open;
        for s in crate::domain::clock::STATUSES {
            *self.status_counts.get_mut(s) += o.status_counts.get(s);
        }
    }

    /// The figures, with the median of the days to answer computed apart.
    pub fn figures(self, median_days_to_answer: Option<f64>) -> AnswerFigures {
        let implemented = self.status_counts.implemented;
        let accepted_statuses = self.status_counts.accepting();
        AnswerFigures {
            referrals: self.referrals,
            considered: self.considered,
            answered: self.answered,
            response_rate: ratio(self.answered, self.considered),
            on_time_rate: ratio(self.on_time, self.considered),
            median_days_to_answer,
            acceptance_rate: ratio(self.accepted_like, self.answered),
            implementation_rate: ratio(implemented, accepted_statuses),
            contested_rate: ratio(self.contested, implemented),
            overdue_open: self.overdue_open,
            status_counts: self.status_counts,
        }
    }
}

/// Days from submission to first answer, as the median counts them.
pub fn days_to_answer(submitted_at: DateTime<Utc>, first: DateTime<Utc>) -> f64 {
    millis_to_days((first - submitted_at).num_milliseconds())
}

pub fn millis_to_days(ms: i64) -> f64 {
    ms as f64 / 86_400_000.0
}

/// The median days to answer of answer times in milliseconds (as
/// `referral_facts` keeps them): what `median` gives over their days, the
/// two middle values found without sorting the rest.
pub fn median_days(mut ms: Vec<i64>) -> Option<f64> {
    let n = ms.len();
    if n == 0 {
        return None;
    }
    let (below, upper, _) = ms.select_nth_unstable(n / 2);
    let upper = millis_to_days(*upper);
    Some(if n % 2 == 1 {
        upper
    } else {
        // The lower middle value is the largest of those below.
        let lower = below.iter().copied().max().map_or(upper, millis_to_days);
        (lower + upper) / 2.0
    })
}

/// Accumulates referrals' clocks at T.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    counts: Counts,
    days_to_answer: Vec<f64>,
}

fn ratio(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n) / f64::from(d))
}

impl Tally {
    /// A referral whose demand was submitted in the window (one of R).
    pub fn add_in_window(&mut self, submitted_at: DateTime<Utc>, s: &State) {
        let c = &mut self.counts;
        c.referrals += 1;
        c.status_counts.bump(s.status);
        if let Some(first) = s.first_answer {
            c.answered += 1;
            self.days_to_answer
                .push(days_to_answer(submitted_at, first));
            if s.status.is_accepting() {
                c.accepted_like += 1;
            }
        }
        if s.answered() || s.due {
            c.considered += 1;
        }
        if s.on_time == Some(true) {
            c.on_time += 1;
        }
        if s.status == ReferralStatus::Implemented && s.verdict == Some(Verdict::Unsatisfied) {
            c.contested += 1;
        }
    }

    /// Any referral of a demand submitted at or before T (in the window or
    /// not): counts in `overdue_open` when overdue at T.
    pub fn add_open(&mut self, s: &State) {
        if s.overdue {
            self.counts.overdue_open += 1;
        }
    }

    pub fn finish(self) -> AnswerFigures {
        self.counts.figures(median(self.days_to_answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::clock::Referral;
    use crate::domain::enums::EventKind::{self, *};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn median_days_is_the_median_of_the_days() {
        let day = 86_400_000;
        for ms in [
            vec![],
            vec![3 * day],
            vec![5 * day, day],
            vec![7, 7, 7, 7],
            vec![9 * day, 2 * day, 4 * day, 4 * day, day + 1, 30 * day],
            vec![day / 2, 3 * day, 2 * day, 11 * day, 6 * day],
        ] {
            let days = ms.iter().copied().map(millis_to_days).collect();
            assert_eq!(median_days(ms.clone()), median(days), "{ms:?}");
        }
    }

    fn referral(submitted: &str, base: &str, events: &[(&str, EventKind)]) -> Referral {
        Referral {
            submitted_at: at(submitted),
            base_deadline: at(base),
            events: events.iter().map(|(t, k)| (at(t), *k)).collect(),
            verdicts: vec![],
        }
    }

    #[test]
    fn empty_tally_has_null_rates_and_all_statuses() {
        let f = Tally::default().finish();
        assert_eq!(f.referrals, 0);
        assert_eq!(f.response_rate, None);
        assert_eq!(f.on_time_rate, None);
        assert_eq!(f.median_days_to_answer, None);
        assert_eq!(f.acceptance_rate, None);
        assert_eq!(f.implementation_rate, None);
        assert_eq!(f.contested_rate, None);
        assert!(f.low_sample());
        assert_eq!(f.responsiveness_score(), None);
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["status_counts"].as_object().unwrap().len(), 6);
        assert!(json["response_rate"].is_null());
    }

    #[test]
    fn hand_computed_figures() {
        let t = at("2026-03-01T00:00:00Z");
        let rs = [
            // Answered on time (day 10 of 30), then implemented: contested.
            referral(
                "2026-01-01T00:00:00Z",
                "2026-01-31T00:00:00Z",
                &[
                    ("2026-01-11T00:00:00Z", Accepted),
                    ("2026-02-01T00:00:00Z", Implemented),
                ],
            ),
            // Answered late (day 40), rejected.
            referral(
                "2026-01-01T00:00:00Z",
                "2026-01-31T00:00:00Z",
                &[("2026-02-10T00:00:00Z", Rejected)],
            ),
            // Overdue.
            referral("2026-01-01T00:00:00Z", "2026-01-31T00:00:00Z", &[]),
            // Not yet due: not considered.
            referral("2026-02-20T00:00:00Z", "2026-03-22T00:00:00Z", &[]),
            // Paused: neither due nor overdue, awaiting clarification.
            referral(
                "2026-01-01T00:00:00Z",
                "2026-01-31T00:00:00Z",
                &[("2026-01-05T00:00:00Z", ClarificationRequested)],
            ),
        ];
        let mut tally = Tally::default();
        for (i, r) in rs.iter().enumerate() {
            let mut s = r.at(t);
            if i == 0 {
                s.verdict = Some(Verdict::Unsatisfied);
            }
            tally.add_in_window(r.submitted_at, &s);
            tally.add_open(&s);
        }
        let f = tally.finish();
        assert_eq!(f.referrals, 5);
        assert_eq!(f.considered, 3);
        assert_eq!(f.answered, 2);
        assert_eq!(f.response_rate, Some(2.0 / 3.0));
        assert_eq!(f.on_time_rate, Some(1.0 / 3.0));
        // Medians of an even count: mean of 10 and 40 days.
        assert_eq!(f.median_days_to_answer, Some(25.0));
        assert_eq!(f.acceptance_rate, Some(0.5));
        assert_eq!(f.implementation_rate, Some(1.0));
        assert_eq!(f.contested_rate, Some(1.0));
        assert_eq!(f.overdue_open, 1);
        assert_eq!(
            f.status_counts,
            StatusCounts {
                awaiting: 2,
                awaiting_clarification: 1,
                accepted: 0,
                partially_accepted: 0,
                rejected: 1,
                implemented: 1,
            }
        );
        // 100 × (2 × 2/3 + 1/3 + 1) / 4
        let score = f.responsiveness_score().unwrap();
        assert!((score - 100.0 * (2.0 * 2.0 / 3.0 + 1.0 / 3.0 + 1.0) / 4.0).abs() < 1e-9);
        assert!(f.low_sample());
    }
}
