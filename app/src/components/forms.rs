//! Form pieces: labelled fields with their hint and problem, the summary of
//! problems, and the confirmation shown after a form was saved. Forms are
//! plain HTML posted to the server; no JavaScript is needed.
use crate::domain::forms::FormState;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The form `form` as the server sent it back, refused, if it was.
pub fn refused(form: &str) -> Option<FormState> {
    use_context::<FormState>().filter(|f| f.is_for(form))
}

/// A problem code in the reader's language.
pub fn problem_text(locale: Locale, code: &str) -> String {
    match code {
        "required" => td_string!(locale, form.required),
        "email_invalid" => td_string!(locale, form.email_invalid),
        "password_short" => td_string!(locale, form.password_short),
        "password_long" => td_string!(locale, form.password_long),
        "password_mismatch" => td_string!(locale, form.password_mismatch),
        "password_wrong" => td_string!(locale, form.password_wrong),
        "credentials" => td_string!(locale, form.credentials),
        "token_invalid" => td_string!(locale, form.token_invalid),
        "too_long" => td_string!(locale, form.too_long),
        "unknown_body" => td_string!(locale, form.unknown_body),
        "unknown_authority" => td_string!(locale, form.unknown_authority),
        "unknown_member" => td_string!(locale, form.unknown_member),
        "already_granted" => td_string!(locale, form.already_granted),
        "last_admin" => td_string!(locale, form.last_admin),
        "not_yourself" => td_string!(locale, form.not_yourself),
        "forbidden" => td_string!(locale, form.forbidden),
        "not_found" => td_string!(locale, form.not_found),
        "internal" => td_string!(locale, form.internal),
        "unavailable" => td_string!(locale, form.unavailable),
        "rate_limited" => td_string!(locale, form.rate_limited),
        "invalid_value" => td_string!(locale, form.invalid_value),
        "invalid_date" => td_string!(locale, form.invalid_date),
        "invalid_country" => td_string!(locale, form.invalid_country),
        "duplicate_key" => td_string!(locale, form.duplicate_key),
        "term_order" => td_string!(locale, form.term_order),
        "withdrawn_order" => td_string!(locale, form.withdrawn_order),
        "invalid_bool" => td_string!(locale, form.invalid_bool),
        "invalid_key" => td_string!(locale, form.invalid_key),
        "invalid_timezone" => td_string!(locale, form.invalid_timezone),
        "invalid_number" => td_string!(locale, form.invalid_number),
        "invalid_time" => td_string!(locale, form.invalid_time),
        "end_before_start" => td_string!(locale, form.end_before_start),
        "repeat_end_required" => td_string!(locale, form.repeat_end_required),
        "until_or_count" => td_string!(locale, form.until_or_count),
        "repeat_empty" => td_string!(locale, form.repeat_empty),
        "repeat_too_many" => td_string!(locale, form.repeat_too_many),
        "already_held" => td_string!(locale, form.already_held),
        "meeting_cancelled" => td_string!(locale, form.meeting_cancelled),
        "not_active_member" => td_string!(locale, form.not_active_member),
        "not_held" => td_string!(locale, form.not_held),
        "not_started" => td_string!(locale, form.not_started),
        "held_recorded" => td_string!(locale, form.held_recorded),
        "held_undo_expired" => td_string!(locale, form.held_undo_expired),
        "demand_withdrawn" => td_string!(locale, form.demand_withdrawn),
        "invalid_url" => td_string!(locale, form.invalid_url),
        "no_open_clarification" => td_string!(locale, form.no_open_clarification),
        "clarification_open" => td_string!(locale, form.clarification_open),
        "not_answered" => td_string!(locale, form.not_answered),
        "demand_frozen" => td_string!(locale, form.demand_frozen),
        "confirm_public" => td_string!(locale, form.confirm_public),
        "already_answered" => td_string!(locale, form.already_answered),
        "delete_held" => td_string!(locale, form.delete_held),
        "delete_cancelled" => td_string!(locale, form.delete_cancelled),
        "delete_minutes" => td_string!(locale, form.delete_minutes),
        "delete_attendance" => td_string!(locale, form.delete_attendance),
        "delete_demands" => td_string!(locale, form.delete_demands),
        "confirm_held" => td_string!(locale, form.confirm_held),
        "date_past" => td_string!(locale, form.date_past),
        "member_ambiguous" => td_string!(locale, form.member_ambiguous),
        "authority_archived" => td_string!(locale, form.authority_archived),
        "term_overlap" => td_string!(locale, form.term_overlap),
        "confirm_replace" => td_string!(locale, form.confirm_replace),
        _ => td_string!(locale, form.invalid),
    }
    .to_string()
}

