//! A result's title and a passage of its text with the words searched for
//! marked, as pieces of plain text (the page escapes them; no HTML is made
//! here).
use super::analyzer::Query;
use crate::domain::search::Mark;
use std::collections::VecDeque;

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
/// none is), with "…" where it was cut. The text (a whole thread, up to
/// 60 KB) is read only as far as the passage ends: twenty results' texts
/// analysed word by word were most of a search's time.
pub fn passage(text: &str, query: &Query) -> Vec<Mark> {
    // The last words before the one being read, to lead into a hit.
    let mut lead: VecDeque<(usize, usize)> = VecDeque::with_capacity(LEAD_WORDS + 1);
    // The text's first words, shown when none is found.
    let mut head: Option<(usize, usize)> = None;
    let mut head_words = 0;
    // (from, to, words) of the passage once a word is found.
    let mut found: Option<(usize, usize, usize)> = None;
    for (start, end) in word_spans(text) {
        if let Some((from, _, n)) = found {
            if n == PASSAGE_WORDS {
                break;
            }
            found = Some((from, end, n + 1));
            continue;
        }
        if head_words < PASSAGE_WORDS {
            head = Some((head.map_or(start, |h| h.0), end));
            head_words += 1;
        }
        if query.marks(&text[start..end]) {
            let from = lead.front().map_or(start, |w| w.0);
            found = Some((from, end, lead.len() + 1));
            continue;
        }
        lead.push_back((start, end));
        if lead.len() > LEAD_WORDS {
            lead.pop_front();
        }
    }
    let Some((from, to)) = found.map(|(f, t, _)| (f, t)).or(head) else {
        return Vec::new();
    };
    let mut pieces: Vec<(String, bool)> = Vec::new();
    if from > 0 {
        pieces.push(("… ".to_string(), false));
    }
    pieces.extend(
        tokens(&text[from..to], query)
            .into_iter()
            .map(|(p, _, hit)| (p.to_string(), hit)),
    );
    if to < text.len() {
        pieces.push((" …".to_string(), false));
    }
    merge(pieces.into_iter())
}

/// The byte spans of the words of `text` (runs of letters and digits).
fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if c.is_alphanumeric() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                end = i;
                break;
            }
            chars.next();
        }
        Some((start, end))
    })
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
