//! Where the councils are (`/mapa`) and a council's place on the map:
//! Mexico's states drawn from the outlines of npm `@svg-maps/mexico`
//! (CC BY 4.0, compiled in by `app/build.rs`), each shaded by how many
//! public councils are in it; the numbers are those of the overview (its
//! seat holders per council at T), so the map and the home page agree.
use super::search::analyzer::{fold, words};
use crate::components::charts::escape_xml as escape;
use crate::domain::metrics::dashboards::Overview;
use crate::domain::states::{shade_of, state_name, CouncilMap, StateRow, Unmapped, STATES};
use entity::body;
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::LazyLock;

/// Other ways a state is written, checked before the names.
const ALSO: [(&str, &str); 6] = [
    ("cdmx", "cmx"),
    ("distrito federal", "cmx"),
    ("edomex", "mex"),
    ("estado de mexico", "mex"),
    ("coahuila de zaragoza", "coa"),
    ("veracruz de ignacio de la llave", "ver"),
];

/// Lower case, accents dropped (the search's folding), words between
/// single spaces and a space at each end, so that names match whole words.
fn plain(s: &str) -> String {
    let words: Vec<String> = words(s).map(fold).collect();
    format!(" {} ", words.join(" "))
}

/// The state a jurisdiction names (its outline id), the longest name
/// found winning ("Baja California Sur" over "Baja California"); `None`
/// when it names none. "México" alone names no state: it is the country.
pub fn state_of(jurisdiction: &str) -> Option<&'static str> {
    let j = plain(jurisdiction);
    if let Some((_, id)) = ALSO.iter().find(|(a, _)| j.contains(&format!(" {a} "))) {
        return Some(id);
    }
    STATES
        .iter()
        .filter(|(id, name)| *id != "mex" && j.contains(&plain(name)))
        .max_by_key(|(_, name)| name.len())
        .map(|(id, _)| *id)
}

#[derive(Deserialize)]
struct Outlines {
    #[serde(rename = "viewBox")]
    view_box: String,
    locations: Vec<Outline>,
}

#[derive(Deserialize)]
struct Outline {
    id: String,
    path: String,
}

static MEXICO: LazyLock<Outlines> = LazyLock::new(|| {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/mexico.json"))).unwrap_or(
        Outlines {
            view_box: "0 0 793 498".into(),
            locations: Vec::new(),
        },
    )
});

/// The shades: councils in a state from `.0` up to `.1` (open last).
pub const SHADES: [(u32, Option<u32>); 5] = [
    (0, Some(0)),
    (1, Some(1)),
    (2, Some(3)),
    (4, Some(9)),
    (10, None),
];

/// The outlines' SVG paths: each of class `class_of(id)` (a shade,
/// `map-shade-{k}`, or `map-here`), with its title.
fn paths(
    outlines: &[Outline],
    class_of: impl Fn(&str) -> String,
    title_of: impl Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    for l in outlines {
        let _ = write!(
            out,
            "<path d=\"{}\" class=\"{}\"><title>{}</title></path>",
            escape(&l.path),
            class_of(&l.id),
            escape(&title_of(&l.id))
        );
    }
    out
}

/// An SVG of `view_box` holding `inner`; decorative to assistive
/// technology, which reads the table beside it instead.
fn svg_of(view_box: &str, class: &str, inner: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{}\" class=\"map-svg {class}\" aria-hidden=\"true\" focusable=\"false\">{inner}</svg>",
        escape(view_box)
    )
}

/// The map of Mexico's states.
fn svg(class_of: impl Fn(&str) -> String, title_of: impl Fn(&str) -> String) -> String {
    let m = &*MEXICO;
    svg_of(&m.view_box, "", &paths(&m.locations, class_of, title_of))
}

#[derive(Deserialize)]
struct World {
    #[serde(rename = "viewBox")]
    view_box: String,
    /// Latin America and the Caribbean (`app/build/outlines.rs`).
    #[serde(rename = "closeUp")]
    close_up: String,
    locations: Vec<Outline>,
}

/// The world's countries, simplified at build time by `app/build/outlines.rs`.
static WORLD: LazyLock<World> = LazyLock::new(|| {
    serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/world.json"))).unwrap_or(World {
        view_box: "0 0 1010 655".into(),
        close_up: "138 358 248 301".into(),
        locations: Vec::new(),
    })
});

/// The world map (outline ids: ISO 3166-1 alpha-2 in lower case) and its
/// close-up, which draws the same outlines by reference (`<use>`), so the
/// page carries them once.
pub fn world(
    class_of: impl Fn(&str) -> String,
    title_of: impl Fn(&str) -> String,
) -> (String, String) {
    let w = &*WORLD;
    let outlines = format!(
        "<g id=\"world-outlines\">{}</g>",
        paths(&w.locations, class_of, title_of)
    );
    (
        svg_of(&w.view_box, "world-svg", &outlines),
        svg_of(
            &w.close_up,
            "close-up-svg",
            "<use href=\"#world-outlines\"/>",
        ),
    )
}