/// A field's name as its label reads, for the problem summary.
fn field_label(locale: Locale, field: &str) -> Option<&'static str> {
    Some(match field {
        "title" => td_string!(locale, field.title),
        "text" => td_string!(locale, field.text),
        "topic" => td_string!(locale, field.topic),
        "authorities" => td_string!(locale, field.authorities),
        "meeting" => td_string!(locale, field.meeting),
        "kind" => td_string!(locale, field.kind),
        "evidence_url" => td_string!(locale, field.evidence_url),
        "verdict" => td_string!(locale, field.verdict),
        "note" => td_string!(locale, field.note),
        "email" => td_string!(locale, field.email),
        "name" => td_string!(locale, field.name),
        "password" => td_string!(locale, field.password),
        "confirm" => td_string!(locale, field.confirm),
        "date" => td_string!(locale, field.date),
        "start" => td_string!(locale, field.start),
        "end" => td_string!(locale, field.end),
        "key" => td_string!(locale, field.key),
        "role" => td_string!(locale, field.role),
        "gender" => td_string!(locale, field.gender),
        "term_start" => td_string!(locale, field.term_start),
        "term_end" => td_string!(locale, field.term_end),
        "withdrawn_on" => td_string!(locale, field.withdrawn_on),
        "minutes" => td_string!(locale, field.minutes),
        "reason" => td_string!(locale, field.reason),
        "acronym" => td_string!(locale, field.acronym),
        "level" => td_string!(locale, field.level),
        "response_days" => td_string!(locale, field.response_days),
        "day_kind" => td_string!(locale, field.day_kind),
        "dates" => td_string!(locale, field.dates),
        "file" => td_string!(locale, field.file),
        "frequency" => td_string!(locale, field.frequency),
        _ => return None,
    })
}

/// A problem as the summary lists it: in words that say what to do where a
/// field has its own ("Elige al menos una autoridad."), else the field's
/// name before the general wording ("Texto: Este campo es obligatorio.").
pub fn field_problem(locale: Locale, field: &str, code: &str) -> String {
    let own = match (field, code) {
        ("authorities", "required") => Some(td_string!(locale, field.authorities_required)),
        ("text", "required") => Some(td_string!(locale, field.text_required)),
        ("title", "required") => Some(td_string!(locale, field.title_required)),
        ("topic", "invalid_value") => Some(td_string!(locale, field.topic_invalid_value)),
        ("verdict", "invalid_value") => Some(td_string!(locale, field.verdict_invalid_value)),
        ("kind", "invalid_value") => Some(td_string!(locale, field.kind_invalid_value)),
        _ => None,
    };
    match (own, field_label(locale, field)) {
        (Some(words), _) => words.to_string(),
        (None, Some(label)) => format!("{label}: {}", problem_text(locale, code)),
        (None, None) => problem_text(locale, code),
    }
}

/// The id of a refused form's field on its page. Forms repeated once per
/// referral card carry the card's authority (`authority`) in their ids;
/// the body's clarification has its own form in the card.
fn field_anchor(f: &FormState, field: &str) -> String {
    match (f.form.as_str(), f.value("authority")) {
        ("event", Some(a)) if f.value("kind").as_deref() == Some("clarification_provided") => {
            format!("clarify-{a}-{field}")
        }
        (form @ ("event" | "verdict"), Some(a)) => format!("{form}-{a}-{field}"),
        (form, _) => format!("{form}-{field}"),
    }
}

/// What every field has around its control: its id, the ids of its hint
/// and problem (for `aria-describedby`), and the problem of a refused form.
struct Around {
    id: String,
    hint_id: Option<String>,
    error_id: Option<String>,
    problem: Option<String>,
}

impl Around {
    fn new(form: &str, name: &str, hint: bool, back: &Option<FormState>) -> Self {
        let id = format!("{form}-{name}");
        let problem = back.as_ref().and_then(|f| f.error(name));
        Around {
            hint_id: hint.then(|| format!("{id}-hint")),
            error_id: problem.as_ref().map(|_| format!("{id}-error")),
            id,
            problem,
        }
    }

    /// The control's `aria-describedby`: its hint and its problem.
    fn described_by(&self) -> Option<String> {
        let ids: Vec<&str> = [&self.hint_id, &self.error_id]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn aria_invalid(&self) -> Option<&'static str> {
        self.problem.as_ref().map(|_| "true")
    }
}

/// A field's label, hint and problem around its control (`children`).
#[component]
fn Framed(
    around: Around,
    label: String,
    hint: Option<String>,
    children: Children,
) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let Around {
        id,
        hint_id,
        error_id,
        problem,
    } = around;
    let invalid = problem.is_some();
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {children()}
            {problem.map(|code| view! { <p class="field-error" id=error_id>{problem_text(locale, &code)}</p> })}
        </div>
    }
}

/// One labelled input. Refilled from a refused form (except passwords),
/// marked `aria-invalid` with its problem tied by `aria-describedby`.
#[component]
pub fn Field(
    form: &'static str,
    name: &'static str,
    label: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] value: Option<String>,
) -> impl IntoView {
    let back = refused(form);
    let around = Around::new(form, name, hint.is_some(), &back);
    let value = if kind == "password" {
        None
    } else {
        back.as_ref().and_then(|f| f.value(name)).or(value)
    };
    let (id, described, invalid) = (
        around.id.clone(),
        around.described_by(),
        around.aria_invalid(),
    );
    view! {
        <Framed around label hint>
            <input
                id=id
                name=name
                type=kind
                value=value
                autocomplete=autocomplete
                required=required
                aria-invalid=invalid
                aria-describedby=described
            />
        </Framed>
    }
}

