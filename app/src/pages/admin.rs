//! Administration: invite people, grant and revoke roles, disable accounts,
//! see invitations; and the audit log.
use crate::api::accounts::{admin_data, audit_log};
use crate::components::forms::{refused, DoneNotice, Field, ProblemSummary};
use crate::components::labels;
use crate::domain::accounts::{AccountRow, AuditFilter, Choice, InvitationStatus};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const ROLES: [&str; 5] = ["admin", "chair", "secretary", "representative", "official"];

/// "2026-11-28T10:00:00Z" → "2026-11-28 10:00 UTC".
fn short_time(s: &str) -> String {
    s.get(..16)
        .map(|t| format!("{} UTC", t.replace('T', " ")))
        .unwrap_or_else(|| s.to_string())
}

/// Role, body, authority and member fields, shared by the invitation and
/// grant forms.
#[component]
fn GrantFields(
    form: &'static str,
    /// Suffix that keeps ids unique when the form repeats per account.
    suffix: String,
    bodies: Vec<Choice>,
    authorities: Vec<Choice>,
    /// Whether "no role" is offered.
    optional: bool,
    back: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let state = refused(form).filter(|_| back);
    let val = |k: &str| state.as_ref().and_then(|s| s.value(k)).unwrap_or_default();
    let err = |k: &str| state.as_ref().and_then(|s| s.error(k));
    let (role, body, authority) = (val("role"), val("body"), val("authority"));
    let id = |n: &str| format!("{form}{suffix}-{n}");
    let select = move |name: &'static str, label: String, options: Vec<Choice>, current: String| {
        let problem = err(name);
        let error_id = format!("{}-error", id(name));
        let invalid = problem.is_some();
        let aria_invalid = problem.as_ref().map(|_| "true");
        let described = problem.as_ref().map(|_| error_id.clone());
        view! {
            <div class="field" class:invalid=invalid>
                <label for=id(name)>{label}</label>
                <select
                    id=id(name)
                    name=name
                    aria-invalid=aria_invalid
                    aria-describedby=described
                >
                    <option value="">{td_string!(locale, admin.choose)}</option>
                    {options
                        .into_iter()
                        .map(|c| {
                            let selected = c.key == current;
                            view! { <option value=c.key selected=selected>{c.name}</option> }
                        })
                        .collect_view()}
                </select>
                {problem
                    .map(|code| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {crate::components::forms::problem_text(locale, &code)}
                            </p>
                        }
                    })}
            </div>
        }
    };
    let role_problem = err("role");
    let role_invalid = role_problem.is_some();
    view! {
        <div class="field" class:invalid=role_invalid>
            <label for=id("role")>{t!(i18n, admin.role)}</label>
            <select id=id("role") name="role">
                {optional.then(|| view! { <option value="">{td_string!(locale, admin.no_role)}</option> })}
                {ROLES
                    .iter()
                    .map(|r| {
                        view! {
                            <option value=*r selected=role == *r>
                                {labels::role(locale, r)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {role_problem
                .map(|code| {
                    view! { <p class="field-error">{crate::components::forms::problem_text(locale, &code)}</p> }
                })}
        </div>
        {select("body", td_string!(locale, admin.body).to_string(), bodies, body)}
        {select("authority", td_string!(locale, admin.authority).to_string(), authorities, authority)}
        <div class="field" class:invalid=err("member").is_some()>
            <label for=id("member")>{t!(i18n, admin.member)}</label>
            <p class="hint" id=format!("{}-hint", id("member"))>{t!(i18n, admin.member_hint)}</p>
            <input
                id=id("member")
                name="member"
                value=val("member")
                aria-describedby=format!("{}-hint", id("member"))
            />
            {err("member")
                .map(|code| {
                    view! { <p class="field-error">{crate::components::forms::problem_text(locale, &code)}</p> }
                })}
        </div>
    }
}

#[component]
fn AccountCard(a: AccountRow, bodies: Vec<Choice>, authorities: Vec<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let grant_back = refused("grant").is_some_and(|f| f.value("account") == Some(a.id.to_string()));
    let anchor = format!("account-{}", a.id);
    let summary_id = format!("grant-summary-{}", a.id);
    let roles = a.roles.clone();
    view! {
        <li class="card account-card" id=anchor>
            <h3>
                {a.name.clone()}
                {a.disabled.then(|| view! { " " <span class="badge muted">{t!(i18n, admin.disabled)}</span> })}
            </h3>
            <p class="muted">{a.email.clone()}</p>
            <p>
                <span class="muted">{t!(i18n, admin.last_login)} ": "</span>
                {a.last_login_at.as_deref().map(short_time).unwrap_or_else(|| td_string!(locale, admin.never).to_string())}
            </p>
            <h4>{t!(i18n, admin.roles)}</h4>
            {if roles.is_empty() {
                view! { <p class="muted">{t!(i18n, admin.none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="role-list">
                        {roles
                            .into_iter()
                            .map(|r| {
                                let text = labels::role_with_scope(locale, &r);
                                let label = format!("{} {text}", td_string!(locale, admin.revoke));
                                view! {
                                    <li>
                                        <span>{text}</span>
                                        <form method="post" action=routes::ADMIN_REVOKE.path(&[&r.id.to_string()])>
                                            <button type="submit" class="button small secondary" aria-label=label>
                                                {t!(i18n, admin.revoke)}
                                            </button>
                                        </form>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <details open=grant_back>
                <summary id=summary_id>{t!(i18n, admin.grant_title)}</summary>
                {grant_back.then(|| view! { <ProblemSummary form="grant" /> })}
                <form method="post" action=routes::ADMIN_GRANT.path(&[&a.id.to_string()]) class="stack">
                    <GrantFields
                        form="grant"
                        suffix=a.id.to_string()
                        bodies=bodies
                        authorities=authorities
                        optional=false
                        back=grant_back
                    />
                    <button type="submit" class="button">{t!(i18n, admin.grant_submit)}</button>
                </form>
            </details>
            <form method="post" action=routes::ADMIN_DISABLE.path(&[&a.id.to_string()])>
                <input type="hidden" name="disabled" value=if a.disabled { "false" } else { "true" } />
                <button type="submit" class="button small subtle">
                    {if a.disabled {
                        td_string!(locale, admin.enable)
                    } else {
                        td_string!(locale, admin.disable)
                    }}
                </button>
            </form>
        </li>
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = Resource::new(|| (), |_| admin_data());
    let invited_email = use_query_map().with_untracked(|q| q.get("email").unwrap_or_default());
    view! {
        <Title text=td_string!(locale, admin.title) />
        <section class="page-head">
            <h1>{t!(i18n, admin.title)}</h1>
            <p class="actions">
                <a class="button secondary" href="/admin/bodies/new">{t!(i18n, settings.new_link)}</a>
                <a class="button secondary" href=routes::ADMIN_AUTHORITIES.path(&[])>{t!(i18n, authority.list_link)}</a>
                <a class="button secondary" href="/admin/audit">{t!(i18n, admin.audit)}</a>
                <a class="button secondary" href="/admin/export.json" rel="external" download="">{t!(i18n, admin.export_all)}</a>
                <a class="button secondary" href=routes::ADMIN_IMPORT.path(&[])>{t!(i18n, import.link)}</a>
            </p>
        </section>
        <DoneNotice texts=vec![
            ("invited", format!("{} {invited_email}", td_string!(locale, admin.invited))),
            ("granted", td_string!(locale, admin.granted).to_string()),
            ("revoked", td_string!(locale, admin.revoked).to_string()),
            ("disabled", td_string!(locale, admin.disabled_done).to_string()),
            ("enabled", td_string!(locale, admin.enabled_done).to_string()),
        ] />
        <ProblemSummary form="revoke" />
        <ProblemSummary form="disable" />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => crate::components::error::refusal(e),
                    Ok(o) => {
                        let (bodies, authorities) = (o.bodies.clone(), o.authorities.clone());
                        view! {
                            <div class="admin-grid">
                                <section class="card" aria-labelledby="invite-h">
                                    <h2 id="invite-h">{t!(i18n, admin.invite_title)}</h2>
                                    <p class="muted">{t!(i18n, admin.invite_intro)}</p>
                                    <ProblemSummary form="invite" />
                                    <form method="post" action=routes::ADMIN_INVITE.path(&[]) class="stack">
                                        <Field
                                            form="invite"
                                            name="email"
                                            kind="email"
                                            label=td_string!(locale, auth.email).to_string()
                                            required=true
                                        />
                                        <div class="field">
                                            <label for="invite-locale">{t!(i18n, admin.mail_language)}</label>
                                            <select id="invite-locale" name="locale">
                                                <option value="es">"Español"</option>
                                                <option value="en">"English"</option>
                                            </select>
                                        </div>
                                        <GrantFields
                                            form="invite"
                                            suffix=String::new()
                                            bodies=bodies.clone()
                                            authorities=authorities.clone()
                                            optional=true
                                            back=true
                                        />
                                        <button type="submit" class="button primary">
                                            {t!(i18n, admin.invite_submit)}
                                        </button>
                                    </form>
                                </section>
                                <section aria-labelledby="accounts-h">
                                    <h2 id="accounts-h">{t!(i18n, admin.accounts)}</h2>
                                    <ul class="card-list">
                                        {o
                                            .accounts
                                            .into_iter()
                                            .map(|a| {
                                                view! {
                                                    <AccountCard a=a bodies=bodies.clone() authorities=authorities.clone() />
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </section>
                            </div>
                            {(!o.hidden_bodies.is_empty()).then(|| view! {
                                <section class="block" aria-labelledby="hidden-h">
                                    <h2 id="hidden-h">{t!(i18n, admin.hidden_bodies)}</h2>
                                    <p class="muted">{t!(i18n, admin.hidden_intro)}</p>
                                    <ul class="link-list" data-testid="hidden-bodies">
                                        {o.hidden_bodies.iter().map(|b| view! {
                                            <li>
                                                <a href=format!("/bodies/{}", b.key)>{b.name.clone()}</a>
                                                " · "
                                                <a href=routes::BODY_SETTINGS.path(&[&b.key])>{t!(i18n, body.manage_settings)}</a>
                                                " · "
                                                <a href=routes::MEMBERS.path(&[&b.key])>{t!(i18n, body.manage_members)}</a>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <section>
                                <h2 id="invitations-h">{t!(i18n, admin.invitations)}</h2>
                                {if o.invitations.is_empty() {
                                    view! { <p class="empty">{t!(i18n, admin.no_invitations)}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-wrap" role="region" aria-labelledby="invitations-h" tabindex="0">
                                            <table>
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t!(i18n, admin.email)}</th>
                                                        <th scope="col">{t!(i18n, admin.role)}</th>
                                                        <th scope="col">{t!(i18n, admin.status)}</th>
                                                        <th scope="col">{t!(i18n, admin.invited_by)}</th>
                                                        <th scope="col">{t!(i18n, admin.created)}</th>
                                                        <th scope="col">{t!(i18n, admin.expires)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {o
                                                        .invitations
                                                        .into_iter()
                                                        .map(|i| {
                                                            let role = i
                                                                .role
                                                                .as_deref()
                                                                .map(|r| match &i.scope {
                                                                    Some(s) => format!("{} — {s}", labels::role(locale, r)),
                                                                    None => labels::role(locale, r).to_string(),
                                                                })
                                                                .unwrap_or_else(|| td_string!(locale, admin.none).to_string());
                                                            let (class, status) = match i.status {
                                                                InvitationStatus::Pending => ("badge", td_string!(locale, admin.pending)),
                                                                InvitationStatus::Accepted => ("badge ok", td_string!(locale, admin.accepted)),
                                                                InvitationStatus::Expired => ("badge muted", td_string!(locale, admin.expired)),
                                                            };
                                                            view! {
                                                                <tr>
                                                                    <td>{i.email}</td>
                                                                    <td>{role}</td>
                                                                    <td><span class=class>{status}</span></td>
                                                                    <td>{i.invited_by.unwrap_or_else(|| td_string!(locale, admin.system).to_string())}</td>
                                                                    <td>{short_time(&i.created_at)}</td>
                                                                    <td>{short_time(&i.expires_at)}</td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                        .into_any()
                                }}
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = use_query_map();
    let filter = q.with_untracked(|q| {
        let get = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        AuditFilter {
            entity: get("entity"),
            action: get("action"),
            account: get("account"),
            from: get("from"),
            to: get("to"),
            page: get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        }
    });
    let f2 = filter.clone();
    let data = Resource::new(move || f2.clone(), audit_log);
    view! {
        <Title text=td_string!(locale, admin.audit) />
        <section class="page-head">
            <h1>{t!(i18n, admin.audit)}</h1>
            <p class="lead">{t!(i18n, admin.audit_intro)}</p>
            <p>
                <a href="/admin">{t!(i18n, admin.title)}</a>
            </p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(page) => {
                            let link = |p: u64| {
                                let mut parts = vec![format!("page={p}")];
                                for (k, v) in [
                                    ("entity", &filter.entity),
                                    ("action", &filter.action),
                                    ("account", &filter.account),
                                    ("from", &filter.from),
                                    ("to", &filter.to),
                                ] {
                                    if let Some(v) = v {
                                        parts.push(format!("{k}={}", v.replace('&', "%26").replace(' ', "+")));
                                    }
                                }
                                format!("/admin/audit?{}", parts.join("&"))
                            };
                            let current_entity = filter.entity.clone().unwrap_or_default();
                            view! {
                                <form method="get" action="/admin/audit" class="filters">
                                    <div class="field">
                                        <label for="audit-entity">{t!(i18n, admin.entity)}</label>
                                        <select id="audit-entity" name="entity">
                                            <option value="">{td_string!(locale, admin.any)}</option>
                                            {page
                                                .entities
                                                .iter()
                                                .map(|e| view! { <option value=e.clone() selected=*e == current_entity>{e.clone()}</option> })
                                                .collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for="audit-action">{t!(i18n, admin.action)}</label>
                                        <input id="audit-action" name="action" value=filter.action.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="audit-account">{t!(i18n, admin.account)}</label>
                                        <input id="audit-account" name="account" value=filter.account.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="audit-from">{t!(i18n, admin.from)}</label>
                                        <input id="audit-from" name="from" type="date" value=filter.from.clone() />
                                    </div>
                                    <div class="field">
                                        <label for="audit-to">{t!(i18n, admin.to)}</label>
                                        <input id="audit-to" name="to" type="date" value=filter.to.clone() />
                                    </div>
                                    <div class="filter-actions">
                                        <button type="submit" class="button">{t!(i18n, admin.filter)}</button>
                                        <a href="/admin/audit">{t!(i18n, admin.clear)}</a>
                                    </div>
                                </form>
                                <p class="muted" role="status">
                                    {page.total} " " {t!(i18n, admin.entries)} " · " {t!(i18n, admin.page)} " "
                                    {page.page} " " {t!(i18n, admin.of)} " " {page.pages}
                                </p>
                                {if page.entries.is_empty() {
                                    view! { <p class="empty">{t!(i18n, admin.no_entries)}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="table-wrap" role="region" aria-label=td_string!(locale, admin.audit) tabindex="0">
                                            <table class="audit">
                                                <thead>
                                                    <tr>
                                                        <th scope="col">{t!(i18n, admin.when)}</th>
                                                        <th scope="col">{t!(i18n, admin.who)}</th>
                                                        <th scope="col">{t!(i18n, admin.what)}</th>
                                                        <th scope="col">{t!(i18n, admin.before)}</th>
                                                        <th scope="col">{t!(i18n, admin.after)}</th>
                                                    </tr>
                                                </thead>
                                                <tbody>
                                                    {page
                                                        .entries
                                                        .into_iter()
                                                        .map(|e| {
                                                            view! {
                                                                <tr>
                                                                    <td>{short_time(&e.at)}</td>
                                                                    <td>{e.account.unwrap_or_else(|| td_string!(locale, admin.system).to_string())}</td>
                                                                    <td><code>{format!("{} #{} · {}", e.entity, e.entity_id, e.action)}</code></td>
                                                                    <td><code class="json">{e.before.unwrap_or_default()}</code></td>
                                                                    <td><code class="json">{e.after.unwrap_or_default()}</code></td>
                                                                </tr>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tbody>
                                            </table>
                                        </div>
                                    }
                                        .into_any()
                                }}
                                <nav class="pager" aria-label=td_string!(locale, admin.page)>
                                    {(page.page > 1).then(|| view! { <a rel="prev" href=link(page.page - 1)>{t!(i18n, admin.previous)}</a> })}
                                    {(page.page < page.pages).then(|| view! { <a rel="next" href=link(page.page + 1)>{t!(i18n, admin.next)}</a> })}
                                </nav>
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
