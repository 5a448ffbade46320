//! Where seat holders come from (`/mapa/origenes`): their countries of
//! origin across all public councils or in one, and — for one council —
//! the regions it says it serves against the regions its seat holders come
//! from. Country and region are personal attributes: public pages show them
//! only as aggregates, and a country or an unexpected region held by fewer
//! than [`SMALL_COUNT`] seat holders is never shown on its own.
use crate::domain::metrics::composition::{countries_of, Seat, SMALL_COUNT};
use serde::{Deserialize, Serialize};

/// A council, by key and name (the picker, and the one shown).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub key: String,
    pub name: String,
}

/// A country held by at least [`SMALL_COUNT`] seat holders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryRow {
    /// ISO 3166-1 alpha-2, as recorded (the map's outline ids are these in
    /// lower case).
    pub code: String,
    pub seat_holders: u32,
}

/// Seat holders from a region, under the small-number rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Held {
    /// None: an expected region nobody holds — the gap the page points at.
    None,
    /// One or two: held, but too few to say how many.
    Few,
    Count(u32),
}

impl Held {
    fn of(n: u32) -> Held {
        match n {
            0 => Held::None,
            n if n < SMALL_COUNT => Held::Few,
            n => Held::Count(n),
        }
    }
}

/// A region of the council's list, or one its seat holders come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRow {
    pub name: String,
    /// Listed by the council as a region it serves.
    pub expected: bool,
    pub held: Held,
}

/// The council's expected regions against its seat holders' regions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regions {
    /// The expected regions in the council's order, then the regions
    /// seat holders come from that the council does not list (held by at
    /// least [`SMALL_COUNT`]), most held first.
    pub rows: Vec<RegionRow>,
    /// Seat holders from unlisted regions held by fewer than
    /// [`SMALL_COUNT`], together.
    pub other: u32,
    /// Seat holders without a recorded region.
    pub unknown: u32,
}

/// The shades of the map: seat holders from a country `.0` up to `.1`
/// (open last). The first is also every country under the small-number
/// rule, so the map cannot tell one or two people from none.
pub const SHADES: [(u32, Option<u32>); 5] = [
    (0, Some(SMALL_COUNT - 1)),
    (SMALL_COUNT, Some(9)),
    (10, Some(49)),
    (50, Some(199)),
    (200, None),
];

/// The origins map: one council (`council`) or every public one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OriginMap {
    pub as_of: String,
    pub as_of_date: String,
    pub council: Option<Named>,
    /// Every public council, by name: the form's choices.
    pub councils: Vec<Named>,
    /// Seat holders counted (on each council's own date(T)).
    pub seat_holders: u32,
    /// Countries held by at least [`SMALL_COUNT`], most first.
    pub countries: Vec<CountryRow>,
    /// Seat holders from countries held by fewer, together.
    pub countries_other: u32,
    /// Seat holders without a recorded country.
    pub unknown: u32,
    /// One council's regions; `None` for all councils (each lists its own).
    pub regions: Option<Regions>,
    /// The world, server-drawn SVG, and a close-up of Latin America and the
    /// Caribbean that draws the same outlines (`<use>`).
    pub svg: String,
    pub close_up: String,
    pub shades: Vec<(u32, Option<u32>)>,
}

/// The countries of `holders` under the small-number rule:
/// (shown, from other countries together, without a country).
pub fn countries(holders: &[&Seat]) -> (Vec<CountryRow>, u32, u32) {
    let (shown, other) = countries_of(holders);
    let mut unknown = 0;
    let rows = shown
        .into_iter()
        .filter_map(|(code, n)| match code {
            Some(code) => Some(CountryRow {
                code,
                seat_holders: n,
            }),
            None => {
                unknown += n;
                None
            }
        })
        .collect();
    (rows, other, unknown)
}

