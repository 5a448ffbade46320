//! An official's inbox (`/inbox`).
use super::*;
use crate::components::error::Loaded;

/// An official's inbox (`/inbox`): referrals to their authorities in
/// working order (overdue, open, answered), with counts per status.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let filter = filter_from_query();
    let f2 = filter.clone();
    let data = Resource::new(move || f2.clone(), crate::api::demands::load_inbox);
    view! {
        <Title text=td_string!(locale, demand.inbox_title) />
        <section class="page-head">
            <h1>{t!(i18n, demand.inbox_title)}</h1>
            <p class="lead">{t!(i18n, demand.inbox_intro)}</p>
        </section>
        <Loaded data view=move |inbox| view! { <InboxView inbox filter=filter.clone() /> } />
    }
}

#[component]
pub(super) fn InboxView(
    inbox: crate::domain::demands::Inbox,
    filter: DemandFilter,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // Each count narrows the list the filters already show.
    let inbox_link =
        |f: DemandFilter, page: u64| query_string(&f, page).replacen("/demands?", "/inbox?", 1);
    let overdue_link = inbox_link(
        DemandFilter {
            overdue: "1".into(),
            status: String::new(),
            ..filter.clone()
        },
        1,
    );
    let counts = inbox.counts.iter().map(|(s, n)| {
        let href = inbox_link(DemandFilter { status: s.as_str().into(), overdue: String::new(), ..filter.clone() }, 1);
        view! {
            <li><a href=href>{labels::referral_status(locale, *s)} ": " <strong>{*n}</strong></a></li>
        }
    }).collect_view();
    let (page, pages) = (inbox.page, inbox.pages);
    // Ordered by urgency, not by date: plain "previous / next".
    let words = crate::components::pager::PagerWords {
        label: td_string!(locale, demand.pages),
        prev: td_string!(locale, demand.inbox_prev),
        next: td_string!(locale, demand.inbox_next),
    };
    let pager =
        crate::components::pager::pager(page, pages, words, |p| inbox_link(filter.clone(), p));
    let rows = inbox.rows.clone();
    view! {
        <ul class="status-counts" aria-label=td_string!(locale, demand.counts)>
            {counts}
            <li><a href=overdue_link>{t!(i18n, demand.overdue_count)} ": " <strong>{inbox.overdue}</strong></a></li>
        </ul>
        <form method="get" action="/inbox" class="demand-filters card">
            <div class="field-row">
                <FilterSelect id="i-authority" name="authority" label=td_string!(locale, demand.authority).to_string() options=inbox.authorities.clone() current=filter.authority.clone() />
                <FilterSelect id="i-body" name="body" label=td_string!(locale, demand.body).to_string() options=inbox.bodies.clone() current=filter.body.clone() />
                <FilterSelect id="i-topic" name="topic" label=td_string!(locale, demand.topic).to_string() options=topic_options(locale) current=filter.topic.clone() />
                <FilterSelect id="i-status" name="status" label=td_string!(locale, demand.status).to_string() options=status_options(locale) current=filter.status.clone() />
            </div>
            <div class="field checkbox">
                <input id="i-overdue" name="overdue" type="checkbox" value="1" checked=filter.overdue == "1" />
                <label for="i-overdue">{t!(i18n, demand.only_overdue)}</label>
            </div>
            <p class="actions">
                <button type="submit" class="button primary">{t!(i18n, demand.apply)}</button>
                <a class="button secondary" href="/inbox">{t!(i18n, demand.clear)}</a>
            </p>
        </form>
        <p class="count" aria-live="polite">{format!("{} {}", inbox.total, td_string!(locale, demand.referrals_found))}</p>
        {if rows.is_empty() {
            view! { <p class="empty">{t!(i18n, demand.inbox_empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="demand-list">
                    {rows.into_iter().map(|r| {
                        let href = format!("/bodies/{}/demands/{}#referrals-h", r.body_key, encode_component(&r.demand_key));
                        view! {
                            <li class="demand">
                                <a class="demand-title" href=href>{r.title.clone()}</a>
                                <span class="muted">
                                    <span class="badge">{labels::topic(locale, r.topic)}</span>
                                    " · " {r.body_name.clone()} " · " {r.authority_name.clone()}
                                </span>
                                <span>
                                    <StatusBadge shown=&r.clock />
                                    " " {labels::clock_text(locale, &r.clock)}
                                </span>
                                <span class="deadline">
                                    {if r.clock.answered { t!(i18n, demand.answered_deadline_label).into_any() } else { t!(i18n, demand.deadline).into_any() }}
                                    " " <time datetime=r.clock.effective_deadline.clone()>{dates::date_time_zoned(locale, &r.clock.effective_deadline, &r.clock.zone)}</time>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {pager}
    }
}
