//! What a shared link shows (Open Graph and Twitter card): the page's title,
//! a description that carries its headline figure in words, its address and
//! the site. Rendered on the server, where link-preview robots read it.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Meta;

/// The site's public address: `PUBLIC_URL` on the server, the page's origin
/// in the browser (the same address when the site is reached through it).
pub fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        use_context::<crate::server::state::AppState>()
            .map(|s| s.settings.site.0.clone())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

/// `path` is the page's own path (with its query when it matters); `image`
/// the path of its figure as a PNG (`services::share_cards`), if it has one.
#[component]
pub fn Preview(
    title: String,
    description: String,
    path: String,
    #[prop(optional)] image: Option<String>,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let origin = site_origin();
    let url = format!("{origin}{path}");
    let image = image.map(|i| format!("{origin}{i}"));
    let card = if image.is_some() {
        "summary_large_image"
    } else {
        "summary"
    };
    let figure = image.map(|src| {
        view! {
            <Meta property="og:image" content=src.clone() />
            <Meta property="og:image:type" content="image/png" />
            <Meta property="og:image:width" content="1200" />
            <Meta property="og:image:height" content="630" />
            <Meta property="og:image:alt" content=description.clone() />
            <Meta name="twitter:image" content=src />
            <Meta name="twitter:image:alt" content=description.clone() />
        }
    });
    let og_locale = if locale == Locale::en {
        "en_US"
    } else {
        "es_MX"
    };
    view! {
        <Meta name="description" content=description.clone() />
        <Meta property="og:type" content="website" />
        <Meta property="og:site_name" content="Voces" />
        <Meta property="og:locale" content=og_locale />
        <Meta property="og:title" content=title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:url" content=url />
        {figure}
        <Meta name="twitter:card" content=card />
        <Meta name="twitter:title" content=title />
        <Meta name="twitter:description" content=description />
    }
}
