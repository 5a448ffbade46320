//! `server generate`: a synthetic, valid `voces-dataset/1` document of a
//! chosen size, for load tests and benchmarks. Deterministic: the same
//! `Spec` gives the same document (ChaCha8, whose stream is portable).
//!
//! The distributions aim at what a national deployment looks like rather
//! than at uniform noise: a few large bodies and many small ones (sizes
//! fall off as a power of their rank), one dominant federal authority (the
//! migration institute gets about 30% of referrals), answer delays spread
//! around a month with a long tail, a share never answered, clarification
//! rounds, implementations after acceptance, verdicts, members who leave
//! early, cancelled meetings and attendance of every kind.
use app::domain::enums::Topic;
use app::server::services::dataset::format::{
    Assessment, Authority, Body, Demand, Document, Event, Meeting, Member, Referral,
};
use app::server::services::dataset::FORMAT;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub bodies: usize,
    pub referrals: usize,
    pub seed: u64,
}

impl Spec {
    /// About 3,300 referrals per body, the national proportion.
    pub fn for_referrals(referrals: usize) -> Self {
        Spec {
            bodies: referrals.div_ceil(3_300).clamp(1, 300),
            referrals,
            seed: 1,
        }
    }
}

/// The history spans these six years; nothing happens after `END`.
fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 1, 4, 16, 0, 0)
        .single()
        .unwrap_or_default()
}
fn end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 30, 23, 0, 0)
        .single()
        .unwrap_or_default()
}

const ANSWERS: [(&str, f64); 4] = [
    ("accepted", 0.34),
    ("partially_accepted", 0.26),
    ("rejected", 0.30),
    ("implemented", 0.10),
];
const VERDICTS: [(&str, f64); 3] = [
    ("satisfied", 0.35),
    ("partially_satisfied", 0.35),
    ("unsatisfied", 0.30),
];
const ATTENDANCE: [(&str, f64); 4] = [
    ("present", 0.64),
    ("remote", 0.16),
    ("excused", 0.08),
    ("absent", 0.12),
];
/// Topics weighted as councils' agendas run: documents, asylum and
/// detention first.
const TOPIC_WEIGHTS: [f64; 14] = [
    0.20, 0.12, 0.10, 0.08, 0.08, 0.06, 0.05, 0.08, 0.06, 0.06, 0.04, 0.03, 0.02, 0.02,
];
const STATES: [&str; 32] = [
    "Aguascalientes",
    "Baja California",
    "Baja California Sur",
    "Campeche",
    "Chiapas",
    "Chihuahua",
    "Ciudad de México",
    "Coahuila",
    "Colima",
    "Durango",
    "Estado de México",
    "Guanajuato",
    "Guerrero",
    "Hidalgo",
    "Jalisco",
    "Michoacán",
    "Morelos",
    "Nayarit",
    "Nuevo León",
    "Oaxaca",
    "Puebla",
    "Querétaro",
    "Quintana Roo",
    "San Luis Potosí",
    "Sinaloa",
    "Sonora",
    "Tabasco",
    "Tamaulipas",
    "Tlaxcala",
    "Veracruz",
    "Yucatán",
    "Zacatecas",
];
const CITIES: [&str; 12] = [
    "Los Ángeles",
    "Chicago",
    "Houston",
    "Dallas",
    "Nueva York",
    "Phoenix",
    "San Antonio",
    "Atlanta",
    "Denver",
    "Madrid",
    "Montreal",
    "Guatemala",
];
const REGIONS: [&str; 5] = [
    "Centroamérica",
    "Caribe",
    "Sudamérica",
    "Norteamérica",
    "África",
];
const COUNTRIES: [&str; 10] = ["HN", "GT", "SV", "HT", "VE", "CU", "NI", "CO", "US", "MX"];
const GIVEN: [&str; 16] = [
    "Ana", "Luis", "María", "José", "Rosa", "Carlos", "Lucía", "Jorge", "Elena", "Pedro", "Marta",
    "Samuel", "Inés", "Wilson", "Yesenia", "Esther",
];
const FAMILY: [&str; 16] = [
    "López",
    "Hernández",
    "García",
    "Martínez",
    "Ramírez",
    "Flores",
    "Castillo",
    "Reyes",
    "Pierre",
    "Mejía",
    "Orellana",
    "Cruz",
    "Morales",
    "Joseph",
    "Díaz",
    "Vásquez",
];

