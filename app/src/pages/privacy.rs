//! The privacy notice ("Aviso de privacidad"): what personal data is held,
//! why, who sees it, for how long, and how to exercise ARCO rights. Linked
//! from every page's footer.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=td_string!(locale, privacy.title) />
        <article class="prose narrow privacy">
            <h1>{t!(i18n, privacy.title)}</h1>
            <p class="lead">{t!(i18n, privacy.intro)}</p>
            <h2 id="who">{t!(i18n, privacy.h_who)}</h2>
            <p>{t!(i18n, privacy.p_who)}</p>
            <h2 id="data">{t!(i18n, privacy.h_data)}</h2>
            <p>{t!(i18n, privacy.p_data_members)}</p>
            <p>{t!(i18n, privacy.p_data_accounts)}</p>
            <p>{t!(i18n, privacy.p_data_demands)}</p>
            <p>{t!(i18n, privacy.p_data_tech)}</p>
            <h2 id="why">{t!(i18n, privacy.h_why)}</h2>
            <p>{t!(i18n, privacy.p_why)}</p>
            <h2 id="who-sees">{t!(i18n, privacy.h_see)}</h2>
            <p>{t!(i18n, privacy.p_see_public)}</p>
            <p>{t!(i18n, privacy.p_see_body)}</p>
            <p>{t!(i18n, privacy.p_see_confidential)}</p>
            <h2 id="how-long">{t!(i18n, privacy.h_keep)}</h2>
            <p>{t!(i18n, privacy.p_keep)}</p>
            <h2 id="arco">{t!(i18n, privacy.h_arco)}</h2>
            <p>{t!(i18n, privacy.p_arco)}</p>
            <p>{t!(i18n, privacy.p_arco_how)}</p>
            <h2 id="cookies">{t!(i18n, privacy.h_cookies)}</h2>
            <p>{t!(i18n, privacy.p_cookies)}</p>
        </article>
    }
}
