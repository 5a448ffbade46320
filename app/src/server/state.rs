use crate::domain::error::ApiError;
use crate::server::heavy::{Heavy, HeavyWork};
use crate::server::services::accounts::SiteUrl;
use crate::server::services::metrics::cache::{At, FiguresCache};
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Pages of a list up to this one are read by an offset (cheap near the
/// top); past it, from the list's page ends (`AppState::far_page_ends`).
pub const FAR_PAGE: u64 = 40;

/// Settings read once at start-up.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The public address, for links in mails.
    pub site: SiteUrl,
    /// Mark the session cookie Secure (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// Take the client address from `X-Forwarded-For` (behind a proxy).
    pub trust_forwarded_for: bool,
    /// The bearer token `/metrics` asks for; `/metrics` is off without one.
    pub metrics_token: Option<String>,
    /// Open-data downloads built at once at most (`DOWNLOAD_BUILDS`).
    pub download_builds: usize,
    /// Searches, list pages and past figures run at once at most, each
    /// kind apart (`HEAVY_REQUESTS`, `server::heavy`).
    pub heavy_requests: usize,
    /// Figures that took at least this long to compute are served from
    /// before a write while they are computed again (`FIGURES_LAG_AFTER_MS`,
    /// `metrics::cache`); `None` waits for them.
    pub figures_lag_after: Option<std::time::Duration>,
    /// Where figures are computed again while readers are served the
    /// previous ones (`metrics::background`; `FIGURES_NICE`).
    pub figures_background: Option<crate::server::services::metrics::background::Background>,
}

impl Settings {
    /// Settings for a site at `public_url`.
    pub fn for_url(public_url: &str) -> Self {
        Self {
            site: SiteUrl::new(public_url),
            secure_cookies: public_url.starts_with("https://"),
            trust_forwarded_for: false,
            metrics_token: None,
            download_builds: crate::server::services::downloads::DEFAULT_BUILDS,
            heavy_requests: crate::server::heavy::DEFAULT_SLOTS,
            figures_lag_after: None,
            figures_background: None,
        }
    }
}

/// What every handler and server function needs. Cheap to clone: the
/// connection is a pool.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: DatabaseConnection,
    pub settings: Arc<Settings>,
    /// Computed figures, valid until the next write (metrics::cache).
    pub figures: Arc<FiguresCache>,
    /// Requests counted for `/metrics` (`server::monitoring`).
    pub monitoring: Arc<crate::server::monitoring::Monitoring>,
    /// The open data's bulk downloads, built into files
    /// (`services::downloads`).
    pub downloads: Arc<crate::server::services::downloads::Downloads>,
    /// Slots for the work a reader's query makes costly (`server::heavy`).
    pub heavy: Arc<HeavyWork>,
}

impl AppState {
    /// A server's state with empty caches, its downloads built at most
    /// `settings.download_builds` at once.
    pub fn new(leptos_options: LeptosOptions, db: DatabaseConnection, settings: Settings) -> Self {
        Self {
            leptos_options,
            db,
            downloads: Arc::new(crate::server::services::downloads::Downloads::new(
                settings.download_builds,
                settings.site.clone(),
            )),
            heavy: Arc::new(HeavyWork::new(
                settings.heavy_requests,
                crate::server::heavy::WAIT,
            )),
            figures: Arc::new(
                FiguresCache::default()
                    .lagging_after(settings.figures_lag_after)
                    .computing_in(settings.figures_background.clone()),
            ),
            settings: Arc::new(settings),
            monitoring: Default::default(),
        }
    }

