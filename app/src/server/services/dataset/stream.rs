//! Reading a dataset document a part at a time.
//!
//! A national document is larger than memory (about 500 MB of JSON at a
//! million referrals, 5 GB at ten million, and its parse several times
//! that), so the import never holds it whole: it reads the document once
//! for everything but the bodies (small: the format, the authorities),
//! once more validating the bodies one by one, and a last time handing
//! each body to the writer as it is read. Each pass is a `serde` visitor
//! over the same JSON, so a structural error names its path (`bodies[3].
//! members[0].key: …`) as a whole-document parse did.
use super::format as raw;
use super::import::ImportError;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;
use std::io::BufReader;
use std::path::PathBuf;
use std::sync::Arc;

/// Where a document is read from, once per pass.
#[derive(Debug, Clone)]
pub enum Source {
    /// A document in memory (an upload, the demo, a test).
    Text(Arc<str>),
    /// A file, read again for each pass: memory stays that of one body.
    File(PathBuf),
}

/// Everything in a document but its bodies.
#[derive(Debug, Default)]
pub struct Header {
    pub format: Option<String>,
    pub authorities: Vec<raw::Authority>,
    /// The top level's unknown fields, by name.
    pub unknown: Vec<String>,
    /// How many bodies the document holds.
    pub bodies: usize,
}

/// Told each body in order; `false` stops the reading (the writer failed).
pub type OnBody<'f> = dyn FnMut(usize, raw::Body) -> bool + Send + 'f;

/// The error that ends a pass on `OnBody`'s word (told apart by a flag,
/// never by its text: a document's own strings appear in serde's errors).
const STOPPED: &str = "the import stopped";

/// Reads the document's header, skipping its bodies (counted).
pub fn header(src: &Source) -> Result<Header, ImportError> {
    read(src, Pass { on_body: None })
}

/// Reads the document's bodies, one at a time, into `on_body`. `Ok(false)`
/// when `on_body` stopped it.
pub fn bodies(src: &Source, on_body: &mut OnBody<'_>) -> Result<bool, ImportError> {
    let mut stopped = false;
    let mut watched = |i: usize, b: raw::Body| {
        let go = on_body(i, b);
        stopped |= !go;
        go
    };
    match read(
        src,
        Pass {
            on_body: Some(&mut watched),
        },
    ) {
        Ok(_) => Ok(true),
        Err(_) if stopped => Ok(false),
        Err(e) => Err(e),
    }
}

fn read(src: &Source, pass: Pass<'_, '_>) -> Result<Header, ImportError> {
    match src {
        Source::Text(text) => run(&mut serde_json::Deserializer::from_str(text), pass),
        Source::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| ImportError::Read {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            let reader = BufReader::with_capacity(1 << 20, file);
            run(&mut serde_json::Deserializer::from_reader(reader), pass)
        }
    }
}

fn run<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    pass: Pass<'_, '_>,
) -> Result<Header, ImportError> {
    let mut track = serde_path_to_error::Track::new();
    let read = pass.deserialize(serde_path_to_error::Deserializer::new(&mut *de, &mut track));
    match read {
        Ok(header) => {
            de.end().map_err(|e| ImportError::Syntax(e.to_string()))?;
            Ok(header)
        }
        Err(e) => {
            let path = track.path().to_string();
            Err(ImportError::Syntax(if path == "." {
                e.to_string()
            } else {
                format!("{path}: {e}")
            }))
        }
    }
}

/// One pass: the header (no `on_body`) or the bodies.
struct Pass<'f, 'g> {
    on_body: Option<&'f mut OnBody<'g>>,
}

impl<'de> DeserializeSeed<'de> for Pass<'_, '_> {
    type Value = Header;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Header, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Pass<'_, '_> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a dataset document (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Header, A::Error> {
        let header_pass = self.on_body.is_none();
        let mut h = Header::default();
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            match key.as_str() {
                "bodies" => {
                    h.bodies = map.next_value_seed(Bodies {
                        on_body: self.on_body.as_deref_mut(),
                    })?
                }
                "format" if header_pass => h.format = map.next_value()?,
                "authorities" if header_pass => h.authorities = map.next_value()?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    if header_pass && !matches!(key.as_str(), "format" | "authorities") {
                        h.unknown.push(key);
                    }
                }
            }
        }
        // As a whole document's were reported: by name.
        h.unknown.sort();
        Ok(h)
    }
}

/// The `bodies` array: each element to `on_body`, or skipped and counted.
struct Bodies<'f, 'g> {
    on_body: Option<&'f mut OnBody<'g>>,
}

impl<'de> DeserializeSeed<'de> for Bodies<'_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Bodies<'_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence of bodies")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
        let mut n = 0;
        match self.on_body {
            None => {
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    n += 1;
                }
            }
            Some(on_body) => {
                while let Some(body) = seq.next_element::<raw::Body>()? {
                    if !on_body(n, body) {
                        return Err(de::Error::custom(STOPPED));
                    }
                    n += 1;
                }
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Source {
        Source::Text(s.into())
    }

    #[test]
    fn the_header_pass_skips_the_bodies_and_counts_them() {
        let doc = r#"{"bodies": [{"x": 1}, {}], "format": "voces-dataset/1",
            "authorities": [], "extra": {"a": [1, 2]}}"#;
        let h = header(&text(doc)).expect("header");
        assert_eq!(h.format.as_deref(), Some("voces-dataset/1"));
        assert_eq!(h.bodies, 2);
        assert_eq!(h.unknown, vec!["extra".to_string()]);
    }

    #[test]
    fn a_structural_error_names_its_path() {
        let doc = r#"{"format": "voces-dataset/1", "bodies": [{"key": 5}]}"#;
        let mut seen = 0;
        let e = bodies(&text(doc), &mut |_, _| {
            seen += 1;
            true
        })
        .expect_err("a number for a key");
        assert!(
            matches!(&e, ImportError::Syntax(m) if m.starts_with("bodies[0].key: invalid type")),
            "{e}"
        );
        assert_eq!(seen, 0);
        for bad in [
            "[]",
            "{\"bodies\": {}}",
            "{} x",
            "{\"format\": 1, \"format\": 2}",
        ] {
            assert!(
                matches!(header(&text(bad)), Err(ImportError::Syntax(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_reader_may_stop_after_any_body() {
        let body = |k: &str| {
            format!(
                r#"{{"key": "{k}", "name": "N", "level": "city", "jurisdiction": "J",
                "timezone": "America/Mexico_City"}}"#
            )
        };
        let doc = format!(
            r#"{{"bodies": [{}, {}, {}]}}"#,
            body("a"),
            body("b"),
            body("c")
        );
        let mut keys = Vec::new();
        let done = bodies(&text(&doc), &mut |_, b| {
            keys.push(b.key);
            keys.len() < 2
        })
        .expect("read");
        assert!(!done);
        assert_eq!(keys, vec!["a".to_string(), "b".to_string()]);
        // A document's own text that reads like the stop is an error of
        // that document, not a stop.
        let odd = doc.replacen("\"N\"", &format!("\"N\", \"seats\": \"{STOPPED}\""), 1);
        let read = bodies(&text(&odd), &mut |_, _| true);
        assert!(
            matches!(&read, Err(ImportError::Syntax(m)) if m.starts_with("bodies[0].seats")),
            "{read:?}"
        );
    }
}
