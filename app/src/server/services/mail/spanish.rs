//! Articles before the names of institutions, as Spanish writes them: "pide
//! al Consejo Municipal de Tijuana", "respondió la Comisión Mexicana…",
//! "del Instituto…". A name's gender is read from its first word (the
//! institution's kind); a name that already starts with an article, or is
//! an acronym, is left as it is.

/// The feminine institution words seen in Mexican public administration.
const FEMININE: &[&str] = &[
    "comisión",
    "secretaría",
    "procuraduría",
    "fiscalía",
    "coordinación",
    "dirección",
    "oficina",
    "embajada",
    "junta",
    "mesa",
    "red",
    "subsecretaría",
    "unidad",
    "delegación",
    "defensoría",
    "agencia",
    "asamblea",
    "alcaldía",
    "presidencia",
    "cámara",
    "casa",
    "organización",
    "asociación",
];

fn first_word(name: &str) -> String {
    name.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_lowercase()
}

/// Whether the name takes no article: an acronym ("INM"), or it has one.
fn bare(name: &str) -> bool {
    let w = first_word(name);
    matches!(w.as_str(), "el" | "la" | "los" | "las")
        || name.split_whitespace().next().is_some_and(|w| {
            w.len() > 1 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        })
}

fn feminine(name: &str) -> bool {
    let w = first_word(name);
    FEMININE.contains(&w.as_str())
        || w.ends_with("ción")
        || w.ends_with("sión")
        || w.ends_with("dad")
        || (w.ends_with('a') && !w.ends_with("ma"))
}

/// "el Consejo …" / "la Comisión …" (lower case, inside a sentence).
pub fn the(name: &str) -> String {
    if bare(name) {
        return name.to_string();
    }
    format!("{} {name}", if feminine(name) { "la" } else { "el" })
}

/// "El Consejo …" / "La Comisión …" (starting a sentence).
pub fn the_capital(name: &str) -> String {
    let s = the(name);
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => s,
    }
}

/// "al Consejo …" / "a la Comisión …".
pub fn to(name: &str) -> String {
    match the(name) {
        s if s.starts_with("el ") => format!("al {}", &s[3..]),
        s => format!("a {s}"),
    }
}

/// "del Consejo …" / "de la Comisión …".
pub fn of(name: &str) -> String {
    match the(name) {
        s if s.starts_with("el ") => format!("del {}", &s[3..]),
        s => format!("de {s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_follow_the_institution() {
        assert_eq!(
            to("Consejo Municipal de Tijuana"),
            "al Consejo Municipal de Tijuana"
        );
        assert_eq!(
            the_capital("Comisión Mexicana de Ayuda a Refugiados"),
            "La Comisión Mexicana de Ayuda a Refugiados"
        );
        assert_eq!(
            of("Instituto Nacional de Migración"),
            "del Instituto Nacional de Migración"
        );
        assert_eq!(
            to("Secretaría de Relaciones Exteriores"),
            "a la Secretaría de Relaciones Exteriores"
        );
        assert_eq!(of("Sistema DIF"), "del Sistema DIF");
        assert_eq!(to("INM"), "a INM");
        assert_eq!(the("La Casa del Migrante"), "La Casa del Migrante");
        assert_eq!(
            the("Consulado de México en Houston"),
            "el Consulado de México en Houston"
        );
    }
}
