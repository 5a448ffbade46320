//! `/methodology`: how every figure is counted, rendered from
//! `docs/methodology/{es,en}.md` (`server::methodology`), with an anchor per
//! figure that every figure on the site links to.
use crate::components::error::ErrorNotice;
use crate::domain::error::ApiError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// The methodology's HTML in `locale` ("es" or "en").
#[server(endpoint = "methodology")]
pub async fn load_methodology(locale: String) -> Result<String, ApiError> {
    Ok(crate::server::methodology::html(&locale))
}

#[component]
pub fn MethodologyPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let code = match locale {
        Locale::en => "en",
        Locale::es => "es",
    };
    let text = Resource::new(move || code.to_string(), load_methodology);
    view! {
        <Title text=td_string!(locale, dash.methodology_title) />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match text.await {
                    Ok(html) => view! { <article class="prose methodology" inner_html=html></article> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