/// Picks an index with the given weights (they need not sum to 1).
fn pick(rng: &mut ChaCha8Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

fn pick_str<'a>(rng: &mut ChaCha8Rng, table: &[(&'a str, f64)]) -> &'a str {
    let weights: Vec<f64> = table.iter().map(|(_, w)| *w).collect();
    table[pick(rng, &weights)].0
}

/// A log-normal number of days: `median` with spread `sigma`.
fn lognormal_days(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    // Box–Muller.
    let u1: f64 = rng.random::<f64>().max(f64::MIN_POSITIVE);
    let u2: f64 = rng.random();
    let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
    median * (sigma * z).exp()
}

fn days(d: f64) -> Duration {
    Duration::seconds((d * 86_400.0) as i64)
}

fn date(t: DateTime<Utc>) -> String {
    t.date_naive().to_string()
}

/// The authorities: the federal ones first (the migration institute
/// dominant), then the 32 state governments and a few consulates.
fn authorities() -> (Vec<Authority>, Vec<f64>) {
    let federal: [(&str, &str, &str, i64, &str, f64); 8] = [
        (
            "inm",
            "Instituto Nacional de Migración",
            "INM",
            30,
            "calendar",
            30.0,
        ),
        (
            "comar",
            "Comisión Mexicana de Ayuda a Refugiados",
            "COMAR",
            20,
            "business",
            12.0,
        ),
        (
            "sre",
            "Secretaría de Relaciones Exteriores",
            "SRE",
            30,
            "calendar",
            8.0,
        ),
        (
            "renapo",
            "Registro Nacional de Población",
            "RENAPO",
            15,
            "business",
            6.0,
        ),
        (
            "imss",
            "Instituto Mexicano del Seguro Social",
            "IMSS",
            20,
            "business",
            4.0,
        ),
        (
            "sep",
            "Secretaría de Educación Pública",
            "SEP",
            30,
            "calendar",
            4.0,
        ),
        (
            "stps",
            "Secretaría del Trabajo y Previsión Social",
            "STPS",
            20,
            "business",
            3.0,
        ),
        (
            "cndh",
            "Comisión Nacional de los Derechos Humanos",
            "CNDH",
            15,
            "business",
            3.0,
        ),
    ];
    let holidays: Vec<String> = (2021..=2027)
        .flat_map(|y| {
            [
                format!("{y}-01-01"),
                format!("{y}-05-01"),
                format!("{y}-09-16"),
                format!("{y}-12-25"),
            ]
        })
        .collect();
    let mut out = Vec::new();
    let mut weights = Vec::new();
    for (key, name, acronym, response_days, day_kind, w) in federal {
        out.push(Authority {
            key: key.into(),
            name: name.into(),
            acronym: Some(acronym.into()),
            level: "federal".into(),
            response_days,
            day_kind: day_kind.into(),
            holidays: if day_kind == "business" {
                holidays.clone()
            } else {
                vec![]
            },
            email: Some(format!("enlace@{key}.example.org")),
            ..Default::default()
        });
        weights.push(w);
    }
    for (i, state) in STATES.iter().enumerate() {
        out.push(Authority {
            key: format!("gob-{:02}", i + 1),
            name: format!("Gobierno del Estado de {state}"),
            level: "state".into(),
            response_days: 20 + (i as i64 % 3) * 5,
            day_kind: "business".into(),
            holidays: holidays.clone(),
            ..Default::default()
        });
        weights.push(0.6);
    }
    for (i, city) in CITIES.iter().enumerate() {
        out.push(Authority {
            key: format!("consulado-{:02}", i + 1),
            name: format!("Consulado de México en {city}"),
            level: "consular".into(),
            response_days: 30,
            day_kind: "calendar".into(),
            ..Default::default()
        });
        weights.push(0.5);
    }
    (out, weights)
}

