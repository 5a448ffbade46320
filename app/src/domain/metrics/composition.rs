//! metrics.md, "Composition": who holds the seats on a date, and how
//! representative that is. Seat holders only (alternates are counted apart);
//! the date is the body's calendar date.
use super::members::is_active;
use super::scores;
use crate::domain::enums::{Gender, MemberRole, MigrantGroup};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What the formulas need of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seat {
    pub role: MemberRole,
    pub gender: Gender,
    pub group: MigrantGroup,
    pub region: Option<String>,
    pub country: Option<String>,
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl Seat {
    pub fn active_on(&self, d: NaiveDate) -> bool {
        is_active(self.term_start, self.term_end, self.withdrawn_on, d)
    }

    pub fn holds_seat_on(&self, d: NaiveDate) -> bool {
        self.role != MemberRole::Alternate && self.active_on(d)
    }
}

/// What the formulas need of the body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BodyShape {
    pub seats: Option<i32>,
    pub groups_served: Vec<MigrantGroup>,
    pub regions: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GenderCounts {
    /// Seat holders who are women.
    pub woman: u32,
    /// Seat holders who are men.
    pub man: u32,
    /// Seat holders who are non-binary.
    pub non_binary: u32,
    /// Seat holders of another gender.
    pub other: u32,
    /// Seat holders who did not disclose their gender.
    pub undisclosed: u32,
}

/// The composition figures, with metrics.md's field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Composition {
    /// Seat holders on date(T): active members whose role is not `alternate`.
    pub members_active: u32,
    /// Active members with role `alternate` on date(T).
    pub alternates_active: u32,
    /// The body's nominal seat count; null when not set.
    pub seats: Option<i32>,
    /// members_active / seats; may exceed 1; null without seats (or with 0).
    pub seat_fill_rate: Option<f64>,
    /// Seat holders per gender.
    pub gender: GenderCounts,
    /// 1 − |women − men| / (women + men); null when women + men = 0.
    pub gender_balance: Option<f64>,
    /// Groups served with at least one seat holder / groups served; null when none served.
    pub group_coverage: Option<f64>,
    /// Expected regions held by at least one seat holder / expected regions; null if none.
    pub region_coverage: Option<f64>,
    /// Seat holders whose term ends in (date(T), date(T) + 90 days].
    pub terms_expiring_90d: u32,
}

/// What the body page shows beyond the figures: the breakdowns behind them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Breakdown {
    /// Each group served, with its seat holders (zero included).
    pub groups: Vec<(MigrantGroup, u32)>,
    /// Seat holders of groups the body does not list as served.
    pub groups_other: u32,
    pub regions_covered: Vec<String>,
    pub regions_missing: Vec<String>,
    /// Countries of origin held by at least [`SMALL_COUNT`] seat holders,
    /// most frequent first; `None` counts those without a recorded country.
    pub countries: Vec<(Option<String>, u32)>,
    /// Seat holders from countries with fewer than [`SMALL_COUNT`] of them,
    /// counted together: on a public page one or two people from a country
    /// could be recognised.
    pub countries_other: u32,
}

/// The smallest group of seat holders shown by country on public pages.
pub const SMALL_COUNT: u32 = 3;

fn ratio(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n) / f64::from(d))
}

pub fn composition(body: &BodyShape, seats: &[Seat], d: NaiveDate) -> Composition {
    let holders: Vec<&Seat> = seats.iter().filter(|s| s.holds_seat_on(d)).collect();
    let alternates = seats
        .iter()
        .filter(|s| s.role == MemberRole::Alternate && s.active_on(d))
        .count() as u32;
    let mut gender = GenderCounts::default();
    for s in &holders {
        match s.gender {
            Gender::Woman => gender.woman += 1,
            Gender::Man => gender.man += 1,
            Gender::NonBinary => gender.non_binary += 1,
            Gender::Other => gender.other += 1,
            Gender::Undisclosed => gender.undisclosed += 1,
        }
    }
    let wm = gender.woman + gender.man;
    let gender_balance =
        (wm > 0).then(|| 1.0 - f64::from(gender.woman.abs_diff(gender.man)) / f64::from(wm));
    let served: BTreeSet<MigrantGroup> = body.groups_served.iter().copied().collect();
    let covered_groups = served
        .iter()
        .filter(|g| holders.iter().any(|s| s.group == **g))
        .count() as u32;
    let expected: BTreeSet<&str> = body.regions.iter().map(String::as_str).collect();
    let covered_regions = expected
        .iter()
        .filter(|r| holders.iter().any(|s| s.region.as_deref() == Some(**r)))
        .count() as u32;
    let horizon = d + Duration::days(90);
    let members_active = holders.len() as u32;
    let seats_n = body.seats.filter(|n| *n > 0);
    Composition {
        members_active,
        alternates_active: alternates,
        seats: body.seats,
        seat_fill_rate: seats_n.map(|n| f64::from(members_active) / f64::from(n)),
        gender,
        gender_balance,
        group_coverage: ratio(covered_groups, served.len() as u32),
        region_coverage: ratio(covered_regions, expected.len() as u32),
        terms_expiring_90d: holders
            .iter()
            .filter(|s| s.term_end.is_some_and(|e| d < e && e <= horizon))
            .count() as u32,
    }
}

