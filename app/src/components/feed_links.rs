//! A page's feeds: announced in the head (`<link rel="alternate">`, which
//! feed readers look for) and offered in the page, Atom and JSON Feed.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Link;

/// `atom` and `json` are the feeds' addresses; `title` names what they follow.
#[component]
pub fn FeedLinks(atom: String, json: String, title: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Link rel="alternate" type_="application/atom+xml" href=atom.clone() title=title.clone() />
        <Link rel="alternate" type_="application/feed+json" href=json.clone() title=title />
        <p class="hint feed-links">
            {t!(i18n, feed.follow)} " "
            // Feeds are files for a reader, never pages of the app.
            <a href=atom rel="external" type="application/atom+xml">"Atom"</a> " · "
            <a href=json rel="external" type="application/feed+json">"JSON Feed"</a>
        </p>
    }
}
