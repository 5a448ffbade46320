//! One demand (`/bodies/{key}/demands/{demand}`): its text, each
//! referral's clock and timeline, and the forms of its thread (answer,
//! clarify, verdict), withdrawal and confidentiality.
use super::*;
use crate::components::preview::Preview;

#[component]
pub fn DemandPage() -> impl IntoView {
    let params = use_params_map();
    let body = params.with_untracked(|p| p.get("key").unwrap_or_default());
    let key = params.with_untracked(|p| p.get("demand").unwrap_or_default());
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let data = Resource::new(
        move || (body.clone(), key.clone(), as_of.clone()),
        |(b, k, t)| load_demand(b, k, t),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <DemandDetail d /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub(super) fn DemandDetail(d: DemandView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = match (&d.text_html, d.withheld) {
        (_, true) => view! { <p class="alert">{t!(i18n, demand.withheld)}</p> }.into_any(),
        (Some(html), false) => {
            view! { <div class="prose" inner_html=html.clone()></div> }.into_any()
        }
        (None, false) => view! { <p class="empty">{t!(i18n, demand.no_text)}</p> }.into_any(),
    };
    let confidential = d.confidential;
    let demand_path = routes::DEMAND.path(&[&d.body_key, &d.key]);
    // The link preview: where it comes from, its topic and each answer's state.
    let preview = {
        let statuses: Vec<String> = d
            .referrals
            .iter()
            .map(|r| {
                format!(
                    "{}: {}",
                    r.authority_name,
                    labels::referral_status(locale, r.clock.status)
                )
            })
            .collect();
        format!(
            "{} · {} · {}",
            d.body_name,
            labels::topic(locale, d.topic),
            statuses.join("; ")
        )
    };
    let meeting = d.meeting.clone().map(|(k, title)| {
        view! {
            <div><dt>{t!(i18n, demand.adopted_at)}</dt>
            <dd><a href=format!("/bodies/{}/meetings/{}", d.body_key, k)>{title}</a></dd></div>
        }
    });
    view! {
        <Title text=d.title.clone() />
        <Preview title=d.title.clone() description=preview path=demand_path.clone() />
        <nav class="crumbs" aria-label=td_string!(locale, demand.list_title)>
            <a href=format!("/demands?body={}", d.body_key)>{t!(i18n, demand.list_title)} " · " {d.body_name.clone()}</a>
        </nav>
        <section class="page-head">
            <p class="eyebrow">
                <span class="badge">{labels::topic(locale, d.topic)}</span>
                {d.confidential.then(|| view! { " " <span class="badge muted">{t!(i18n, demand.confidential)}</span> })}
                {d.withdrawn_at.clone().map(|_| view! { " " <span class="badge danger">{t!(i18n, demand.withdrawn)}</span> })}
            </p>
            <h1>{d.title.clone()}</h1>
            <FeedLinks atom=format!("{demand_path}/feed.atom") json=format!("{demand_path}/feed.json") title=d.title.clone() />
            <FollowBox kind=FollowKind::Demand target=format!("{}/{}", d.body_key, d.key) />
            <dl class="facts">
                <div><dt>{t!(i18n, demand.body)}</dt><dd><a href=format!("/bodies/{}", d.body_key)>{d.body_name.clone()}</a></dd></div>
                <div><dt>{t!(i18n, demand.submitted)}</dt><dd><time datetime=d.submitted_at.clone()>{dates::date_time(locale, &d.submitted_at)}</time></dd></div>
                {d.submitted_by.clone().map(|n| view! { <div><dt>{t!(i18n, demand.submitted_by)}</dt><dd>{n}</dd></div> })}
                {meeting}
            </dl>
        </section>
        <DoneNotice texts=vec![
            ("submitted", td_string!(locale, demand.done_submitted).to_string()),
            ("event", td_string!(locale, demand.done_event).to_string()),
            ("verdict", td_string!(locale, demand.done_verdict).to_string()),
            ("edited", td_string!(locale, demand.done_edited).to_string()),
            ("withdrawn", td_string!(locale, demand.done_withdrawn).to_string()),
            ("confidentiality", td_string!(locale, demand.done_confidentiality).to_string()),
        ] />
        {d.withdrawn_at.clone().map(|w| view! {
            <p class="callout">{t!(i18n, demand.withdrawn_note)} " " <time datetime=w.clone()>{dates::date_time(locale, &w)}</time> ". " {t!(i18n, demand.clock_stopped)} "."</p>
        })}
        <ProblemSummary form="withdraw" />
        {d.can_edit.then(|| {
            let withdraw = routes::DEMAND_WITHDRAW.path(&[&d.body_key, &d.key]);
            match refused("withdraw").and_then(|f| f.review) {
                Some(review) => view! { <WithdrawReview action=withdraw back=demand_path.clone() review /> }.into_any(),
                None => view! {
                    <p class="actions">
                        <a class="button primary" href=format!("{demand_path}/edit")>{t!(i18n, demand.edit)}</a>
                        <form method="post" action=withdraw class="inline">
                            <button type="submit" class="button secondary">{t!(i18n, demand.withdraw)}</button>
                        </form>
                    </p>
                    <p class="hint">{t!(i18n, demand.edit_hint)}</p>
                }.into_any(),
            }
        })}
        <section aria-labelledby="text-h">
            <h2 id="text-h">{t!(i18n, demand.text)}</h2>
            {text}
        </section>
        {d.can_set_confidential.then(|| view! { <Confidentiality action=routes::DEMAND_CONFIDENTIALITY.path(&[&d.body_key, &d.key]) confidential=d.confidential /> })}
        <section class="block" aria-labelledby="referrals-h">
            <h2 id="referrals-h">{t!(i18n, demand.referrals)}</h2>
            {d.as_of.clone().map(|t| view! {
                <p class="callout as-of-note">
                    {t!(i18n, demand.read_at)} " " <strong><time datetime=t.clone()>{dates::date_time(locale, &t)}</time></strong>
                    ". " {t!(i18n, demand.read_at_later)} " "
                    <a href=demand_path.clone()>{t!(i18n, demand.read_now_one)}</a>
                </p>
            })}
            <ProblemSummary form="event" />
            <ProblemSummary form="verdict" />
            {d.referrals.into_iter().map(|r| view! { <Referral r keys=(d.body_key.clone(), d.key.clone()) confidential /> }).collect_view()}
        </section>
    }
}

#[component]
pub(super) fn Referral(
    r: ReferralView,
    keys: (String, String),
    confidential: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let c = r.clock.clone();
    let args = [keys.0.as_str(), keys.1.as_str(), r.authority_key.as_str()];
    let events = routes::REFERRAL_EVENTS.path(&args);
    let verdicts = routes::REFERRAL_VERDICTS.path(&args);
    let entries = r.timeline.into_iter().map(|e| {
        let (label, class) = match e.kind {
            TimelineKind::Event(k) => (labels::event_kind(locale, k), "event"),
            TimelineKind::Verdict(v) => (labels::verdict(locale, v), "verdict"),
        };
        view! {
            <li class=format!("timeline-entry {class}") class:later=e.after_as_of>
                <time datetime=e.at.clone()>{dates::date_time(locale, &e.at)}</time>
                <strong>{label}</strong>
                {e.after_as_of.then(|| view! { " " <span class="badge muted">{t!(i18n, demand.later_entry)}</span> })}
                {e.withheld.then(|| view! { <p class="muted">{t!(i18n, demand.entry_withheld)}</p> })}
                {e.html.map(|h| view! { <div class="prose" inner_html=h></div> })}
                {e.evidence_url.map(|u| view! { <a href=u.clone() rel="noopener noreferrer nofollow">{t!(i18n, demand.evidence)}</a> })}
            </li>
        }
    }).collect_view();
    view! {
        <article class="card referral">
            <h3>{r.authority_name.clone()}</h3>
            <p>
                <StatusBadge shown=&c />
                " " {labels::clock_text(locale, &c)}
            </p>
            {(!c.withdrawn).then(|| view! {
                <p class="muted">{t!(i18n, demand.deadline)} " " <time datetime=c.effective_deadline.clone()>{dates::date_time_zoned(locale, &c.effective_deadline, &c.zone)}</time></p>
            })}
            <details class="clock-details">
                <summary>{t!(i18n, demand.why_deadline)}</summary>
                <ClockExplained c=r.explained.clone() />
                <p><a href="/methodology#clock">{t!(i18n, dash.methodology_link)}</a></p>
            </details>
            <ol class="timeline">
                <li class="timeline-entry"><strong>{t!(i18n, demand.sent)}</strong></li>
                {entries}
            </ol>
            {reviewing("event", &r.authority_key).map(|review| {
                let kind = typed("event", &r.authority_key, "kind");
                let what = kind.parse::<EventKind>().map(|k| labels::event_kind(locale, k)).unwrap_or_default().to_string();
                let fix = if kind == EventKind::ClarificationProvided.as_str() { format!("#clarify-{}-text", r.authority_key) } else { format!("#event-{}-text", r.authority_key) };
                let hidden = ["kind", "text", "evidence_url"].map(|n| (n, typed("event", &r.authority_key, n)));
                view! { <ReviewPanel action=events.clone() authority=r.authority_key.clone() what review hidden=hidden.to_vec() fix /> }
            })}
            {reviewing("verdict", &r.authority_key).map(|review| {
                let verdict = typed("verdict", &r.authority_key, "verdict");
                let what = verdict.parse::<Verdict>().map(|v| labels::verdict(locale, v)).unwrap_or_default().to_string();
                let fix = format!("#verdict-{}-verdict", r.authority_key);
                let hidden = ["verdict", "note"].map(|n| (n, typed("verdict", &r.authority_key, n)));
                view! { <ReviewPanel action=verdicts.clone() authority=r.authority_key.clone() what review hidden=hidden.to_vec() fix /> }
            })}
            {r.can_answer.then(|| view! { <AnswerForm action=events.clone() authority=r.authority_key.clone() paused=c.awaiting_reply confidential /> })}
            {(r.can_respond && c.awaiting_reply).then(|| view! { <ClarifyForm action=events.clone() authority=r.authority_key.clone() confidential /> })}
            {(r.can_respond && c.answered).then(|| view! { <VerdictForm action=verdicts.clone() authority=r.authority_key.clone() confidential /> })}
        </article>
    }
}

/// The review step of this referral's card's form, if it is waiting.
fn reviewing(form: &str, authority: &str) -> Option<Review> {
    refused(form)
        .filter(|f| f.value("authority").as_deref() == Some(authority))
        .and_then(|f| f.review)
}

/// Who is told by mail, in words.
#[component]
fn ToldList(told: Vec<Told>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if told.is_empty() {
        return view! { <p>{t!(i18n, demand.told_none)}</p> }.into_any();
    }
    let count = move |n: usize| {
        let word = if n == 1 {
            td_string!(locale, demand.address_one)
        } else {
            td_string!(locale, demand.address_many)
        };
        format!("{n} {word}")
    };
    let items = told
        .into_iter()
        .map(|t| {
            let (name, who, n) = match t {
                Told::Council { name, count: n } => {
                    (name, td_string!(locale, demand.told_council), n)
                }
                Told::Authority { name, count: n } => {
                    (name, td_string!(locale, demand.told_authority), n)
                }
            };
            view! { <li><strong>{name}</strong> ": " {who} " (" {count(n)} ")"</li> }
        })
        .collect_view();
    view! {
        <p>{t!(i18n, demand.told_title)}</p>
        <ul class="told">{items}</ul>
    }
    .into_any()
}

/// A thread form's review step: exactly what will be published, who may
/// read it and who is told. "Publicar" posts the same fields with
/// `confirm=yes`; "Corregir" goes to the form below, filled in as typed.
/// Its button has the focus on load, so the page opens here.
#[component]
fn ReviewPanel(
    action: String,
    authority: String,
    what: String,
    review: Review,
    hidden: Vec<(&'static str, String)>,
    fix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let evidence = hidden
        .iter()
        .find(|(n, v)| *n == "evidence_url" && !v.is_empty())
        .map(|(_, v)| v.clone());
    view! {
        <section class="review" aria-labelledby=format!("review-{authority}-h")>
            <h4 id=format!("review-{authority}-h")>{t!(i18n, demand.review_title)}</h4>
            <p>{t!(i18n, demand.review_lead)}</p>
            <div class="review-entry">
                <strong>{what}</strong>
                {review.html.clone().map(|h| view! { <div class="prose" inner_html=h></div> })}
                {evidence.map(|u| view! { <p><a href=u.clone() rel="noopener noreferrer nofollow">{t!(i18n, demand.evidence)} ": " {u.clone()}</a></p> })}
            </div>
            <Audience confidential=!review.public />
            <ToldList told=review.told.clone() />
            <form method="post" action=action class="actions">
                <input type="hidden" name="authority" value=authority.clone() />
                {hidden.into_iter().map(|(n, v)| view! { <input type="hidden" name=n value=v /> }).collect_view()}
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" class="button primary" autofocus>{t!(i18n, demand.publish)}</button>
                <a class="button secondary" href=fix>{t!(i18n, demand.correct)}</a>
            </form>
        </section>
    }
}

/// Withdrawing's review step: what it does and who is told.
#[component]
fn WithdrawReview(action: String, back: String, review: Review) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="review" aria-labelledby="withdraw-review-h">
            <h2 id="withdraw-review-h">{t!(i18n, demand.withdraw_review_title)}</h2>
            <p>{t!(i18n, demand.withdraw_review_lead)}</p>
            <ToldList told=review.told.clone() />
            <form method="post" action=action class="actions">
                <input type="hidden" name="confirm" value="yes" />
                <button type="submit" class="button danger" autofocus>{t!(i18n, demand.withdraw_confirm)}</button>
                <a class="button secondary" href=back>{t!(i18n, demand.keep)}</a>
            </form>
        </section>
    }
}

/// The text typed in a refused form of this referral's card, if it was one.
pub(super) fn typed(form: &str, authority: &str, field: &str) -> String {
    refused(form)
        .filter(|f| f.value("authority").as_deref() == Some(authority))
        .and_then(|f| f.value(field))
        .unwrap_or_default()
}

#[component]
pub(super) fn AnswerForm(
    action: String,
    authority: String,
    paused: bool,
    confidential: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = |f: &str| format!("event-{authority}-{f}");
    let kinds: Vec<EventKind> = EventKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != EventKind::ClarificationProvided)
        .filter(|k| !(paused && *k == EventKind::ClarificationRequested))
        .collect();
    let chosen = typed("event", &authority, "kind");
    view! {
        <form method="post" action=action class="stack thread-form">
            <h4>{t!(i18n, demand.answer_title)}</h4>
            <Audience confidential />
            <input type="hidden" name="authority" value=authority.clone() />
            <div class="field">
                <label for=id("kind")>{t!(i18n, demand.action)}</label>
                <select id=id("kind") name="kind">
                    {kinds.into_iter().map(|k| view! { <option value=k.as_str() selected=chosen == k.as_str()>{labels::event_kind(locale, k)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("text")>{t!(i18n, demand.answer_text)}</label>
                <textarea id=id("text") name="text" rows="5">{typed("event", &authority, "text")}</textarea>
            </div>
            <div class="field">
                <label for=id("evidence")>{t!(i18n, demand.evidence_url)}</label>
                <input id=id("evidence") name="evidence_url" type="url" value=typed("event", &authority, "evidence_url") />
            </div>
            <p class="hint">{t!(i18n, demand.append_only)}</p>
            <button type="submit" class="button primary">{t!(i18n, demand.review_button)}</button>
        </form>
    }
}

#[component]
pub(super) fn ClarifyForm(action: String, authority: String, confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    let text_id = format!("clarify-{authority}-text");
    view! {
        <form method="post" action=action class="stack thread-form">
            <h4>{t!(i18n, demand.clarify_title)}</h4>
            <Audience confidential />
            <input type="hidden" name="authority" value=authority.clone() />
            <input type="hidden" name="kind" value="clarification_provided" />
            <div class="field">
                <label for=text_id.clone()>{t!(i18n, demand.answer_text)}</label>
                <textarea id=text_id name="text" rows="4">{typed("event", &authority, "text")}</textarea>
            </div>
            <button type="submit" class="button primary">{t!(i18n, demand.review_button)}</button>
        </form>
    }
}

#[component]
pub(super) fn VerdictForm(action: String, authority: String, confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = |f: &str| format!("verdict-{authority}-{f}");
    let chosen = typed("verdict", &authority, "verdict");
    view! {
        <form method="post" action=action class="stack thread-form">
            <h4>{t!(i18n, demand.verdict_title)}</h4>
            <Audience confidential />
            <input type="hidden" name="authority" value=authority.clone() />
            <div class="field">
                <label for=id("verdict")>{t!(i18n, demand.verdict)}</label>
                <select id=id("verdict") name="verdict">
                    {Verdict::ALL.iter().map(|v| view! { <option value=v.as_str() selected=chosen == v.as_str()>{labels::verdict(locale, *v)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("note")>{t!(i18n, demand.note)}</label>
                <textarea id=id("note") name="note" rows="3">{typed("verdict", &authority, "note")}</textarea>
            </div>
            <button type="submit" class="button primary">{t!(i18n, demand.review_button)}</button>
        </form>
    }
}

/// Who will read what is written in a thread form (product.md, "Data
/// protection"): the council and the addressed authorities, or anyone.
#[component]
pub(super) fn Audience(confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    if confidential {
        view! { <p class="audience confidential">{t!(i18n, demand.audience_confidential)}</p> }
            .into_any()
    } else {
        view! { <p class="audience">{t!(i18n, demand.audience_public)}</p> }.into_any()
    }
}

/// The body's switch: confidential at once, public only after confirming.
#[component]
pub(super) fn Confidentiality(action: String, confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="confidentiality-h">
            <h2 id="confidentiality-h">{t!(i18n, demand.confidentiality_title)}</h2>
            <ProblemSummary form="confidentiality" />
            <form method="post" action=action class="stack">
                {if confidential {
                    view! {
                        <p class="hint">{t!(i18n, demand.make_public_hint)}</p>
                        <input type="hidden" name="confidential" value="false" />
                        <div class="field checkbox">
                            <input id="confidentiality-confirm" name="confirm" type="checkbox" value="yes" />
                            <label for="confidentiality-confirm">{t!(i18n, demand.make_public_confirm)}</label>
                        </div>
                        <button type="submit" class="button secondary">{t!(i18n, demand.make_public)}</button>
                    }.into_any()
                } else {
                    view! {
                        <p class="hint">{t!(i18n, demand.make_confidential_hint)}</p>
                        <input type="hidden" name="confidential" value="true" />
                        <button type="submit" class="button secondary">{t!(i18n, demand.make_confidential)}</button>
                    }.into_any()
                }}
            </form>
        </section>
    }
}