/// metrics.md `representativeness_score`.
pub fn representativeness_score(c: &Composition) -> Option<f64> {
    scores::weighted(&[
        (c.gender_balance, 1.0),
        (c.group_coverage, 1.0),
        (c.region_coverage, 1.0),
        (c.seat_fill_rate.map(|r| r.min(1.0)), 1.0),
    ])
}

pub fn breakdown(body: &BodyShape, seats: &[Seat], d: NaiveDate) -> Breakdown {
    let holders: Vec<&Seat> = seats.iter().filter(|s| s.holds_seat_on(d)).collect();
    let mut served: Vec<MigrantGroup> = Vec::new();
    for g in &body.groups_served {
        if !served.contains(g) {
            served.push(*g);
        }
    }
    let groups = served
        .iter()
        .map(|g| (*g, holders.iter().filter(|s| s.group == *g).count() as u32))
        .collect();
    let groups_other = holders
        .iter()
        .filter(|s| !served.contains(&s.group))
        .count() as u32;
    let mut regions_covered = Vec::new();
    let mut regions_missing = Vec::new();
    let mut seen = BTreeSet::new();
    for r in &body.regions {
        if !seen.insert(r.as_str()) {
            continue;
        }
        if holders
            .iter()
            .any(|s| s.region.as_deref() == Some(r.as_str()))
        {
            regions_covered.push(r.clone());
        } else {
            regions_missing.push(r.clone());
        }
    }
    let (countries, countries_other) = countries_of(&holders);
    Breakdown {
        groups,
        groups_other,
        regions_covered,
        regions_missing,
        countries,
        countries_other,
    }
}

