//! Mexico's 32 states, by the ids of the map's outlines
//! (npm `@svg-maps/mexico`), and which state a council's jurisdiction
//! names. The dataset's `jurisdiction` is free text ("Tijuana, Baja
//! California"), so a council is placed by the state's name in it.
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

/// Other ways a state is written, checked before the names.
const ALSO: [(&str, &str); 6] = [
    ("cdmx", "cmx"),
    ("distrito federal", "cmx"),
    ("edomex", "mex"),
    ("estado de mexico", "mex"),
    ("coahuila de zaragoza", "coa"),
    ("veracruz de ignacio de la llave", "ver"),
];

/// Lower case, accents dropped, anything but letters a space.
fn plain(s: &str) -> String {
    let folded: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' => 'a',
            'é' | 'è' | 'ë' => 'e',
            'í' | 'ì' | 'ï' => 'i',
            'ó' | 'ò' | 'ö' => 'o',
            'ú' | 'ù' | 'ü' => 'u',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    format!(
        " {} ",
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    )
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

#[cfg(test)]
mod tests {
    use super::*;

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
