//! The words of a text as search compares them, the same on both databases:
//! lower case, accents folded ("regularizacion" finds "regularización"),
//! common words left out, and each word cut to its Spanish stem by the
//! Snowball algorithm ("visas" finds "visa"). Documents and queries go
//! through the same functions, so whatever they do to one they do to the
//! other; the databases only match the resulting terms.
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Spanish));

/// Words too common to tell documents apart, in both languages of the site.
const STOP_WORDS: &[&str] = &[
    "a", "al", "con", "de", "del", "el", "en", "es", "la", "las", "lo", "los", "o", "para", "por",
    "que", "se", "su", "sus", "un", "una", "unos", "unas", "y", "an", "and", "for", "in", "is",
    "of", "on", "or", "the", "to",
];

/// The longest term kept: longer "words" are codes or noise.
const MAX_TERM: usize = 40;

/// At most this many clauses are read from one query.
const MAX_CLAUSES: usize = 12;

/// One word folded: lower case, accents and tildes removed.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The Snowball rules find Spanish suffixes by their written accent, which
/// folding has removed (and people often leave out): put it back on the
/// common suffixes so "regularizacion" and "regularizar" share a stem.
fn accented(folded: &str) -> String {
    for (plain, written) in [("cion", "ción"), ("sion", "sión"), ("logia", "logía")] {
        if let Some(stem) = folded.strip_suffix(plain) {
            return format!("{stem}{written}");
        }
    }
    folded.to_string()
}

/// The term for one folded word, `None` for a common word.
fn term_of_folded(folded: &str) -> Option<String> {
    if folded.is_empty() || STOP_WORDS.contains(&folded) {
        return None;
    }
    let stem = fold(&STEMMER.stem(&accented(folded)));
    Some(stem.chars().take(MAX_TERM).collect())
}

/// The term a single word stands for (`None` for a common word).
pub fn term(word: &str) -> Option<String> {
    term_of_folded(&fold(word))
}

/// The words of `text`: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The terms of a text, in order (phrases compare neighbours).
pub fn terms(text: &str) -> Vec<String> {
    words(text).filter_map(term).collect()
}

/// The terms of a text joined by spaces, as stored for the index.
pub fn indexed(text: &str) -> String {
    terms(text).join(" ")
}

/// One part of a query; every part must match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Clause {
    /// A word, by its stem.
    Term(String),
    /// `migra*`: any term beginning with the folded letters.
    Prefix(String),
    /// `"visa humanitaria"`: these terms next to each other, in order.
    Phrase(Vec<String>),
}

/// A query as typed: words, `"quoted phrases"` and `prefix*` words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub clauses: Vec<Clause>,
}

