use crate::domain::error::ApiError;
use crate::i18n::*;
use leptos::prelude::*;

/// A failed request, told in the user's language with what to do next.
#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = match &error {
        ApiError::NotFound => td_string!(locale, error.not_found).to_string(),
        ApiError::Unauthorized => td_string!(locale, error.unauthorized).to_string(),
        ApiError::Forbidden => td_string!(locale, error.forbidden).to_string(),
        ApiError::Invalid(detail) => format!("{} {detail}", td_string!(locale, error.invalid)),
        ApiError::Form(errors) => errors
            .iter()
            .map(|e| crate::components::forms::problem_text(locale, &e.code))
            .collect::<Vec<_>>()
            .join(" "),
        ApiError::RateLimited { .. } => {
            crate::components::forms::problem_text(locale, "rate_limited")
        }
        ApiError::Internal | ApiError::Transport(_) => {
            td_string!(locale, error.internal).to_string()
        }
        ApiError::Unavailable => td_string!(locale, error.unavailable).to_string(),
        ApiError::Busy => td_string!(locale, error.busy).to_string(),
    };
    // A page that could not be built says so in its status too, so that
    // monitors, caches and scripts see the failure (503: try again soon).
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        match &error {
            ApiError::Unavailable => {
                resp.set_status(http::StatusCode::SERVICE_UNAVAILABLE);
                resp.insert_header(
                    http::header::RETRY_AFTER,
                    http::HeaderValue::from_static("10"),
                );
            }
            ApiError::Busy => {
                resp.set_status(http::StatusCode::TOO_MANY_REQUESTS);
                resp.insert_header(
                    http::header::RETRY_AFTER,
                    http::HeaderValue::from(crate::domain::error::BUSY_RETRY_SECONDS),
                );
            }
            ApiError::Internal => resp.set_status(http::StatusCode::INTERNAL_SERVER_ERROR),
            _ => {}
        }
    }
    view! {
        <div class="alert error" role="alert">
            <p>{text}</p>
        </div>
    }
}

/// What a page shows instead of its content when its data was refused:
/// sign in or "not allowed" (`AccessNotice`), the 404 page, or the error
/// told in the reader's language. The one view of an `ApiError`.
pub fn refusal(e: ApiError) -> AnyView {
    match e {
        ApiError::Unauthorized => {
            view! { <crate::components::forms::AccessNotice signed_in=false /> }.into_any()
        }
        ApiError::Forbidden => {
            view! { <crate::components::forms::AccessNotice signed_in=true /> }.into_any()
        }
        ApiError::NotFound => view! { <crate::pages::not_found::NotFound /> }.into_any(),
        e => view! { <ErrorNotice error=e /> }.into_any(),
    }
}

/// A page's data when it comes: `view` draws it, and a refusal is told as
/// [`refusal`] tells it. The one `Suspense` around a page's data.
#[component]
pub fn Loaded<T, F, V>(data: Resource<Result<T, ApiError>>, view: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let view = view.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(v) => view(v).into_any(),
                        Err(e) => refusal(e),
                    }
                })
            }}
        </Suspense>
    }
}
