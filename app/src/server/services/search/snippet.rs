//! A result's title and a passage of its text with the words searched for
//! marked, as pieces of plain text (the page escapes them; no HTML is made
//! here).
use super::analyzer::Query;
use crate::domain::search::Mark;

/// Words shown in a passage.
const PASSAGE_WORDS: usize = 32;
/// Words shown before the first one found.
const LEAD_WORDS: usize = 8;

/// Splits `text` into words and the separators between them, with whether
/// each word is searched for.
fn tokens<'a>(text: &'a str, query: &Query) -> Vec<(&'a str, bool, bool)> {
    // (piece, is_word, hit)
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_word = None;
    for (i, c) in text.char_indices() {
        let w = c.is_alphanumeric();
        match in_word {
            Some(prev) if prev != w => {
                let piece = &text[start..i];
                out.push((piece, prev, prev && query.marks(piece)));
                start = i;
            }
            _ => {}
        }
        in_word = Some(w);
    }
    if let Some(prev) = in_word {
        let piece = &text[start..];
        out.push((piece, prev, prev && query.marks(piece)));
    }
    out
}

/// Joins neighbouring pieces of the same kind.
fn merge(pieces: impl Iterator<Item = (String, bool)>) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    for (text, hit) in pieces {
        match out.last_mut() {
            Some(last) if last.hit == hit && !hit => last.text.push_str(&text),
            _ => out.push(Mark { text, hit }),
        }
    }
    out
}

/// A whole short text (a title) with its words found marked.
pub fn marked(text: &str, query: &Query) -> Vec<Mark> {
    merge(
        tokens(text, query)
            .into_iter()
            .map(|(p, _, hit)| (p.to_string(), hit)),
    )
}

/// A passage of `text` around the first word found (its beginning when
/// none is), with "…" where it was cut.
pub fn passage(text: &str, query: &Query) -> Vec<Mark> {
    let toks = tokens(text, query);
    if toks.is_empty() {
        return Vec::new();
    }
    let word_at: Vec<usize> = toks
        .iter()
        .enumerate()
        .filter(|(_, t)| t.1)
        .map(|(i, _)| i)
        .collect();
    let first_hit = word_at.iter().position(|&i| toks[i].2).unwrap_or(0);
    let from_word = first_hit.saturating_sub(LEAD_WORDS);
    let to_word = (from_word + PASSAGE_WORDS).min(word_at.len());
    let (Some(&from), Some(&to)) = (
        word_at.get(from_word),
        word_at.get(to_word.saturating_sub(1)),
    ) else {
        return Vec::new();
    };
    let mut pieces: Vec<(String, bool)> = Vec::new();
    if from > 0 {
        pieces.push(("… ".to_string(), false));
    }
    pieces.extend(
        toks[from..=to]
            .iter()
            .map(|(p, _, hit)| (p.to_string(), *hit)),
    );
    if to + 1 < toks.len() {
        pieces.push((" …".to_string(), false));
    }
    merge(pieces.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(marks: &[Mark]) -> String {
        marks
            .iter()
            .map(|m| {
                if m.hit {
                    format!("[{}]", m.text)
                } else {
                    m.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_the_words_found_in_a_passage() {
        let q = Query::parse("visas");
        assert_eq!(shown(&marked("Visa humanitaria", &q)), "[Visa] humanitaria");
        let long = format!(
            "{} pedimos visas para todos {}",
            "uno ".repeat(40),
            "dos ".repeat(40)
        );
        let p = shown(&passage(&long, &q));
        assert!(p.starts_with("… uno"), "{p}");
        assert!(p.contains("pedimos [visas] para"), "{p}");
        assert!(p.ends_with(" …"), "{p}");
        // No word found: the beginning; no text: nothing.
        assert!(shown(&passage("Texto sin nada", &q)).starts_with("Texto"));
        assert!(passage("", &q).is_empty());
        assert!(passage(" — ", &q).is_empty());
    }
}