/// Seat holders by country of origin under the small-number rule: the
/// countries held by at least [`SMALL_COUNT`] of them (`None`, those
/// without a recorded country, always shown), most frequent first, unknown
/// last; and how many come from the other countries, together.
pub fn countries_of(holders: &[&Seat]) -> (Vec<(Option<String>, u32)>, u32) {
    let mut by_country: BTreeMap<Option<String>, u32> = BTreeMap::new();
    for s in holders {
        *by_country.entry(s.country.clone()).or_default() += 1;
    }
    let other = by_country
        .iter()
        .filter(|(c, n)| c.is_some() && **n < SMALL_COUNT)
        .map(|(_, n)| n)
        .sum();
    let mut shown: Vec<(Option<String>, u32)> = by_country
        .into_iter()
        .filter(|(c, n)| c.is_none() || *n >= SMALL_COUNT)
        .collect();
    shown.sort_by(|a, b| {
        (a.0.is_none(), std::cmp::Reverse(a.1), &a.0).cmp(&(
            b.0.is_none(),
            std::cmp::Reverse(b.1),
            &b.0,
        ))
    });
    (shown, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn seat(role: MemberRole, gender: Gender, group: MigrantGroup, region: Option<&str>) -> Seat {
        Seat {
            role,
            gender,
            group,
            region: region.map(str::to_string),
            country: None,
            term_start: day("2025-01-01"),
            term_end: None,
            withdrawn_on: None,
        }
    }

    /// A body worked out by hand: 10 seats, 3 groups served (one listed
    /// twice), 3 expected regions.
    fn body() -> BodyShape {
        BodyShape {
            seats: Some(10),
            groups_served: vec![
                MigrantGroup::Immigrant,
                MigrantGroup::Transit,
                MigrantGroup::Refugee,
                MigrantGroup::Transit,
            ],
            regions: vec!["Caribe".into(), "Centroamérica".into(), "Sudamérica".into()],
        }
    }

    #[test]
    fn figures_by_hand() {
        use Gender::*;
        use MemberRole::*;
        use MigrantGroup::*;
        let mut seats = vec![
            seat(Chair, Woman, Immigrant, Some("Caribe")),
            seat(Secretary, Woman, Transit, Some("Centroamérica")),
            seat(Representative, Man, Transit, Some("Caribe")),
            seat(Representative, NonBinary, Returnee, Some("Norteamérica")),
            // Alternates are counted apart and in nothing else.
            seat(Alternate, Man, Refugee, Some("Sudamérica")),
        ];
        // Withdrawn before the date: not active.
        let mut gone = seat(Representative, Man, Refugee, Some("Sudamérica"));
        gone.withdrawn_on = Some(day("2026-03-01"));
        seats.push(gone);
        // Withdrawn on the date itself: not active that day (d < withdrawn_on).
        let mut leaving = seat(Representative, Man, Refugee, None);
        leaving.withdrawn_on = Some(day("2026-06-30"));
        seats.push(leaving);
        // Term ends in 90 days exactly: expiring; in 91: not.
        let mut ending = seat(Representative, Undisclosed, Immigrant, Some("Caribe"));
        ending.term_end = Some(day("2026-09-28"));
        seats.push(ending);
        let mut later = seat(Representative, Gender::Other, Immigrant, None);
        later.term_end = Some(day("2026-09-29"));
        seats.push(later);
        // Ends today: still active, not "expiring" (the window starts after d).
        let mut today = seat(Representative, Woman, Immigrant, None);
        today.term_end = Some(day("2026-06-30"));
        seats.push(today);

        let d = day("2026-06-30");
        let c = composition(&body(), &seats, d);
        assert_eq!(c.members_active, 7);
        assert_eq!(c.alternates_active, 1);
        assert_eq!(c.seats, Some(10));
        assert_eq!(c.seat_fill_rate, Some(0.7));
        assert_eq!(
            c.gender,
            GenderCounts {
                woman: 3,
                man: 1,
                non_binary: 1,
                other: 1,
                undisclosed: 1
            }
        );
        // 1 − |3 − 1| / 4
        assert_eq!(c.gender_balance, Some(0.5));
        // immigrant and transit held, refugee only by the alternate: 2 / 3
        assert_eq!(c.group_coverage, Some(2.0 / 3.0));
        // Caribe and Centroamérica: 2 / 3
        assert_eq!(c.region_coverage, Some(2.0 / 3.0));
        assert_eq!(c.terms_expiring_90d, 1);
        let score = representativeness_score(&c).unwrap();
        assert!((score - 100.0 * (0.5 + 2.0 / 3.0 + 2.0 / 3.0 + 0.7) / 4.0).abs() < 1e-9);

        let b = breakdown(&body(), &seats, d);
        assert_eq!(b.groups, vec![(Immigrant, 4), (Transit, 2), (Refugee, 0)]);
        assert_eq!(b.groups_other, 1);
        assert_eq!(b.regions_missing, vec!["Sudamérica".to_string()]);
        assert_eq!(b.countries, vec![(None, 7)]);
    }

    #[test]
    fn nulls_and_limits() {
        let empty = composition(&BodyShape::default(), &[], day("2026-01-01"));
        assert_eq!(empty.seat_fill_rate, None);
        assert_eq!(empty.gender_balance, None);
        assert_eq!(empty.group_coverage, None);
        assert_eq!(empty.region_coverage, None);
        assert_eq!(representativeness_score(&empty), None);
        // seats = 0 gives null; more holders than seats exceeds 1, the score caps it.
        let body = BodyShape {
            seats: Some(0),
            ..Default::default()
        };
        let one = [seat(
            MemberRole::Representative,
            Gender::Undisclosed,
            MigrantGroup::Other,
            None,
        )];
        assert_eq!(
            composition(&body, &one, day("2026-01-01")).seat_fill_rate,
            None
        );
        let small = BodyShape {
            seats: Some(1),
            ..Default::default()
        };
        let two = [one[0].clone(), one[0].clone()];
        let c = composition(&small, &two, day("2026-01-01"));
        assert_eq!(c.seat_fill_rate, Some(2.0));
        assert_eq!(c.gender_balance, None, "no women or men");
        assert_eq!(representativeness_score(&c), Some(100.0));
        // Before the term starts: nobody.
        assert_eq!(
            composition(&small, &two, day("2024-12-31")).members_active,
            0
        );
    }
}
