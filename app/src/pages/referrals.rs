//! `/referrals`: the list behind every figure. Its GET form (which works
//! without JavaScript) takes the same filters as `GET /api/v1/referrals`,
//! and a figure's link sets them so that the list's total is the figure, at
//! the same `as_of`. Each referral explains its clock.
use crate::api::referrals::list_referrals;
use crate::components::pager::PagerWords;
use crate::components::status::{Shown, StatusBadge};
use crate::components::{dates, error::ErrorNotice, labels};
use crate::domain::enums::{DayKind, ReferralStatus};
use crate::domain::referrals::{ClockExplanation, ReferralFilter, ReferralItem, ReferralListView};
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::pages::demands::FilterSelect;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn filter_from_query() -> ReferralFilter {
    use_query_map().with_untracked(|q| ReferralFilter {
        as_of: q.get("as_of").unwrap_or_default(),
        body: q.get("body").unwrap_or_default(),
        authority: q.get("authority").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        overdue: q.get("overdue").unwrap_or_default(),
        window: q.get("window").unwrap_or_default(),
        considered: q.get("considered").unwrap_or_default(),
        answered: q.get("answered").unwrap_or_default(),
        on_time: q.get("on_time").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        after: q.get("after").unwrap_or_default(),
        before: q.get("before").unwrap_or_default(),
    })
}

#[component]
pub fn ReferralsPage() -> impl IntoView {
    let filter = filter_from_query();
    let f2 = filter.clone();
    let data = Resource::new(move || f2.clone(), list_referrals);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=td_string!(locale, referrals.title) />
        <section class="page-head">
            <h1>{t!(i18n, referrals.title)}</h1>
            <p class="lead">{t!(i18n, referrals.intro)}
                " " <a href="/methodology#clock">{t!(i18n, referrals.how_counted)}</a></p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(view) => view! { <ListView view filter /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn yes_no(locale: Locale) -> Vec<(String, String)> {
    vec![
        ("1".into(), td_string!(locale, referrals.yes).to_string()),
        ("0".into(), td_string!(locale, referrals.no).to_string()),
    ]
}

#[component]
fn ListView(view: ReferralListView, filter: ReferralFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let page = view.page;
    let statuses: Vec<(String, String)> = ReferralStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                labels::referral_status(locale, *s).to_string(),
            )
        })
        .collect();
    let as_of_date = filter.as_of.get(..10).unwrap_or_default().to_string();
    let link = |p: u64| page.page_link(&filter, "/referrals", p);
    let csv = format!(
        "/api/v1/referrals.csv?as_of={}",
        encode_component(&page.as_of)
    );
    let json = format!("/api/v1/referrals?{}", filter.query(1));
    let (total, items) = (page.total, page.items.clone());
    let active = filter.query(1).split('&').filter(|p| !p.is_empty()).count();
    view! {
        <p class="count" aria-live="polite" id="referrals-total">
            <strong data-total=total.to_string()>{total}</strong>
            " " {t!(i18n, referrals.found)} " · " {t!(i18n, referrals.at)} " "
            <time datetime=page.as_of.clone()>{dates::date_time(locale, &page.as_of)}</time> " UTC"
            " · " <a href=csv download="">{t!(i18n, demand.download_csv)}</a>
            " · " <a href=json>{t!(i18n, demand.download_json)}</a>
        </p>
        <details class="filters-toggle" open=filter.query(1).is_empty()>
        <summary>{t!(i18n, referrals.filters)} {(active > 0).then(|| format!(" ({active})"))}</summary>
        <form method="get" action="/referrals" class="demand-filters card">
            <div class="field-row">
                <div class="field"><label for="r-as-of">{t!(i18n, referrals.as_of)}</label>
                    <input id="r-as-of" name="as_of" type="date" value=as_of_date /></div>
                <FilterSelect id="r-body" name="body" label=td_string!(locale, demand.body).to_string() options=view.bodies.clone() current=filter.body.clone() />
                <FilterSelect id="r-authority" name="authority" label=td_string!(locale, demand.authority).to_string() options=view.authorities.clone() current=filter.authority.clone() />
                <FilterSelect id="r-status" name="status" label=td_string!(locale, demand.status).to_string() options=statuses current=filter.status.clone() />
                <FilterSelect id="r-window" name="window" label=td_string!(locale, referrals.window).to_string() options=yes_no(locale) current=filter.window.clone() />
                <FilterSelect id="r-overdue" name="overdue" label=td_string!(locale, referrals.overdue).to_string() options=yes_no(locale) current=filter.overdue.clone() />
                <FilterSelect id="r-considered" name="considered" label=td_string!(locale, referrals.considered).to_string() options=yes_no(locale) current=filter.considered.clone() />
                <FilterSelect id="r-answered" name="answered" label=td_string!(locale, referrals.answered).to_string() options=yes_no(locale) current=filter.answered.clone() />
                <FilterSelect id="r-on-time" name="on_time" label=td_string!(locale, referrals.on_time).to_string() options=yes_no(locale) current=filter.on_time.clone() />
            </div>
            <p class="actions">
                <button type="submit" class="button primary">{t!(i18n, demand.apply)}</button>
                <a class="button secondary" href="/referrals">{t!(i18n, demand.clear)}</a>
            </p>
        </form>
        </details>
        {if items.is_empty() {
            view! { <p class="empty">{t!(i18n, referrals.none_found)}</p> }.into_any()
        } else {
            view! { <ul class="demand-list referral-list">{items.into_iter().map(|r| view! { <Item r as_of=page.as_of.clone() /> }).collect_view()}</ul> }.into_any()
        }}
        {crate::components::pager::pager(page.page, page.pages, PagerWords {
            label: td_string!(locale, demand.pages),
            prev: td_string!(locale, referrals.previous),
            next: td_string!(locale, referrals.next),
        }, link)}
    }
}

