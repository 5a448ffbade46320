//! Mexico's 32 states, by the ids of the map's outlines
//! (npm `@svg-maps/mexico`), and what the map of the councils shows. Which
//! state a council's free-text jurisdiction names is the server's
//! (`services::maps::state_of`, with the search's accent folding).
use serde::{Deserialize, Serialize};

/// (outline id, name), by name.
pub const STATES: [(&str, &str); 32] = [
    ("agu", "Aguascalientes"),
    ("bcn", "Baja California"),
    ("bcs", "Baja California Sur"),
    ("cam", "Campeche"),
    ("chp", "Chiapas"),
    ("chh", "Chihuahua"),
    ("cmx", "Ciudad de México"),
    ("coa", "Coahuila"),
    ("col", "Colima"),
    ("dur", "Durango"),
    ("mex", "Estado de México"),
    ("gua", "Guanajuato"),
    ("gro", "Guerrero"),
    ("hid", "Hidalgo"),
    ("jal", "Jalisco"),
    ("mic", "Michoacán"),
    ("mor", "Morelos"),
    ("nay", "Nayarit"),
    ("nle", "Nuevo León"),
    ("oax", "Oaxaca"),
    ("pue", "Puebla"),
    ("que", "Querétaro"),
    ("roo", "Quintana Roo"),
    ("slp", "San Luis Potosí"),
    ("sin", "Sinaloa"),
    ("son", "Sonora"),
    ("tab", "Tabasco"),
    ("tam", "Tamaulipas"),
    ("tla", "Tlaxcala"),
    ("ver", "Veracruz"),
    ("yuc", "Yucatán"),
    ("zac", "Zacatecas"),
];

/// The shade of `n` on a map whose legend is `shades` ((from, to) of each
/// shade, by `from`, the last open): the last shade `n` reaches.
pub fn shade_of(shades: &[(u32, Option<u32>)], n: u32) -> usize {
    shades.iter().rposition(|(from, _)| n >= *from).unwrap_or(0)
}

/// A state's name by its outline id.
pub fn state_name(id: &str) -> Option<&'static str> {
    STATES.iter().find(|(i, _)| *i == id).map(|(_, n)| *n)
}

/// One state on the map: its public councils and their seat holders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateRow {
    pub id: String,
    pub name: String,
    /// Councils of the state's own level, and municipal ones in it.
    pub state_councils: u32,
    pub municipal_councils: u32,
    /// Seat holders of those councils at T.
    pub seat_holders: u32,
}

/// A council that is not on a state: national, consular (abroad), or one
/// whose jurisdiction names no state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmapped {
    pub key: String,
    pub name: String,
    pub seat_holders: u32,
}

/// Where the councils are (`/mapa`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncilMap {
    pub as_of: String,
    pub as_of_date: String,
    /// The map, server-drawn SVG (its numbers are in `states`).
    pub svg: String,
    /// The legend: (from, to) councils of each shade, the last open.
    pub shades: Vec<(u32, Option<u32>)>,
    /// Every state, by name.
    pub states: Vec<StateRow>,
    pub national: Vec<Unmapped>,
    pub consular: Vec<Unmapped>,
    pub unplaced: Vec<Unmapped>,
}