/// Referrals per body: a power law of its rank, summing to `total`.
fn body_sizes(bodies: usize, total: usize) -> Vec<usize> {
    let weights: Vec<f64> = (0..bodies)
        .map(|i| 1.0 / (i as f64 + 2.0).powf(0.7))
        .collect();
    let sum: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| (total as f64 * w / sum).floor() as usize)
        .collect();
    let mut left = total - sizes.iter().sum::<usize>();
    let mut i = 0;
    while left > 0 {
        sizes[i % bodies] += 1;
        left -= 1;
        i += 1;
    }
    sizes
}

/// A whole document for `spec`.
pub fn document(spec: Spec) -> Document {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let (authorities, weights) = authorities();
    let bodies = spec.bodies.max(1);
    let sizes = body_sizes(bodies, spec.referrals);
    let bodies = sizes
        .iter()
        .enumerate()
        .map(|(b, &size)| body(&mut rng, b, size, &authorities, &weights))
        .collect();
    Document {
        format: Some(FORMAT.into()),
        authorities,
        bodies,
        extra: Default::default(),
    }
}

/// Writes the same document as `document`, byte for byte as
/// `serde_json::to_writer` writes that one, a body at a time: ten million
/// referrals are about 5 GB of JSON, and the whole document in memory took
/// 1.6 GB at one million.
pub fn write(spec: Spec, out: impl std::io::Write) -> serde_json::Result<()> {
    let (authorities, weights) = authorities();
    let streamed = Streamed {
        authorities: &authorities,
        bodies: Bodies {
            rng: RefCell::new(ChaCha8Rng::seed_from_u64(spec.seed)),
            sizes: body_sizes(spec.bodies.max(1), spec.referrals),
            authorities: &authorities,
            weights: &weights,
        },
    };
    serde_json::to_writer(out, &streamed)
}

/// The document's top level, its bodies made as they are written.
struct Streamed<'a> {
    authorities: &'a [Authority],
    bodies: Bodies<'a>,
}

struct Bodies<'a> {
    // `Serialize` borrows: the one generator is advanced through a cell.
    rng: RefCell<ChaCha8Rng>,
    sizes: Vec<usize>,
    authorities: &'a [Authority],
    weights: &'a [f64],
}

impl serde::Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("format", &Some(FORMAT))?;
        map.serialize_entry("authorities", self.authorities)?;
        map.serialize_entry("bodies", &self.bodies)?;
        map.end()
    }
}

impl serde::Serialize for Bodies<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.sizes.len()))?;
        for (b, &size) in self.sizes.iter().enumerate() {
            let body = body(
                &mut self.rng.borrow_mut(),
                b,
                size,
                self.authorities,
                self.weights,
            );
            seq.serialize_element(&body)?;
        }
        seq.end()
    }
}

/// Where body `b` sits, its level and its time zone.
fn place(b: usize) -> (String, &'static str, &'static str) {
    match b {
        0 => ("Nacional".into(), "national", "America/Mexico_City"),
        _ if b % 10 == 9 => (
            CITIES[(b / 10) % CITIES.len()].to_string(),
            "consular",
            ["America/Los_Angeles", "America/Chicago", "America/New_York"][b % 3],
        ),
        _ if b <= 32 => (STATES[b - 1].to_string(), "state", "America/Mexico_City"),
        _ => (
            format!("Municipio {} de {}", b, STATES[b % STATES.len()]),
            "municipal",
            [
                "America/Mexico_City",
                "America/Tijuana",
                "America/Monterrey",
                "America/Cancun",
                "America/Hermosillo",
            ][b % 5],
        ),
    }
}

fn body(
    rng: &mut ChaCha8Rng,
    b: usize,
    referrals: usize,
    authorities: &[Authority],
    weights: &[f64],
) -> Body {
    let (jurisdiction, level, timezone) = place(b);
    // Bodies were founded over the first two years.
    let founded = start() + Duration::days(rng.random_range(0..730));
    let members = members(rng, b, founded);
    let per_year = [4, 6, 6, 12][rng.random_range(0..4)];
    let meetings = meetings(rng, founded, per_year, &members);
    let demands = demands(
        rng,
        founded,
        referrals,
        &members,
        &meetings,
        authorities,
        weights,
    );
    Body {
        key: format!("consejo-{b:03}"),
        name: format!("Consejo Consultivo de Personas Migrantes — {jurisdiction}"),
        level: level.into(),
        jurisdiction,
        timezone: timezone.into(),
        groups_served: ["immigrant", "transit", "returnee", "refugee", "emigrant"][..2 + b % 4]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        regions: REGIONS[..1 + b % 4].iter().map(|s| s.to_string()).collect(),
        seats: Some(
            members.iter().filter(|m| m.role != "alternate").count() as i64 + (b % 3) as i64,
        ),
        meetings_per_year: Some(per_year),
        quorum_percent: Some(50),
        response_days: (b % 7 == 3).then_some(45),
        public: true,
        members,
        meetings,
        demands,
        ..Default::default()
    }
}

