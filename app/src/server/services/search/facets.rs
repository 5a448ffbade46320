//! What a search filters by, as tokens stored beside a document's words
//! (`search_docs.facets`) and matched by the same full-text index: its kind,
//! who may find it (sight), its topic and its body. A filter on them is one
//! more term of the full-text query, so the index answers it without
//! reading each match's row — a common word matches tens of thousands of
//! documents at national scale. Tokens are letters and digits after a `zz`
//! no Spanish or English word begins with.
use super::index::Sight;

pub fn kind(kind: &str) -> String {
    format!("zzk{kind}")
}

pub fn sight(s: Sight) -> String {
    format!("zzs{}", s.as_str())
}

pub fn topic(topic: &str) -> String {
    format!("zzt{}", topic.replace('_', ""))
}

pub fn body(id: i64) -> String {
    format!("zzb{id}")
}

/// A document's tokens, as stored.
pub fn of(kind_: &str, sight_: Sight, topic_: Option<&str>, body_: Option<i64>) -> String {
    let mut out = vec![kind(kind_), sight(sight_)];
    out.extend(topic_.map(topic));
    out.extend(body_.map(body));
    out.join(" ")
}

/// Conditions on the tokens, every one required.
#[derive(Debug, Default, Clone)]
pub struct Facets {
    /// Each group: at least one of its tokens.
    pub any_of: Vec<Vec<String>>,
    /// None of these.
    pub none_of: Vec<String>,
}

impl Facets {
    pub fn require(&mut self, token: String) {
        self.any_of.push(vec![token]);
    }

    /// SQLite FTS5: ` AND facets : (…) … NOT facets : (…)`, to follow the
    /// words' query.
    pub fn fts5(&self) -> String {
        self.written(
            |t| format!("\"{t}\""),
            " OR ",
            " AND facets : (",
            " NOT facets : (",
        )
    }

    /// PostgreSQL `to_tsquery`: ` & (…) … & !(…)`.
    pub fn tsquery(&self) -> String {
        self.written(|t| format!("'{t}'"), " | ", " & (", " & !(")
    }

    /// The groups in one engine's syntax: each token quoted by `term`, a
    /// group's tokens joined by `or`, each group opened by `all` and the
    /// excluded ones by `none`.
    fn written(&self, term: impl Fn(&str) -> String, or: &str, all: &str, none: &str) -> String {
        let group = |ts: &[String]| ts.iter().map(|t| term(t)).collect::<Vec<_>>().join(or);
        let mut out = String::new();
        for g in &self.any_of {
            out.push_str(&format!("{all}{})", group(g)));
        }
        if !self.none_of.is_empty() {
            out.push_str(&format!("{none}{})", group(&self.none_of)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_queries() {
        assert_eq!(
            of("demand", Sight::Outline, Some("political_rights"), Some(7)),
            "zzkdemand zzsoutline zztpoliticalrights zzb7"
        );
        let mut f = Facets::default();
        f.require(kind("demand"));
        f.any_of
            .push(vec![sight(Sight::Public), sight(Sight::Outline)]);
        f.none_of = vec![body(3), body(9)];
        assert_eq!(
            f.fts5(),
            " AND facets : (\"zzkdemand\") AND facets : (\"zzspublic\" OR \"zzsoutline\") \
             NOT facets : (\"zzb3\" OR \"zzb9\")"
        );
        assert_eq!(
            f.tsquery(),
            " & ('zzkdemand') & ('zzspublic' | 'zzsoutline') & !('zzb3' | 'zzb9')"
        );
    }
}
