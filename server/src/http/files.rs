//! The router's fallback: a file of the site (`/pkg/…`, the favicon) as it
//! is on disk, else the 404 page.
//!
//! Not leptos_axum's `file_and_error_handler` for the files: it serves a
//! file inside `Owner::new()`, a child of whatever reactive owner is current
//! on the worker thread, and copies `ResponseOptions` found from there onto
//! the file's response, taking them (`mem::take`). A page rendering on that
//! thread leaves its root owner current while it waits for its data
//! (`Owner::new_root` sets it and nothing restores it), so once in a while a
//! stylesheet took a page's headers — its Content-Security-Policy — and the
//! page went out without them (its inline scripts then refused). Here a
//! file never touches an owner.
use app::server::state::AppState;
use app::shell;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// The fallback of the router.
pub async fn fallback(State(state): State<AppState>, req: Request) -> Response {
    let req = match site_file(&state.leptos_options.site_root, req).await {
        Ok(file) => return file,
        Err(req) => req,
    };
    let options = state.leptos_options.clone();
    let page = leptos_axum::render_app_async_with_context(
        move || provide_context(state.clone()),
        move || shell(options.clone()),
    );
    let mut resp = page(req).await;
    // The page of no route (`NotFound`) sets 404 itself; anything else
    // reaching here is not found either, unless it said otherwise (a
    // redirect).
    if resp.status() == StatusCode::OK {
        *resp.status_mut() = StatusCode::NOT_FOUND;
    }
    resp
}

/// The file under `root` that a GET or HEAD asks for (the gzip or brotli
/// twin where the reader takes it, validators and ranges as `ServeDir`
/// answers them); the request back when there is none.
pub async fn site_file(root: &str, req: Request) -> Result<Response, Request> {
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        return Err(req);
    }
    let mut probe = Request::new(Body::empty());
    *probe.method_mut() = req.method().clone();
    *probe.uri_mut() = req.uri().clone();
    *probe.headers_mut() = req.headers().clone();
    let served = ServeDir::new(root)
        .precompressed_gzip()
        .precompressed_br()
        .oneshot(probe)
        .await;
    // A file, a part of one or "not modified"; anything else (none there,
    // a folder's redirect to its slash) is the 404 page's.
    match served {
        Ok(resp) if resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED => {
            Ok(resp.into_response())
        }
        _ => Err(req),
    }
}

#[cfg(test)]
mod tests {
    use super::site_file;
    use axum::body::Body;
    use axum::extract::Request;
    use axum::http::{header, HeaderValue, StatusCode};
    use leptos::prelude::*;
    use std::future::Future;
    use std::sync::Arc;
    use tokio::sync::Notify;

    /// A page that sets a header, then waits for `go` before it ends.
    fn waiting_page(
        go: Arc<Notify>,
    ) -> impl Fn(Request) -> std::pin::Pin<Box<dyn Future<Output = axum::response::Response> + Send>>
    {
        leptos_axum::render_app_async_with_context(
            || {},
            move || {
                if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
                    resp.insert_header(
                        header::CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static("script-src 'nonce-page'"),
                    );
                }
                let go = go.clone();
                view! { <p>{Suspend::new(async move { go.notified().await; "done" })}</p> }
            },
        )
    }

    /// On one thread: a page starts rendering and waits; a file is served;
    /// the page ends. The page keeps its header and the file has none. The
    /// same with leptos_axum's own handler shows the file taking it (the
    /// cause this module is for; if leptos mends it, this says so).
    #[tokio::test(flavor = "current_thread")]
    async fn a_file_served_while_a_page_renders_leaves_the_page_its_headers() {
        // Leptos spawns through its executor, as the server sets it up.
        let _ = any_spawner::Executor::init_tokio();
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("voces.css"), "p{}").unwrap();
        let root_str = root.path().to_str().unwrap().to_string();
        let css = || Request::get("/voces.css").body(Body::empty()).unwrap();

        let go = Arc::new(Notify::new());
        let page = tokio::spawn(waiting_page(go.clone())(
            Request::get("/").body(Body::empty()).unwrap(),
        ));
        tokio::task::yield_now().await;
        let file = site_file(&root_str, css())
            .await
            .expect("the file is there");
        assert_eq!(file.status(), StatusCode::OK);
        // A folder, or nothing there: the request back, for the 404 page.
        std::fs::create_dir(root.path().join("pkg")).unwrap();
        for path in ["/pkg", "/pkg/", "/nothing.css"] {
            let asked = Request::get(path).body(Body::empty()).unwrap();
            assert!(site_file(&root_str, asked).await.is_err(), "{path}");
        }
        assert!(file
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .is_none());
        go.notify_one();
        let page = page.await.unwrap();
        assert_eq!(
            page.headers().get(header::CONTENT_SECURITY_POLICY),
            Some(&HeaderValue::from_static("script-src 'nonce-page'"))
        );

        // The control: leptos_axum's handler serving the same file.
        let go = Arc::new(Notify::new());
        let page = tokio::spawn(waiting_page(go.clone())(
            Request::get("/").body(Body::empty()).unwrap(),
        ));
        tokio::task::yield_now().await;
        let options = LeptosOptions::builder()
            .output_name("voces")
            .site_root(root_str.clone())
            .build();
        let theirs = leptos_axum::file_and_error_handler::<LeptosOptions, _>(|_| ())(
            "/voces.css".parse().unwrap(),
            axum::extract::State(options),
            css(),
        )
        .await;
        go.notify_one();
        let page = page.await.unwrap();
        assert!(
            theirs
                .headers()
                .get(header::CONTENT_SECURITY_POLICY)
                .is_some()
                && page
                    .headers()
                    .get(header::CONTENT_SECURITY_POLICY)
                    .is_none(),
            "leptos_axum's file handler no longer takes a rendering page's headers: \
             this module's reason may be gone"
        );
    }
}