impl Query {
    pub fn parse(q: &str) -> Query {
        let mut clauses = Vec::new();
        // Typographic quotes count as quotes: phones type them.
        let q: String = q
            .chars()
            .map(|c| match c {
                '“' | '”' | '«' | '»' | '„' => '"',
                c => c,
            })
            .collect();
        for (i, part) in q.split('"').enumerate() {
            if i % 2 == 1 {
                let t = terms(part);
                match t.len() {
                    0 => {}
                    1 => clauses.extend(t.into_iter().map(Clause::Term)),
                    _ => clauses.push(Clause::Phrase(t)),
                }
                continue;
            }
            for token in part.split_whitespace() {
                if let Some(stem) = token.strip_suffix('*') {
                    let folded = fold(stem);
                    if folded.chars().count() >= 2 && folded.chars().all(char::is_alphanumeric) {
                        clauses.push(Clause::Prefix(folded.chars().take(MAX_TERM).collect()));
                        continue;
                    }
                }
                clauses.extend(terms(token).into_iter().map(Clause::Term));
            }
        }
        let mut seen = HashSet::new();
        clauses.retain(|c| seen.insert(c.clone()));
        clauses.truncate(MAX_CLAUSES);
        Query { clauses }
    }

    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }

    /// SQLite FTS5's query language. Terms hold only letters and digits,
    /// so quoting them is enough.
    pub fn fts5(&self) -> String {
        self.clauses
            .iter()
            .map(|c| match c {
                Clause::Term(t) => format!("\"{t}\""),
                Clause::Prefix(p) => format!("\"{p}\" *"),
                Clause::Phrase(ts) => format!("\"{}\"", ts.join(" ")),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The same query matched in the titles only (FTS5).
    pub fn fts5_in_title(&self) -> String {
        format!("title_terms : ({})", self.fts5())
    }

    /// PostgreSQL's `to_tsquery` language (with the `simple` configuration:
    /// the terms are analysed already).
    pub fn tsquery(&self) -> String {
        self.clauses
            .iter()
            .map(|c| match c {
                Clause::Term(t) => format!("'{t}'"),
                Clause::Prefix(p) => format!("'{p}':*"),
                Clause::Phrase(ts) => format!(
                    "({})",
                    ts.iter()
                        .map(|t| format!("'{t}'"))
                        .collect::<Vec<_>>()
                        .join(" <-> ")
                ),
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// Whether one word of a text is one the query looks for (to mark it).
    pub fn marks(&self, word: &str) -> bool {
        // A term begins with its word's first letter, folded: most words
        // are told apart by it without being stemmed.
        let Some(first) = word.chars().next() else {
            return false;
        };
        let mut buf = [0u8; 4];
        let initial = fold(first.encode_utf8(&mut buf)).chars().next();
        let may = |t: &String| t.chars().next().is_none_or(|c| Some(c) == initial);
        if !self.clauses.iter().any(|c| match c {
            Clause::Term(t) | Clause::Prefix(t) => may(t),
            Clause::Phrase(ts) => ts.iter().any(may),
        }) {
            return false;
        }
        let folded = fold(word);
        let Some(t) = term_of_folded(&folded) else {
            return false;
        };
        self.clauses.iter().any(|c| match c {
            Clause::Term(q) => *q == t,
            Clause::Prefix(p) => folded.starts_with(p.as_str()) || t.starts_with(p.as_str()),
            Clause::Phrase(ts) => ts.contains(&t),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_case_and_plurals_meet() {
        assert_eq!(term("Regularización"), term("regularizacion"));
        assert_eq!(term("regularizacion"), term("regularizar"));
        assert_eq!(term("visas"), term("Visa"));
        assert_eq!(term("MIGRANTES"), term("migrante"));
        assert_eq!(term("niños"), term("ninos"));
        assert_eq!(term("de"), None);
        assert_eq!(
            terms("Visas humanitarias, ¡ya!"),
            vec!["vis", "humanitari", "ya"]
        );
    }

    #[test]
    fn queries_parse_to_both_languages() {
        let q = Query::parse("visas \"atención médica\" migra* de");
        assert_eq!(
            q.clauses,
            vec![
                Clause::Term("vis".into()),
                Clause::Phrase(vec!["atencion".into(), "medic".into()]),
                Clause::Prefix("migra".into()),
            ]
        );
        assert_eq!(q.fts5(), "\"vis\" \"atencion medic\" \"migra\" *");
        assert_eq!(q.tsquery(), "'vis' & ('atencion' <-> 'medic') & 'migra':*");
        // Nothing searchable: no query at all, never a syntax error.
        for junk in ["", "  ", "\"\"", "de la", "*", "'; DROP TABLE x; --", "a*"] {
            let q = Query::parse(junk);
            assert!(q
                .fts5()
                .chars()
                .all(|c| c.is_alphanumeric() || " \"*".contains(c)));
            assert!(!q.tsquery().contains(';'));
        }
        assert!(Query::parse("de la").is_empty());
        assert_eq!(
            Query::parse("«asilo»").clauses,
            vec![Clause::Term("asil".into())]
        );
    }

    #[test]
    fn marks_the_words_searched_for() {
        let q = Query::parse("visa regulari*");
        assert!(q.marks("Visas"));
        assert!(q.marks("regularización"));
        assert!(!q.marks("trabajo"));
    }
}