fn members(rng: &mut ChaCha8Rng, b: usize, founded: DateTime<Utc>) -> Vec<Member> {
    let count = rng.random_range(9..=25);
    (0..count)
        .map(|m| {
            // Terms of three years; a second cohort joins half-way.
            let term_start = founded + Duration::days(if m % 4 == 3 { 540 } else { 0 });
            let term_end = term_start + Duration::days(3 * 365);
            let withdrawn = (rng.random::<f64>() < 0.1)
                .then(|| date(term_start + Duration::days(rng.random_range(60..900))));
            let region = REGIONS[rng.random_range(0..REGIONS.len())];
            Member {
                key: format!("m{m:02}"),
                name: format!(
                    "{} {} {}",
                    GIVEN[rng.random_range(0..GIVEN.len())],
                    FAMILY[rng.random_range(0..FAMILY.len())],
                    FAMILY[(b + m) % FAMILY.len()]
                ),
                email: (m % 2 == 0).then(|| format!("m{m}.c{b}@example.org")),
                public: rng.random::<f64>() < 0.8,
                role: match m {
                    0 => "chair",
                    1 => "secretary",
                    _ if m % 5 == 4 => "alternate",
                    _ => "representative",
                }
                .into(),
                gender: ["woman", "man", "woman", "man", "non_binary", "undisclosed"]
                    [pick(rng, &[0.26, 0.22, 0.2, 0.22, 0.05, 0.05])]
                .into(),
                migrant_group: [
                    "immigrant",
                    "emigrant",
                    "transit",
                    "returnee",
                    "refugee",
                    "other",
                ][pick(rng, &[0.25, 0.1, 0.2, 0.2, 0.2, 0.05])]
                .into(),
                region: (rng.random::<f64>() < 0.9).then(|| region.into()),
                country: (rng.random::<f64>() < 0.9)
                    .then(|| COUNTRIES[rng.random_range(0..COUNTRIES.len())].into()),
                term_start: date(term_start),
                term_end: (rng.random::<f64>() < 0.9).then(|| date(term_end)),
                withdrawn_on: withdrawn,
                ..Default::default()
            }
        })
        .collect()
}

/// Whether a member sits on the body on `day`.
fn sits(m: &Member, day: NaiveDate) -> bool {
    let after = |s: &str| s.parse::<NaiveDate>().is_ok_and(|d| day >= d);
    let before = |s: &Option<String>| {
        s.as_deref()
            .is_none_or(|s| s.parse::<NaiveDate>().is_ok_and(|d| day <= d))
    };
    after(&m.term_start) && before(&m.term_end) && before(&m.withdrawn_on)
}

fn meetings(
    rng: &mut ChaCha8Rng,
    founded: DateTime<Utc>,
    per_year: i64,
    members: &[Member],
) -> Vec<Meeting> {
    let step = 365 / per_year;
    let mut out = Vec::new();
    let mut at = founded + Duration::days(rng.random_range(7..40));
    let mut k = 0;
    // Until a little after END: the last ones are still scheduled.
    while at < end() + Duration::days(60) {
        let status = if at > end() {
            "scheduled"
        } else if rng.random::<f64>() < 0.07 {
            "cancelled"
        } else {
            "held"
        };
        let attendance = if status == "held" {
            members
                .iter()
                .filter(|m| sits(m, at.date_naive()))
                .map(|m| (m.key.clone(), pick_str(rng, &ATTENDANCE).to_string()))
                .collect()
        } else {
            BTreeMap::new()
        };
        let minutes = status == "held" && rng.random::<f64>() < 0.7;
        out.push(Meeting {
            key: format!("s{k:03}"),
            title: format!(
                "Sesión {} {}",
                if k % 5 == 4 {
                    "extraordinaria"
                } else {
                    "ordinaria"
                },
                k + 1
            ),
            kind: if k % 5 == 4 {
                "extraordinary"
            } else {
                "ordinary"
            }
            .into(),
            starts_at: at.to_rfc3339(),
            ends_at: Some((at + Duration::hours(3)).to_rfc3339()),
            location: Some("Sala de juntas".into()),
            status: status.into(),
            agenda: Some("1. Lista de asistencia\n2. Seguimiento de demandas".into()),
            minutes: minutes.then(|| "Acuerdos de la sesión.".into()),
            minutes_published_at: minutes.then(|| (at + Duration::days(10)).to_rfc3339()),
            attendance,
            ..Default::default()
        });
        k += 1;
        at += Duration::days(step + rng.random_range(-6..=6));
    }
    out
}