/// A council's `expected` regions (duplicates once, in its order) against
/// those of its seat holders (exact spelling, as `region_coverage` matches).
pub fn regions(expected: &[String], holders: &[&Seat]) -> Regions {
    let mut out = Regions::default();
    let mut listed: Vec<&str> = Vec::new();
    for r in expected {
        if !listed.contains(&r.as_str()) {
            listed.push(r);
        }
    }
    let count = |r: &str| {
        holders
            .iter()
            .filter(|s| s.region.as_deref() == Some(r))
            .count() as u32
    };
    for r in &listed {
        out.rows.push(RegionRow {
            name: r.to_string(),
            expected: true,
            held: Held::of(count(r)),
        });
    }
    let mut others: std::collections::BTreeMap<&str, u32> = Default::default();
    for s in holders {
        match s.region.as_deref() {
            None => out.unknown += 1,
            Some(r) if listed.contains(&r) => {}
            Some(r) => *others.entry(r).or_default() += 1,
        }
    }
    let mut unlisted: Vec<(&str, u32)> = others.into_iter().collect();
    unlisted.sort_by_key(|(r, n)| (std::cmp::Reverse(*n), *r));
    for (r, n) in unlisted {
        if n >= SMALL_COUNT {
            out.rows.push(RegionRow {
                name: r.to_string(),
                expected: false,
                held: Held::Count(n),
            });
        } else {
            out.other += n;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enums::{Gender, MemberRole, MigrantGroup};

    fn seat(region: Option<&str>, country: Option<&str>) -> Seat {
        Seat {
            role: MemberRole::Representative,
            gender: Gender::Woman,
            group: MigrantGroup::Immigrant,
            region: region.map(str::to_string),
            country: country.map(str::to_string),
            term_start: "2026-01-01".parse().unwrap(),
            term_end: None,
            withdrawn_on: None,
        }
    }

    #[test]
    fn countries_under_three_are_never_shown_alone() {
        let seats = [
            seat(None, Some("HN")),
            seat(None, Some("HN")),
            seat(None, Some("HN")),
            seat(None, Some("HT")),
            seat(None, Some("HT")),
            seat(None, Some("CM")),
            seat(None, None),
        ];
        let holders: Vec<&Seat> = seats.iter().collect();
        let (rows, other, unknown) = countries(&holders);
        assert_eq!(
            rows,
            vec![CountryRow {
                code: "HN".into(),
                seat_holders: 3
            }]
        );
        assert_eq!((other, unknown), (3, 1));
    }

    #[test]
    fn a_missing_region_stands_out_and_few_are_not_counted() {
        let expected = vec![
            "Caribe".to_string(),
            "África".to_string(),
            "Caribe".to_string(),
            "Sudamérica".to_string(),
        ];
        let seats = [
            seat(Some("Caribe"), None),
            seat(Some("Caribe"), None),
            seat(Some("Caribe"), None),
            seat(Some("Sudamérica"), None),
            seat(Some("Chicago"), None),
            seat(Some("Norte"), None),
            seat(Some("Norte"), None),
            seat(Some("Norte"), None),
            seat(None, None),
        ];
        let holders: Vec<&Seat> = seats.iter().collect();
        let r = regions(&expected, &holders);
        let rows: Vec<(&str, bool, Held)> = r
            .rows
            .iter()
            .map(|x| (x.name.as_str(), x.expected, x.held))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("Caribe", true, Held::Count(3)),
                ("África", true, Held::None),
                ("Sudamérica", true, Held::Few),
                ("Norte", false, Held::Count(3)),
            ]
        );
        assert_eq!((r.other, r.unknown), (1, 1));
    }

    #[test]
    fn shades_hide_the_small_numbers() {
        let shade = |n| crate::domain::states::shade_of(&SHADES, n);
        assert_eq!(shade(0), 0);
        assert_eq!(shade(2), 0);
        assert_eq!(shade(3), 1);
        assert_eq!(shade(10), 2);
        assert_eq!(shade(500), 4);
    }
}
