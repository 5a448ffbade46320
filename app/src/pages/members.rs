//! `/bodies/{key}/members`: the roster with e-mails and accounts, where a
//! body's secretary or chair invites members to an account.
use crate::api::accounts::managed_roster;
use crate::components::forms::{problem_text, refused, DoneNotice, ProblemSummary};
use crate::components::labels::member_role_str;
use crate::domain::accounts::ManagedMember;
use crate::domain::forms::FormState;
use crate::domain::roster_table::{arrange, AccountState, RosterQuery, SortBy};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let invited = use_query_map().with_untracked(|q| q.get("email").unwrap_or_default());
    let count = use_query_map().with_untracked(|q| q.get("count").unwrap_or_default());
    let k2 = key.clone();
    let data = Resource::new(move || k2.clone(), managed_roster);
    // A refused invitation comes back for one member.
    let back = refused("member_invite");
    // Tracked: a sort link followed in the browser changes only the query.
    let query_map = use_query_map();
    view! {
        <Title text=td_string!(locale, roster.title) />
        <section class="page-head">
            <p class="crumbs">
                <a href=format!("/bodies/{key}")>{key.clone()}</a>
            </p>
            <h1>{t!(i18n, roster.title)}</h1>
            <p class="lead">{t!(i18n, roster.intro)}</p>
        </section>
        <p class="actions">
            <a class="button" href=format!("/bodies/{key}/members/new")>{t!(i18n, roster.add)}</a>
            " "
            <a class="button secondary" href=format!("/bodies/{key}/settings")>{t!(i18n, settings.link)}</a>
            " "
            <a class="button secondary" href=format!("/bodies/{key}/members/import")>{t!(i18n, csv.import_link)}</a>
            " "
            <a class="button secondary" href=format!("/bodies/{key}/members.csv") download="">{t!(i18n, csv.download)}</a>
        </p>
        <DoneNotice texts=vec![
            ("invited", format!("{} {invited}", td_string!(locale, roster.invited))),
            ("imported", format!("{} {count}", td_string!(locale, csv.imported))),
        ] />
        <ProblemSummary form="member_invite" />
        <Suspense fallback=|| ()>
            {move || {
                let back = back.clone();
                let query = query_map.with(|q| RosterQuery::from_query(|k| q.get(k)));
                Suspend::new(async move {
                    match data.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(r) if r.members.is_empty() => {
                            view! { <p class="empty">{t!(i18n, roster.no_members)}</p> }.into_any()
                        }
                        Ok(r) => {
                            let vacancies = r.seats.filter(|n| *n > 0).map(|n| (n - r.seat_holders as i32).max(0));
                            let expiring = r.expiring.clone();
                            let total = r.members.len();
                            let (current, former) = arrange(&r.members, &query);
                            let shown = current.len() + former.len();
                            view! {
                                <h2>{r.body_name.clone()}</h2>
                                <div class="columns dashboard">
                                    <section class="card" aria-labelledby="vacancies-h">
                                        <h3 id="vacancies-h">{t!(i18n, roster.vacancies)}</h3>
                                        {match vacancies {
                                            Some(v) => view! {
                                                <p class="stat-value">{v}</p>
                                                <p class="muted">{r.seat_holders} " / " {r.seats.unwrap_or_default()}</p>
                                            }.into_any(),
                                            None => view! { <p class="muted">{t!(i18n, roster.no_seat_count)}</p> }.into_any(),
                                        }}
                                    </section>
                                    <section class="card" aria-labelledby="expiring-h">
                                        <h3 id="expiring-h">{t!(i18n, roster.expiring)}</h3>
                                        {if expiring.is_empty() {
                                            view! { <p class="muted">{t!(i18n, roster.none_expiring)}</p> }.into_any()
                                        } else {
                                            view! {
                                                <ul class="plain-list">
                                                    {expiring.into_iter().map(|(name, key, end)| view! {
                                                        <li>{name} " (" {key} ") · " {t!(i18n, roster.ends)} " " <time datetime=end.clone()>{end.clone()}</time></li>
                                                    }).collect_view()}
                                                </ul>
                                            }.into_any()
                                        }}
                                    </section>
                                </div>
                                <Filters query=query.clone() />
                                <p class="muted" role="status">{t!(i18n, roster.shown)} " " {shown} " " {t!(i18n, roster.of)} " " {total}</p>
                                <section class="roster-current">
                                    <h2 id="current-h">{t!(i18n, roster.current_h)} " (" {current.len()} ")"</h2>
                                    <RosterTable rows=current query=query.clone() body_key=r.body_key.clone() back=back.clone() caption="current-h" />
                                </section>
                                <section class="roster-former">
                                    <h2 id="former-h">{t!(i18n, roster.former_h)} " (" {former.len()} ")"</h2>
                                    <p class="hint">{t!(i18n, roster.former_hint)}</p>
                                    <RosterTable rows=former query=query.clone() body_key=r.body_key.clone() back=back.clone() caption="former-h" />
                                </section>
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

fn sort_label(locale: Locale, column: SortBy) -> &'static str {
    match column {
        SortBy::Name => td_string!(locale, roster.name),
        SortBy::Seat => td_string!(locale, roster.role),
        SortBy::TermEnd => td_string!(locale, roster.term),
        SortBy::Account => td_string!(locale, roster.account),
    }
}

/// The filter form: a GET form, so it works without JavaScript and the
/// filtered list has an address.
#[component]
fn Filters(query: RosterQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let roles = ["chair", "secretary", "representative", "alternate"];
    let accounts = [
        ("none", td_string!(locale, roster.account_none)),
        ("pending", td_string!(locale, roster.pending)),
        ("linked", td_string!(locale, roster.account_linked)),
    ];
    view! {
        <form method="get" action="#members-table" class="filters roster-filters" id="members-table">
            <div class="field">
                <label for="roster-q">{t!(i18n, roster.filter_words)}</label>
                <input id="roster-q" name="q" type="search" value=query.words.clone() />
            </div>
            <div class="field">
                <label for="roster-role">{t!(i18n, roster.role)}</label>
                <select id="roster-role" name="role">
                    <option value="" selected=query.role.is_empty()>{t!(i18n, roster.any_role)}</option>
                    {roles.into_iter().map(|r| view! { <option value=r selected=query.role == r>{member_role_str(locale, r)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="roster-account">{t!(i18n, roster.account)}</label>
                <select id="roster-account" name="account">
                    <option value="" selected=query.account.is_empty()>{t!(i18n, roster.any_account)}</option>
                    {accounts.into_iter().map(|(v, label)| view! { <option value=v selected=query.account == v>{label}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="roster-sort">{t!(i18n, roster.sort_by)}</label>
                <select id="roster-sort" name="sort">
                    {SortBy::ALL.into_iter().map(|c| view! { <option value=c.as_str() selected=query.sort == c>{sort_label(locale, c)}</option> }).collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button secondary">{t!(i18n, roster.apply)}</button>
                {query.filtered().then(|| view! { <a href="?#members-table">{t!(i18n, roster.clear)}</a> })}
            </div>
        </form>
    }
}

/// One of the two tables (current or former terms). Column headers sort;
/// each row that has no account yet offers the invitation, folded.
#[component]
fn RosterTable(
    rows: Vec<ManagedMember>,
    query: RosterQuery,
    body_key: String,
    back: Option<FormState>,
    caption: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, roster.no_match)}</p> }.into_any();
    }
    let head = move |column: SortBy| {
        view! {
            <th scope="col" aria-sort=query.aria_sort(column)>
                <a href=query.sort_href(column)>{sort_label(locale, column)}</a>
            </th>
        }
    };
    view! {
        <div class="table-wrap" role="region" aria-labelledby=caption tabindex="0">
            <table class="roster-table">
                <thead>
                    <tr>{head(SortBy::Name)}{head(SortBy::Seat)}{head(SortBy::TermEnd)}{head(SortBy::Account)}</tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|m| view! { <Row m body_key=body_key.clone() back=back.clone() /> }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn Row(m: ManagedMember, body_key: String, back: Option<FormState>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = format!("invite-{}", m.key);
    let mine = back.filter(|f| f.value("member").as_deref() == Some(m.key.as_str()));
    let typed = mine.as_ref().and_then(|f| f.value("email"));
    let problem = mine.as_ref().and_then(|f| f.error("email"));
    let action = routes::MEMBER_INVITE.path(&[&body_key, &m.key]);
    let end = m
        .term_end
        .clone()
        .unwrap_or_else(|| td_string!(locale, roster.open_ended).to_string());
    let account = match AccountState::of(&m) {
        AccountState::Linked => view! { <span class="badge ok">{t!(i18n, roster.account_linked)}</span> " " <span class="muted">{m.account.clone()}</span> }.into_any(),
        AccountState::Pending => view! { <span class="badge">{t!(i18n, roster.pending)}</span> }.into_any(),
        AccountState::None => view! { <span class="muted">{t!(i18n, roster.account_none)}</span> }.into_any(),
    };
    // Former terms are not invited: the person's current term is.
    let invite = (m.account.is_none() && (m.active || m.upcoming)).then(|| {
        let value = typed.or(m.email.clone()).unwrap_or_default();
        let invalid = problem.is_some();
        let error_id = format!("{id}-error");
        let described = problem.as_ref().map(|_| error_id.clone());
        view! {
            <details class="row-invite" open=mine.is_some()>
                <summary>{t!(i18n, roster.invite_summary)} <span class="visually-hidden">" " {m.name.clone()}</span></summary>
                <form method="post" action=action class="stack">
                    <input type="hidden" name="member" value=m.key.clone() />
                    <div class="field" class:invalid=invalid>
                        <label for=id.clone()>{t!(i18n, roster.invite_label)}</label>
                        <input id=id.clone() name="email" type="email" value=value aria-describedby=described />
                        {problem.map(|code| view! { <p class="field-error" id=error_id.clone()>{problem_text(locale, &code)}</p> })}
                    </div>
                    <button type="submit" class="button small">{t!(i18n, roster.invite)}</button>
                </form>
            </details>
        }
    });
    view! {
        <tr>
            <th scope="row">
                <a href=format!("/bodies/{body_key}/members/{}/edit", m.key)>{m.name.clone()}</a>
                <span class="muted member-meta">{t!(i18n, roster.key)} " " {m.key.clone()} {m.email.clone().map(|e| view! { " · " {e} })}</span>
            </th>
            <td data-label=td_string!(locale, roster.role)>{member_role_str(locale, &m.role)}</td>
            <td data-label=td_string!(locale, roster.term)>
                <time datetime=m.term_start.clone()>{m.term_start.clone()}</time> " – " {end}
                {m.upcoming.then(|| view! { " " <span class="badge">{t!(i18n, roster.upcoming)}</span> })}
                {m.withdrawn_on.clone().map(|w| view! { <br /> <span class="muted">{t!(i18n, roster.withdrawn)} " " {w}</span> })}
            </td>
            <td data-label=td_string!(locale, roster.account)>{account} {invite}</td>
        </tr>
    }
}