/// The map of where the public `bodies` are, with the overview's seat
/// holders per council (`o.by_body`).
pub fn council_map(o: &Overview, bodies: &[body::Model]) -> CouncilMap {
    let seats: HashMap<&str, u32> = o
        .by_body
        .iter()
        .map(|b| (b.key.as_str(), b.members_active))
        .collect();
    let mut rows: HashMap<&'static str, StateRow> = STATES
        .iter()
        .map(|(id, name)| {
            (
                *id,
                StateRow {
                    id: id.to_string(),
                    name: name.to_string(),
                    state_councils: 0,
                    municipal_councils: 0,
                    seat_holders: 0,
                },
            )
        })
        .collect();
    let (mut national, mut consular, mut unplaced) = (Vec::new(), Vec::new(), Vec::new());
    for b in bodies.iter().filter(|b| b.public) {
        let seat_holders = seats.get(b.key.as_str()).copied().unwrap_or(0);
        let one = Unmapped {
            key: b.key.clone(),
            name: b.name.clone(),
            seat_holders,
        };
        match (b.level.as_str(), state_of(&b.jurisdiction)) {
            ("national" | "transnational", _) => national.push(one),
            ("consular", _) => consular.push(one),
            (level, Some(id)) => {
                if let Some(r) = rows.get_mut(id) {
                    if level == "state" {
                        r.state_councils += 1;
                    } else {
                        r.municipal_councils += 1;
                    }
                    r.seat_holders += seat_holders;
                }
            }
            (_, None) => unplaced.push(one),
        }
    }
    for list in [&mut national, &mut consular, &mut unplaced] {
        list.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let svg = svg(
        |id| {
            let n = rows
                .get(id)
                .map_or(0, |r| r.state_councils + r.municipal_councils);
            format!("map-shade-{}", shade_of(&SHADES, n))
        },
        |id| {
            rows.get(id).map_or_else(String::new, |r| {
                format!("{}: {}", r.name, r.state_councils + r.municipal_councils)
            })
        },
    );
    let mut states: Vec<StateRow> = rows.into_values().collect();
    states.sort_by(|a, b| a.name.cmp(&b.name));
    CouncilMap {
        as_of: o.as_of.clone(),
        as_of_date: o.as_of_date.clone(),
        svg,
        shades: SHADES.to_vec(),
        states,
        national,
        consular,
        unplaced,
    }
}

/// A council's place: its state's name and the map with it marked;
/// `None` for a national or consular council, or a jurisdiction that
/// names no state.
pub fn place(level: &str, jurisdiction: &str) -> Option<(String, String)> {
    if matches!(level, "national" | "transnational" | "consular") {
        return None;
    }
    let here = state_of(jurisdiction)?;
    let svg = svg(
        |id| {
            if id == here {
                "map-here".into()
            } else {
                "map-shade-0".into()
            }
        },
        |id| state_name(id).unwrap_or_default().to_string(),
    );
    Some((state_name(here)?.to_string(), svg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outlines_are_every_state() {
        let ids: Vec<&str> = MEXICO.locations.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids.len(), 32);
        for (id, _) in STATES {
            assert!(ids.contains(&id), "{id}");
        }
    }

    #[test]
    fn the_world_is_every_country_but_antarctica() {
        let ids: Vec<&str> = WORLD.locations.iter().map(|l| l.id.as_str()).collect();
        assert!(ids.len() > 240, "{}", ids.len());
        for id in ["mx", "us", "hn", "ht", "ve", "cm", "cn", "sv"] {
            assert!(ids.contains(&id), "{id}");
        }
        assert!(!ids.contains(&"aq"));
        let size: usize = WORLD.locations.iter().map(|l| l.path.len()).sum();
        assert!(size < 120_000, "the outlines are {size} bytes");
    }

    #[test]
    fn shades_cover_every_count() {
        let shade = |n| shade_of(&SHADES, n);
        assert_eq!(shade(0), 0);
        assert_eq!(shade(1), 1);
        assert_eq!(shade(3), 2);
        assert_eq!(shade(4), 3);
        assert_eq!(shade(40), 4);
    }

    #[test]
    fn jurisdictions_name_their_state() {
        assert_eq!(state_of("Tijuana, Baja California"), Some("bcn"));
        assert_eq!(state_of("La Paz, Baja California Sur"), Some("bcs"));
        assert_eq!(state_of("Ciudad de México"), Some("cmx"));
        assert_eq!(state_of("CDMX"), Some("cmx"));
        assert_eq!(state_of("Estado de México"), Some("mex"));
        assert_eq!(state_of("Municipio 40 de Estado de México"), Some("mex"));
        assert_eq!(state_of("Chiapas"), Some("chp"));
        assert_eq!(state_of("Mérida, YUCATAN"), Some("yuc"));
        assert_eq!(state_of("Nuevo Leon"), Some("nle"));
        assert_eq!(state_of("Estados Unidos Mexicanos"), None);
        assert_eq!(
            state_of("Circunscripción del Consulado General de México en Chicago"),
            None
        );
        for (id, name) in STATES {
            assert_eq!(state_of(name), Some(id), "{name}");
            assert_eq!(state_name(id), Some(name));
        }
    }
}