    /// Public data through the figures cache (`metrics::cache`): valid
    /// until the next write; `compute` gets the database and the instant
    /// to compute at, and owns what it needs (it may run in the background).
    /// Figures at an instant the reader gave are computed in a slot of
    /// their own kind (`Heavy::Past`): every distinct instant is a new
    /// computation.
    pub async fn cached<T, F, Fut>(&self, key: &str, at: At, compute: F) -> Result<T, ApiError>
    where
        T: Clone + serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, chrono::DateTime<chrono::Utc>) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = Result<T, crate::server::error::ServiceError>>
            + Send
            + 'static,
    {
        let heavy = self.heavy.clone();
        let compute = move |db, t| async move {
            match at {
                At::Now => compute(db, t).await,
                At::Given(_) => heavy.run(Heavy::Past, compute(db, t)).await,
            }
        };
        Ok(self
            .figures
            .get_lagging(&self.db, key, at, compute)
            .await?
            .as_ref()
            .clone())
    }

    /// The total of the `list` its `filter` selects "now" (the filter's
    /// page aside), with the instant it was counted at: counted once per
    /// data version and freshness like the figures now (`metrics::cache`),
    /// so a page of a long list costs its rows and not a count of every
    /// row. The caller reads its page at that instant, so the page's rows,
    /// total and `as_of` agree. `count` gets the filter back.
    pub async fn total_now<Filter, T, F, Fut>(
        &self,
        list: &str,
        filter: Filter,
        count: F,
    ) -> Result<(chrono::DateTime<chrono::Utc>, T), crate::server::error::ServiceError>
    where
        Filter: serde::Serialize + Send + 'static,
        T: Clone + Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, Filter, chrono::DateTime<chrono::Utc>) -> Fut
            + Send
            + 'static,
        Fut: std::future::Future<Output = Result<T, crate::server::error::ServiceError>>
            + Send
            + 'static,
    {
        let key = format!(
            "total:{list}:{}",
            serde_json::to_string(&filter).unwrap_or_default()
        );
        let known = self
            .figures
            .get(&self.db, &key, At::Now, move |db, t| async move {
                Ok((t, count(db, filter, t).await?))
            })
            .await?;
        Ok(known.as_ref().clone())
    }

    /// The page ends of the whole list `f` selects "now" (`ends` of
    /// `Paged::whole_list`), when its page lies past [`FAR_PAGE`] and is
    /// asked by its number alone (no cursor): kept like the list's total,
    /// so that the page is a seek from the end of the one before instead of
    /// an offset over every row above it. `None` for a page near the top,
    /// or a list whose ends `ends` cannot give.
    pub async fn far_page_ends<Filter, E, F, Fut>(
        &self,
        list: &str,
        f: &Filter,
        ends: F,
    ) -> Result<Option<Arc<Vec<E>>>, crate::server::error::ServiceError>
    where
        Filter: crate::domain::paging::Paged + serde::Serialize + Clone + Send + 'static,
        E: Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, Filter, chrono::DateTime<chrono::Utc>) -> Fut
            + Send
            + 'static,
        Fut: std::future::Future<Output = Result<Option<Vec<E>>, crate::server::error::ServiceError>>
            + Send
            + 'static,
    {
        if f.page() <= FAR_PAGE || f.has_cursor() {
            return Ok(None);
        }
        let key = format!("{list}-page-ends");
        let (_, kept) = self
            .total_now(&key, f.whole_list(), |db, listed, t| async move {
                Ok(ends(db, listed, t).await?.map(Arc::new))
            })
            .await?;
        Ok(kept)
    }

    /// `work` in a slot of `kind` (`server::heavy`): a search, a list's
    /// page. Every such request goes through here, whichever route (page,
    /// API, feed, download) it came by. `work` gets its own handle on the
    /// state, since it may outlive the request. `Busy` when every slot
    /// stayed taken.
    pub async fn bounded<T, F, Fut>(
        &self,
        kind: Heavy,
        work: F,
    ) -> Result<T, crate::server::error::ServiceError>
    where
        T: Send + 'static,
        F: FnOnce(AppState) -> Fut,
        Fut: std::future::Future<Output = Result<T, crate::server::error::ServiceError>>
            + Send
            + 'static,
    {
        self.heavy.run(kind, work(self.clone())).await
    }

    /// The state provided to server functions and pages by the router.
    /// While the database was just found unavailable, a part of a page asks
    /// no more of it and says so at once (`db::recently_unavailable`): the
    /// request it belongs to has already waited for it once.
    pub fn from_context() -> Result<Self, ApiError> {
        if crate::server::db::recently_unavailable() {
            return Err(ApiError::Unavailable);
        }
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the Leptos context");
            ApiError::Internal
        })
    }
}