/// A labelled textarea (Markdown fields), refilled like `Field`.
#[component]
pub fn TextArea(
    form: &'static str,
    name: &'static str,
    label: String,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] value: Option<String>,
    #[prop(default = 8)] rows: u32,
) -> impl IntoView {
    let back = refused(form);
    let around = Around::new(form, name, hint.is_some(), &back);
    let value = back
        .as_ref()
        .and_then(|f| f.value(name))
        .or(value)
        .unwrap_or_default();
    let (id, described, invalid) = (
        around.id.clone(),
        around.described_by(),
        around.aria_invalid(),
    );
    view! {
        <Framed around label hint>
            <textarea id=id name=name rows=rows aria-invalid=invalid aria-describedby=described>
                {value}
            </textarea>
        </Framed>
    }
}

/// A labelled select over fixed options, refilled from a refused form.
#[component]
pub fn Select(
    form: &'static str,
    name: &'static str,
    label: String,
    options: Vec<(&'static str, String)>,
    current: String,
    #[prop(optional)] hint: Option<String>,
) -> impl IntoView {
    let back = refused(form);
    let around = Around::new(form, name, hint.is_some(), &back);
    let current = back.as_ref().and_then(|f| f.value(name)).unwrap_or(current);
    let (id, described) = (around.id.clone(), around.described_by());
    view! {
        <Framed around label hint>
            <select id=id name=name aria-describedby=described>
                {options.into_iter().map(|(v, text)| view! { <option value=v selected=current == v>{text}</option> }).collect_view()}
            </select>
        </Framed>
    }
}

/// The problems of a refused form, first on the page so a screen reader
/// announces them.
#[component]
pub fn ProblemSummary(form: &'static str) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    refused(form).filter(|f| !f.errors.is_empty()).map(|f| {
        let minutes = f.value("retry_minutes");
        let items = f
            .errors
            .iter()
            .map(|e| {
                if e.field.is_empty() {
                    let text = problem_text(locale, &e.code);
                    view! { <li>{text}</li> }.into_any()
                } else {
                    let text = field_problem(locale, &e.field, &e.code);
                    let href = format!("#{}", field_anchor(&f, &e.field));
                    view! {
                        <li>
                            <a href=href>{text}</a>
                        </li>
                    }
                    .into_any()
                }
            })
            .collect_view();
        view! {
            // Focused on load (no script needed), so the page a refused
            // post renders opens at its problems, however far down the
            // form is.
            <div class="alert error" role="alert" tabindex="-1" autofocus>
                <p>{td_string!(locale, form.summary)}</p>
                <ul>{items}</ul>
                {minutes
                    .map(|m| view! { <p>{td_string!(locale, form.minutes)} " " <strong>{m}</strong></p> })}
            </div>
        }
    })
}

/// "Saved" and similar confirmations after a redirect (`?done=code`).
/// `texts` maps the codes this page knows to their text.
#[component]
pub fn DoneNotice(texts: Vec<(&'static str, String)>) -> impl IntoView {
    let done = use_query_map().with_untracked(|q| q.get("done"));
    done.and_then(|d| texts.into_iter().find(|(code, _)| *code == d))
        .map(|(_, text)| {
            view! {
                <div class="alert success" role="status">
                    <p>{text}</p>
                </div>
            }
        })
}

/// Shown instead of a page that needs an account or a right; also sets the
/// status (401 without a session, 403 without the right).
#[component]
pub fn AccessNotice(signed_in: bool) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(if signed_in {
                http::StatusCode::FORBIDDEN
            } else {
                http::StatusCode::UNAUTHORIZED
            });
        }
    }
    let next = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    if signed_in {
        view! {
            <div class="alert error" role="alert">
                <p>{td_string!(locale, account.forbidden)}</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="alert" role="alert">
                <p>{td_string!(locale, account.sign_in_needed)}</p>
                <p>
                    <a class="button" href=format!("/login?next={}", crate::domain::url::encode_component(&next))>
                        {td_string!(locale, nav.sign_in)}
                    </a>
                </p>
            </div>
        }
        .into_any()
    }
}

/// A new password and its confirmation (`password`, `confirm`), as
/// setting, resetting and changing a password ask for them.
#[component]
pub fn NewPasswordFields(form: &'static str) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <Field
            form=form
            name="password"
            kind="password"
            label=td_string!(locale, auth.new_password).to_string()
            hint=td_string!(locale, auth.password_hint).to_string()
            autocomplete="new-password"
            required=true
        />
        <Field
            form=form
            name="confirm"
            kind="password"
            label=td_string!(locale, auth.confirm).to_string()
            autocomplete="new-password"
            required=true
        />
    }
}
