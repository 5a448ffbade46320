//! Site search as the page, the API and the browser share it: the query
//! with its filters, and the results with their marked words.
use crate::domain::enums::Topic;
use serde::{Deserialize, Serialize};

/// Results a page.
pub const SEARCH_PAGE_SIZE: u64 = 20;

/// What is searched: the query and filters as typed in the GET form of
/// `/buscar` (and `GET /api/v1/search`). Empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    pub q: String,
    /// demand, meeting, body or authority.
    #[serde(default)]
    pub kind: String,
    /// A body's key: its demands, meetings and itself.
    #[serde(default)]
    pub body: String,
    /// An authority's key: the demands addressed to it, and itself.
    #[serde(default)]
    pub authority: String,
    /// Demands of one topic.
    #[serde(default)]
    pub topic: String,
    /// Demands with a referral in this status now.
    #[serde(default)]
    pub status: String,
    /// YYYY-MM-DD, inclusive: a demand's submission, a meeting's start.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub page: u64,
}

impl SearchQuery {
    /// The query and filters as a query string without `?` (`page` left
    /// out).
    pub fn query(&self) -> String {
        [
            ("q", &self.q),
            ("kind", &self.kind),
            ("body", &self.body),
            ("authority", &self.authority),
            ("topic", &self.topic),
            ("status", &self.status),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", crate::domain::url::encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// Whether any filter beside the words is set.
    pub fn filtered(&self) -> bool {
        [
            &self.kind,
            &self.body,
            &self.authority,
            &self.topic,
            &self.status,
            &self.from,
            &self.to,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
    }
}

/// What a result is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Demand,
    Meeting,
    Body,
    Authority,
}

impl SearchKind {
    pub const ALL: [SearchKind; 4] = [
        SearchKind::Demand,
        SearchKind::Meeting,
        SearchKind::Body,
        SearchKind::Authority,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Demand => "demand",
            SearchKind::Meeting => "meeting",
            SearchKind::Body => "body",
            SearchKind::Authority => "authority",
        }
    }

    pub fn parse(s: &str) -> Option<SearchKind> {
        SearchKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A piece of a title or snippet; `hit` when it is a word searched for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Mark {
    /// A piece of the text, as written.
    pub text: String,
    /// Whether it is a word searched for (shown marked).
    pub hit: bool,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchHit {
    /// demand, meeting, body or authority.
    pub kind: SearchKind,
    /// The page of the thing found (site-relative).
    pub href: String,
    /// Its title, in pieces, the words found marked.
    pub title: Vec<Mark>,
    /// A passage of its text around the first word found (may be empty).
    pub snippet: Vec<Mark>,
    /// The body it belongs to (demands, meetings).
    pub body_name: Option<String>,
    /// RFC 3339 in the body's time zone: a demand's submission, a
    /// meeting's start.
    pub date: Option<String>,
    /// A demand's topic.
    pub topic: Option<Topic>,
    /// A confidential demand whose text this reader may not read: found by
    /// its title only.
    pub outline: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// The query as it was understood; empty when nothing was searched.
    pub q: String,
    pub hits: Vec<SearchHit>,
    /// Results over all pages, counted up to [`SEARCH_COUNT_CAP`].
    pub total: u64,
    /// More than `total` matched: the count stopped at its cap.
    pub more: bool,
    pub page: u64,
    pub pages: u64,
    /// (key, name) of the bodies the reader may see and of the
    /// authorities, for the filters.
    pub bodies: Vec<(String, String)>,
    pub authorities: Vec<(String, String)>,
}

/// A search counts its results up to this many, and pages through them
/// (50 pages); beyond it the total reads "more than 1,000" and the reader
/// narrows the search. A word in most documents would otherwise be counted
/// and ranked whole on every page, and PostgreSQL reads each match's row
/// to count it.
pub const SEARCH_COUNT_CAP: u64 = 1_000;

/// A page of results as the open-data API gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiSearchPage {
    /// The words searched for.
    pub q: String,
    /// Results over all pages, counted up to 1,000 (see `more`).
    pub total: u64,
    /// True when more than `total` results matched: the count, and the
    /// pages, stop at 1,000 (narrow the search to see the rest).
    pub more: bool,
    /// This page's number, from 1.
    pub page: u64,
    /// The number of pages (at least 1).
    pub pages: u64,
    /// Results per page.
    pub page_size: u64,
    /// Best first.
    pub items: Vec<SearchHit>,
}

impl From<SearchResults> for ApiSearchPage {
    fn from(r: SearchResults) -> Self {
        ApiSearchPage {
            q: r.q,
            total: r.total,
            more: r.more,
            page: r.page,
            pages: r.pages,
            page_size: SEARCH_PAGE_SIZE,
            items: r.hits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_string_keeps_what_is_set() {
        let q = SearchQuery {
            q: "visa humanitaria".into(),
            kind: "demand".into(),
            page: 3,
            ..Default::default()
        };
        assert_eq!(q.query(), "q=visa%20humanitaria&kind=demand");
        assert!(q.filtered());
        assert_eq!(SearchKind::parse("meeting"), Some(SearchKind::Meeting));
        assert_eq!(SearchKind::parse("member"), None);
    }
}