fn demands(
    rng: &mut ChaCha8Rng,
    founded: DateTime<Utc>,
    referrals: usize,
    members: &[Member],
    meetings: &[Meeting],
    authorities: &[Authority],
    weights: &[f64],
) -> Vec<Demand> {
    let span = (end() - founded).num_seconds().max(1);
    let mut left = referrals;
    let mut out = Vec::new();
    // Submission instants in order, so keys follow time.
    let mut plan = Vec::new();
    while left > 0 {
        let n = [1, 2, 3][pick(rng, &[0.6, 0.3, 0.1])].min(left);
        left -= n;
        plan.push((founded + Duration::seconds(rng.random_range(0..span)), n));
    }
    plan.sort_by_key(|(t, _)| *t);
    for (d, (submitted, n)) in plan.into_iter().enumerate() {
        let day = submitted.date_naive();
        let sitting: Vec<&Member> = members.iter().filter(|m| sits(m, day)).collect();
        let by = sitting
            .get(rng.random_range(0..sitting.len().max(1)))
            .map_or("m00".to_string(), |m| m.key.clone());
        // Four in ten were adopted at the last meeting held before.
        let meeting = (rng.random::<f64>() < 0.4)
            .then(|| {
                meetings
                    .iter()
                    .rev()
                    .find(|m| m.status == "held" && m.starts_at <= submitted.to_rfc3339())
                    .map(|m| m.key.clone())
            })
            .flatten();
        let mut used = Vec::new();
        let referrals = (0..n)
            .map(|_| {
                let mut a = pick(rng, weights);
                while used.contains(&a) {
                    a = (a + 1) % authorities.len();
                }
                used.push(a);
                referral(rng, submitted, &authorities[a].key)
            })
            .collect();
        let topic = pick(rng, &TOPIC_WEIGHTS).min(Topic::NAMES.len() - 1);
        out.push(Demand {
            key: format!("{}-{d:05}", submitted.format("%Y")),
            title: words::title(d),
            text: words::text(d),
            topic: Topic::NAMES[topic].into(),
            submitted_by: by,
            meeting,
            submitted_at: submitted.to_rfc3339(),
            confidential: rng.random::<f64>() < 0.08,
            referrals,
            ..Default::default()
        });
    }
    out
}

/// One referral's history up to END.
fn referral(rng: &mut ChaCha8Rng, submitted: DateTime<Utc>, authority: &str) -> Referral {
    let mut events = Vec::new();
    let push = |events: &mut Vec<Event>, at: DateTime<Utc>, kind: &str| {
        if at <= end() {
            events.push(Event {
                at: at.to_rfc3339(),
                kind: kind.into(),
                text: Some("Texto de la respuesta.".into()),
                evidence_url: (kind == "implemented")
                    .then(|| "https://example.org/evidencia".into()),
                ..Default::default()
            });
            true
        } else {
            false
        }
    };
    let mut t = submitted;
    if rng.random::<f64>() < 0.7 {
        t += days(rng.random_range(0.3..5.0));
        push(&mut events, t, "acknowledged");
    }
    if rng.random::<f64>() < 0.12 {
        t += days(rng.random_range(2.0..15.0));
        if push(&mut events, t, "clarification_requested") && rng.random::<f64>() < 0.9 {
            t += days(lognormal_days(rng, 6.0, 0.8));
            push(&mut events, t, "clarification_provided");
        }
    }
    let mut assessments = Vec::new();
    // One in twelve is never answered; the rest after about a month.
    if rng.random::<f64>() >= 0.08 {
        t += days(lognormal_days(rng, 24.0, 0.75));
        let kind = pick_str(rng, &ANSWERS);
        if push(&mut events, t, kind) {
            if kind == "accepted" && rng.random::<f64>() < 0.3 {
                let later = t + days(rng.random_range(30.0..240.0));
                push(&mut events, later, "implemented");
            }
            for round in 0..2 {
                if rng.random::<f64>() < [0.55, 0.15][round] {
                    t += days(rng.random_range(3.0..40.0));
                    if t <= end() {
                        assessments.push(Assessment {
                            at: t.to_rfc3339(),
                            verdict: pick_str(rng, &VERDICTS).into(),
                            note: Some("Valoración del consejo.".into()),
                            ..Default::default()
                        });
                    }
                }
            }
        }
    }
    Referral {
        authority: authority.into(),
        due_at: (rng.random::<f64>() < 0.05).then(|| (submitted + Duration::days(15)).to_rfc3339()),
        events,
        assessments,
        ..Default::default()
    }
}