#[component]
fn Item(
    r: ReferralItem,
    /// The list's instant, which the demand's page reads its clock at.
    as_of: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!(
        "/bodies/{}/demands/{}?as_of={}#referrals-h",
        r.body,
        encode_component(&r.demand),
        encode_component(&as_of)
    );
    view! {
        <li class="demand referral">
            <a class="demand-title" href=href>{r.title.clone()}</a>
            <span class="muted">
                {r.body_name.clone()} " → " <strong>{r.authority_name.clone()}</strong>
                " · " <StatusBadge shown=Shown { status: r.status, contested: r.contested, overdue: r.overdue, withdrawn: false } />
                {r.confidential.then(|| view! { " · " <span class="badge muted">{t!(i18n, demand.confidential)}</span> })}
            </span>
            <ClockExplained c=r.clock />
        </li>
    }
}

/// Days for reading: whole when whole, else one decimal ("2,5" in Spanish).
fn days(locale: Locale, d: f64) -> String {
    let d = d.abs();
    let text = if (d - d.round()).abs() < 0.05 {
        format!("{}", d.round() as i64)
    } else {
        format!("{d:.1}")
    };
    match locale {
        Locale::es => text.replace('.', ","),
        Locale::en => text,
    }
}

/// A referral's clock in words: "sent … · rule: 45 calendar days (the
/// authority's) · paused 3 days for a clarification · due … · answered …:
/// 2 days late", in the body's time zone, named.
#[component]
pub fn ClockExplained(c: ClockExplanation) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let when = move |s: &str| dates::date_time(locale, s);
    let rule = match &c.rule {
        Some(r) => {
            let kind = match r.day_kind {
                DayKind::Calendar => td_string!(locale, referrals.calendar_days),
                DayKind::Business => td_string!(locale, referrals.business_days),
            };
            let by = if r.set_by == "body" {
                td_string!(locale, referrals.set_by_body)
            } else {
                td_string!(locale, referrals.set_by_authority)
            };
            let mut text = format!(
                "{} {} {kind} ({by})",
                td_string!(locale, referrals.rule),
                r.days
            );
            if !r.holidays_skipped.is_empty() {
                let list: Vec<String> = r
                    .holidays_skipped
                    .iter()
                    .map(|d| dates::date(locale, &format!("{d}T12:00:00Z")))
                    .collect();
                text.push_str(&format!(
                    "; {}: {}",
                    td_string!(locale, referrals.holidays_skipped),
                    list.join(", ")
                ));
            }
            if c.recorded {
                text.push_str(&format!("; {}", td_string!(locale, referrals.recorded)));
            }
            text
        }
        None => td_string!(locale, referrals.recorded_rules_changed).to_string(),
    };
    let pauses: Vec<String> = c
        .clarifications
        .iter()
        .map(|x| match (x.pauses, &x.provided_at, x.paused_days) {
            (true, Some(end), Some(d)) => format!(
                "{} {} {} {} ({} → {})",
                td_string!(locale, referrals.paused_for),
                days(locale, d),
                td_string!(locale, demand.days),
                td_string!(locale, referrals.for_clarification),
                when(&x.requested_at),
                when(end)
            ),
            (true, _, _) => format!(
                "{} {}",
                td_string!(locale, referrals.paused_since),
                when(&x.requested_at)
            ),
            (false, _, _) => format!(
                "{} {}: {}",
                td_string!(locale, referrals.late_request),
                when(&x.requested_at),
                td_string!(locale, referrals.no_pause)
            ),
        })
        .collect();
    let outcome = match (&c.first_answer_at, c.days_late) {
        (Some(a), Some(late)) if late > 0.0 => format!(
            "{} {}: {} {} {}",
            td_string!(locale, referrals.answered_at),
            when(a),
            days(locale, late),
            td_string!(locale, demand.days),
            td_string!(locale, referrals.late)
        ),
        (Some(a), _) => format!(
            "{} {}: {}",
            td_string!(locale, referrals.answered_at),
            when(a),
            td_string!(locale, referrals.in_time)
        ),
        (None, Some(late)) => format!(
            "{} {} {}",
            td_string!(locale, demand.overdue_by),
            days(locale, late),
            td_string!(locale, demand.days)
        ),
        (None, None) => td_string!(locale, referrals.unanswered).to_string(),
    };
    view! {
        <ol class="clock-explained">
            <li>{td_string!(locale, referrals.sent)} " " {when(&c.sent_at)}</li>
            <li>{rule}</li>
            <li>{td_string!(locale, referrals.base_deadline)} " " {when(&c.base_deadline)}</li>
            {pauses.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            {(c.effective_deadline != c.base_deadline).then(|| view! {
                <li>{td_string!(locale, referrals.effective_deadline)} " " {when(&c.effective_deadline)}</li>
            })}
            <li>{outcome}</li>
            <li class="muted">{td_string!(locale, referrals.time_zone)} " " {c.timezone.clone()}</li>
        </ol>
    }
}