/// Titles and texts with the words real demands use, so that searching a
/// generated dataset measures something: picked from the demand's number
/// by a fixed mix (no draw from the generator's stream, which would change
/// every other figure of a seed's dataset).
mod words {
    const SUBJECTS: [&str; 32] = [
        "visas humanitarias",
        "regularización migratoria",
        "citas consulares",
        "albergues temporales",
        "atención médica",
        "permisos de trabajo",
        "reunificación familiar",
        "detención migratoria",
        "educación de niñas y niños",
        "vivienda temporal",
        "seguridad en la ruta",
        "discriminación en el transporte",
        "credencial para votar desde el extranjero",
        "solicitudes de asilo",
        "CURP temporal",
        "actas de nacimiento",
        "doble nacionalidad",
        "envío de remesas",
        "repatriación digna",
        "tarjetas de residente",
        "intérpretes de lenguas indígenas",
        "deportaciones nocturnas",
        "estaciones migratorias",
        "módulos de atención",
        "protección consular",
        "salud mental",
        "empleo formal",
        "becas escolares",
        "apostilla de documentos",
        "jornaleros agrícolas",
        "menores no acompañados",
        "trámites en línea",
    ];
    const PLACES: [&str; 16] = [
        "en Tijuana",
        "en Tapachula",
        "en la frontera norte",
        "en Ciudad Juárez",
        "en los consulados",
        "en Chicago",
        "en Los Ángeles",
        "en Monterrey",
        "en la Ciudad de México",
        "en Mexicali",
        "en Reynosa",
        "en Nogales",
        "en Oaxaca",
        "en Guadalajara",
        "en Houston",
        "en Villahermosa",
    ];

    /// A fixed mix of `n` (splitmix64), the same on every machine.
    fn mix(n: usize, salt: u64) -> usize {
        let mut z = (n as u64)
            .wrapping_add(salt)
            .wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) as usize
    }

    fn capitalized(s: &str) -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    pub fn title(d: usize) -> String {
        let subject = SUBJECTS[mix(d, 1) % SUBJECTS.len()];
        let place = PLACES[mix(d, 2) % PLACES.len()];
        format!("{} {place}", capitalized(subject))
    }

    pub fn text(d: usize) -> String {
        let a = SUBJECTS[mix(d, 3) % SUBJECTS.len()];
        let b = SUBJECTS[mix(d, 4) % SUBJECTS.len()];
        let place = PLACES[mix(d, 5) % PLACES.len()];
        format!(
            "Solicitamos a la autoridad **atender** {a} y {b} {place}. \
             Las personas afectadas esperan desde hace meses una respuesta."
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed document is the built one, byte for byte.
    #[test]
    fn the_written_document_is_the_built_one() {
        for (bodies, referrals, seed) in [(1, 40, 1), (4, 900, 7)] {
            let spec = Spec {
                bodies,
                referrals,
                seed,
            };
            let built = serde_json::to_vec(&document(spec)).expect("built");
            let mut written = Vec::new();
            write(spec, &mut written).expect("written");
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&built),
                "{bodies} bodies, {referrals} referrals"
            );
        }
    }
}
