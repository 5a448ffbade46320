//! The texts of the mails, in the recipient's language, as plain text and
//! as HTML (escaped; the HTML carries the same words and one button).

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub(super) fn is_en(locale: &str) -> bool {
    locale == "en"
}

/// HTML escaping: the same as the charts' (`&`, `<`, `>`, quotes).
pub use crate::components::charts::escape_xml as escape;

/// Paragraphs, a button to `url`, and a closing line, in both forms.
pub(super) fn compose(
    locale: &str,
    subject: String,
    paragraphs: &[String],
    button: &str,
    url: &str,
    after: &[String],
) -> Rendered {
    compose_with(locale, subject, paragraphs, None, button, url, after)
}

/// [`compose`] with words quoted from the site (an answer, a demand's
/// text), set apart as a quotation in both forms.
fn compose_with(
    locale: &str,
    subject: String,
    paragraphs: &[String],
    quote: Option<&str>,
    button: &str,
    url: &str,
    after: &[String],
) -> Rendered {
    let mut text = String::new();
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
    }
    if let Some(q) = quote {
        for line in q.trim().lines() {
            text.push_str("> ");
            text.push_str(line);
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str(url);
    text.push_str("\n\n");
    for p in after {
        text.push_str(p);
        text.push_str("\n\n");
    }
    text.push_str("— Voces\n");
    // A viewport, so phones show it at their width; one column, inline
    // styles (mail programs drop style sheets).
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:36rem;margin:0 auto;padding:1rem\">",
        if is_en(locale) { "en" } else { "es" },
        escape(&subject)
    );
    for p in paragraphs {
        html.push_str(&format!("<p>{}</p>", escape(p)));
    }
    if let Some(q) = quote {
        html.push_str(
            "<blockquote style=\"margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #0b5c6b;background:#f3f6f7;white-space:pre-wrap\">",
        );
        html.push_str(&escape(q.trim()));
        html.push_str("</blockquote>");
    }
    html.push_str(&format!(
        "<p><a href=\"{0}\" style=\"display:inline-block;padding:.6rem 1rem;background:#0b5c6b;color:#fff;border-radius:.4rem;text-decoration:none\">{1}</a></p>\
         <p style=\"font-size:.9em;word-break:break-all\">{0}</p>",
        escape(url),
        escape(button)
    ));
    for p in after {
        html.push_str(&format!("<p style=\"font-size:.9em\">{}</p>", escape(p)));
    }
    html.push_str("<p>— Voces</p></body></html>");
    Rendered {
        subject,
        text,
        html,
    }
}

/// The role an invitation gives, in words: (role code, the council's or
/// authority's name).
fn role_words(en: bool, role: &str, scope: Option<&str>) -> Option<String> {
    use super::spanish::of;
    let scope = scope.unwrap_or_default();
    Some(match (en, role) {
        (true, "admin") => "an administrator of Voces".to_string(),
        (true, "chair") => format!("chair of {scope}"),
        (true, "secretary") => format!("secretary of {scope}"),
        (true, "representative") => format!("a representative on {scope}"),
        (true, "official") => format!("an official of {scope}"),
        (false, "admin") => "administrador/a de Voces".to_string(),
        (false, "chair") => format!("presidente/a {}", of(scope)),
        (false, "secretary") => format!("secretario/a técnico/a {}", of(scope)),
        (false, "representative") => format!("representante {}", of(scope)),
        (false, "official") => format!("funcionario/a {}", of(scope)),
        _ => return None,
    })
}

/// An invitation to create an account. `inviter` is the sender's name;
/// `role` the role it gives and where (role code, council or authority).
pub fn invitation(
    locale: &str,
    url: &str,
    inviter: Option<&str>,
    role: Option<(&str, Option<&str>)>,
    days: i64,
) -> Rendered {
    let en = is_en(locale);
    let as_role = role.and_then(|(r, scope)| role_words(en, r, scope));
    if en {
        let who = inviter
            .map(|n| format!("{n} has invited you"))
            .unwrap_or_else(|| "You have been invited".into());
        let mut lead = vec![format!("{who} to Voces, the platform where migrant consultative bodies record their meetings, demands and the answers of the authorities.")];
        if let Some(r) = as_role {
            lead.push(format!("You are invited as {r}."));
        }
        lead.push("Open the link below to choose your password and sign in.".into());
        compose(
            locale,
            "Your invitation to Voces".into(),
            &lead,
            "Accept the invitation",
            url,
            &[format!("The link works once and expires in {days} days. If you did not expect this message, ignore it.")],
        )
    } else {
        let who = inviter
            .map(|n| format!("{n} te invitó"))
            .unwrap_or_else(|| "Recibiste una invitación".into());
        let mut lead = vec![format!("{who} a Voces, la plataforma donde los consejos consultivos de personas migrantes registran sus sesiones, sus demandas y las respuestas de las autoridades.")];
        if let Some(r) = as_role {
            lead.push(format!("Te invitan como {r}."));
        }
        lead.push("Abre el enlace para elegir tu contraseña e iniciar sesión.".into());
        compose(
            locale,
            "Tu invitación a Voces".into(),
            &lead,
            "Aceptar la invitación",
            url,
            &[format!("El enlace sirve una sola vez y vence en {days} días. Si no esperabas este mensaje, ignóralo.")],
        )
    }
}

pub fn password_reset(locale: &str, url: &str, hours: i64) -> Rendered {
    if is_en(locale) {
        compose(
            locale,
            "Reset your Voces password".into(),
            &["Someone (hopefully you) asked to reset the password of your Voces account. Open the link below to choose a new one.".into()],
            "Choose a new password",
            url,
            &[format!("The link works once and expires in {hours} hours. If you did not ask for it, ignore this message: your password stays as it is.")],
        )
    } else {
        compose(
            locale,
            "Restablece tu contraseña de Voces".into(),
            &["Alguien (esperamos que tú) pidió restablecer la contraseña de tu cuenta de Voces. Abre el enlace para elegir una nueva.".into()],
            "Elegir una contraseña nueva",
            url,
            &[format!("El enlace sirve una sola vez y vence en {hours} horas. Si no lo pediste, ignora este mensaje: tu contraseña no cambia.")],
        )
    }
}

/// What a meeting invitation says: the meeting, when and where, and a link.
#[derive(Debug, Clone)]
pub struct MeetingNotice<'a> {
    pub body: &'a str,
    pub title: &'a str,
    /// The (first) date, short, in the recipient's language: "10 feb 2026".
    pub date: &'a str,
    /// Date and time in the body's zone, already formatted, one per
    /// meeting (several for a series invited at once).
    pub when: &'a [String],
    pub location: Option<&'a str>,
    /// The agenda as written (Markdown), quoted in the mail.
    pub agenda: Option<&'a str>,
    pub url: &'a str,
    /// 0 for the first invitation, more for a change.
    pub sequence: i32,
    pub cancelled: Option<&'a str>,
    /// For a change: what changed, (field, before, after); field is
    /// `when`, `place`, `title` or `kind`.
    pub changed: &'a [(&'static str, String, String)],
}

fn changed_label(field: &str, en: bool) -> &'static str {
    match (field, en) {
        ("when", false) => "Fecha y hora",
        ("when", true) => "Date and time",
        ("place", false) => "Lugar",
        ("place", true) => "Place",
        ("title", false) => "Título",
        ("title", true) => "Title",
        (_, false) => "Tipo",
        (_, true) => "Kind",
    }
}

/// An invitation to a meeting (or to every meeting of a new series at
/// once), its change or its cancellation. The subject carries the date;
/// a change says what changed; the agenda comes quoted.
pub fn meeting(locale: &str, n: &MeetingNotice) -> Rendered {
    let en = is_en(locale);
    let place = n.location.unwrap_or(if en {
        "to be announced"
    } else {
        "por anunciar"
    });
    let series = n.when.len() > 1;
    let what = if series {
        if en {
            format!("{} ({} meetings from {})", n.title, n.when.len(), n.date)
        } else {
            format!(
                "{} ({} sesiones desde el {})",
                n.title,
                n.when.len(),
                n.date
            )
        }
    } else {
        format!("{}, {}", n.title, n.date)
    };
    let (subject, lead) = match (n.cancelled, n.sequence, en) {
        (Some(_), _, true) => (
            format!("Cancelled: {what} — {}", n.body),
            format!("{} has cancelled this meeting.", n.body),
        ),
        (Some(_), _, false) => (
            format!("Cancelada: {what} — {}", n.body),
            format!("{} canceló esta sesión.", n.body),
        ),
        (None, 0, true) if series => (
            format!("Invitation: {what} — {}", n.body),
            format!("{} invites you to these meetings.", n.body),
        ),
        (None, 0, false) if series => (
            format!("Convocatoria: {what} — {}", n.body),
            format!("{} te convoca a estas sesiones.", n.body),
        ),
        (None, 0, true) => (
            format!("Invitation: {what} — {}", n.body),
            format!("{} invites you to this meeting.", n.body),
        ),
        (None, 0, false) => (
            format!("Convocatoria: {what} — {}", n.body),
            format!("{} te convoca a esta sesión.", n.body),
        ),
        (None, _, true) => (
            format!("Changed: {what} — {}", n.body),
            format!("{} has changed this meeting.", n.body),
        ),
        (None, _, false) => (
            format!("Cambio: {what} — {}", n.body),
            format!("{} cambió esta sesión.", n.body),
        ),
    };
    let mut paragraphs = vec![lead];
    for (field, before, after) in n.changed {
        paragraphs.push(if en {
            format!("{}: {after} (was: {before})", changed_label(field, en))
        } else {
            format!("{}: {after} (antes: {before})", changed_label(field, en))
        });
    }
    if series {
        paragraphs.push(format!("{}:", n.title));
        paragraphs.push(
            n.when
                .iter()
                .map(|w| format!("• {w}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    } else if let Some(w) = n.when.first() {
        paragraphs.push(format!("{}: {w}", n.title));
    }
    paragraphs.push(format!("{}: {place}", if en { "Place" } else { "Lugar" }));
    if let Some(reason) = n.cancelled.filter(|r| !r.is_empty()) {
        paragraphs.push(format!(
            "{}: {reason}",
            if en { "Reason" } else { "Motivo" }
        ));
    }
    let agenda = n
        .agenda
        .map(str::trim)
        .filter(|a| !a.is_empty() && n.cancelled.is_none());
    if agenda.is_some() {
        paragraphs.push(if en { "Agenda:" } else { "Orden del día:" }.to_string());
    }
    compose_with(
        locale,
        subject,
        &paragraphs,
        agenda,
        if en {
            "See the meeting"
        } else {
            "Ver la sesión"
        },
        n.url,
        &[if en {
            "The attached .ics file updates your calendar.".to_string()
        } else {
            "El archivo .ics adjunto actualiza tu calendario.".to_string()
        }],
    )
}

/// What happened on a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandNotice {
    /// To the authority: a demand was addressed to it.
    NewReferral,
    /// To the body: the authority asked for a clarification.
    ClarificationRequested,
    /// To the body: the authority asked after its deadline (no pause).
    LateClarificationRequested,
    /// To the authority: the body clarified.
    Clarified,
    /// To the authority: the body replied to a request asked after the
    /// deadline (the clock was never stopped).
    LateClarified,
    /// To the body: the authority answered.
    Answered,
    /// To the authority: the body is not satisfied with a claim of
    /// implementation (the referral reads "contested").
    Contested,
    /// To the authority: the body withdrew the demand; no answer is due.
    Withdrawn,
}

/// What a notice about a demand names and quotes.
pub struct DemandMail<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub authority: &'a str,
    pub url: &'a str,
    /// The words written (the demand, an answer, a clarification, a note).
    pub quote: Option<&'a str>,
    /// A confidential demand's words stay on the site, behind sign-in.
    pub confidential: bool,
}

/// A notice about a referral, with a link to the demand; the words written
/// are quoted unless the demand is confidential (then they are read on the
/// site, after signing in).
pub fn demand_notice(locale: &str, what: DemandNotice, m: &DemandMail) -> Rendered {
    use super::spanish::{of, the_capital as cap, to};
    let en = is_en(locale);
    let (title, body, authority) = (m.title, m.body, m.authority);
    let (subject, lead) = match (what, en) {
        (DemandNotice::NewReferral, true) => (format!("New demand from {body}"), format!("{body} has addressed a demand to {authority}: “{title}”.")),
        (DemandNotice::NewReferral, false) => (format!("Nueva demanda {}", of(body)), format!("{} dirigió una demanda {}: «{title}».", cap(body), to(authority))),
        (DemandNotice::ClarificationRequested, true) => (format!("{authority} asks for a clarification"), format!("{authority} asks {body} to clarify the demand “{title}”. Its answer clock is paused until the body replies.")),
        (DemandNotice::ClarificationRequested, false) => (format!("{} pide una aclaración", cap(authority)), format!("{} pide {} aclarar la demanda «{title}». Su plazo de respuesta queda en pausa hasta que el consejo responda.", cap(authority), to(body))),
        (DemandNotice::LateClarificationRequested, true) => (format!("{authority} asks for a clarification"), format!("{authority} asks {body} to clarify the demand “{title}”. The request came after the answer deadline, so the clock is not paused: the answer is still overdue.")),
        (DemandNotice::LateClarificationRequested, false) => (format!("{} pide una aclaración", cap(authority)), format!("{} pide {} aclarar la demanda «{title}». La solicitud llegó después del plazo de respuesta, así que el plazo no se pausa: la respuesta sigue vencida.", cap(authority), to(body))),
        (DemandNotice::LateClarified, true) => (format!("{body} has clarified"), format!("{body} has clarified the demand “{title}”. The answer is overdue.")),
        (DemandNotice::LateClarified, false) => (format!("{} respondió la aclaración", cap(body)), format!("{} aclaró la demanda «{title}». La respuesta está vencida.", cap(body))),
        (DemandNotice::Clarified, true) => (format!("{body} has clarified"), format!("{body} has clarified the demand “{title}”. The answer clock runs again.")),
        (DemandNotice::Clarified, false) => (format!("{} respondió la aclaración", cap(body)), format!("{} aclaró la demanda «{title}». El plazo de respuesta vuelve a correr.", cap(body))),
        (DemandNotice::Answered, true) => (format!("{authority} has answered"), format!("{authority} has answered the demand “{title}” of {body}.")),
        (DemandNotice::Answered, false) => (format!("{} respondió", cap(authority)), format!("{} respondió la demanda «{title}» {}.", cap(authority), of(body))),
        (DemandNotice::Contested, true) => (format!("{body} contests the claim of implementation"), format!("{body} is not satisfied with the answer reporting the demand “{title}” as implemented. Voces shows it as contested until the council changes its verdict.")),
        (DemandNotice::Contested, false) => (format!("{} impugna lo informado como cumplido", cap(body)), format!("{} no está de acuerdo con la respuesta que informa como cumplida la demanda «{title}». Voces la muestra como impugnada hasta que el consejo cambie su veredicto.", cap(body))),
        (DemandNotice::Withdrawn, true) => (format!("Demand withdrawn: “{title}”"), format!("{body} has withdrawn the demand “{title}”. It no longer needs an answer from {authority}, and its clock has stopped.")),
        (DemandNotice::Withdrawn, false) => (format!("Demanda retirada: «{title}»"), format!("{} retiró la demanda «{title}». Ya no espera respuesta {} y su plazo se detuvo.", cap(body), of(authority))),
    };
    let mut paragraphs = vec![lead];
    let quote = if m.confidential {
        paragraphs.push(if en {
            "The demand is confidential: its words are read on Voces, after signing in.".into()
        } else {
            "La demanda es confidencial: lo escrito se lee en Voces, después de iniciar sesión."
                .into()
        });
        None
    } else {
        m.quote.filter(|q| !q.trim().is_empty())
    };
    compose_with(
        locale,
        subject,
        &paragraphs,
        quote,
        if en {
            "See the demand"
        } else {
            "Ver la demanda"
        },
        m.url,
        &[],
    )
}

/// What a deadline reminder names.
pub struct Reminder<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub authority: &'a str,
    /// Already written for the reader, the council's zone named.
    pub deadline: &'a str,
    pub url: &'a str,
    /// To the council's secretary or chair (the authority must answer),
    /// rather than to the authority.
    pub for_council: bool,
}

/// A reminder about a deadline: `kind` is "7d", "1d" or "passed".
pub fn deadline_reminder(locale: &str, kind: &str, r: &Reminder) -> Rendered {
    use super::spanish::{of, the_capital as cap};
    let en = is_en(locale);
    let (title, body, authority, deadline) = (r.title, r.body, r.authority, r.deadline);
    let passed = kind == "passed";
    let (subject, lead) = match (passed, en, r.for_council) {
        (true, true, false) => (format!("Overdue: “{title}”"), format!("The deadline to answer the demand of {body} “{title}” passed on {deadline}.")),
        (true, false, false) => (format!("Plazo vencido: «{title}»"), format!("El plazo para responder la demanda {} «{title}» venció el {deadline}.", of(body))),
        (false, true, false) => (format!("Due {deadline}: “{title}”"), format!("The demand of {body} “{title}” is due to be answered by {deadline}.")),
        (false, false, false) => (format!("Vence el {deadline}: «{title}»"), format!("La demanda {} «{title}» debe responderse a más tardar el {deadline}.", of(body))),
        (true, true, true) => (format!("{authority} is overdue: “{title}”"), format!("{authority} has not answered the demand “{title}”; its deadline passed on {deadline}.")),
        (true, false, true) => (format!("Sin respuesta a tiempo: «{title}»"), format!("{} no respondió la demanda «{title}»; su plazo venció el {deadline}.", cap(authority))),
        (false, true, true) => (format!("{authority} must answer by {deadline}: “{title}”"), format!("{authority} must answer the demand “{title}” by {deadline}.")),
        (false, false, true) => (format!("Vence el {deadline}: «{title}»"), format!("{} debe responder la demanda «{title}» a más tardar el {deadline}.", cap(authority))),
    };
    let button = match (en, r.for_council) {
        (true, false) => "Answer the demand",
        (false, false) => "Responder la demanda",
        (true, true) => "See the demand",
        (false, true) => "Ver la demanda",
    };
    compose(locale, subject, &[lead], button, r.url, &[])
}

/// One overdue referral in the weekly digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestItem {
    pub title: String,
    pub body: String,
    pub authority: String,
    /// Already written for the reader, the council's zone named.
    pub deadline: String,
    /// Whole days since the deadline passed.
    pub days: i64,
    pub url: String,
}

/// The weekly digest of the `total` overdue referrals that concern the
/// reader: `items` are the longest overdue of them (all, or the first
/// few), and the rest is counted with a link to their pending page, `url`.
pub fn overdue_digest(locale: &str, items: &[DigestItem], total: usize, url: &str) -> Rendered {
    let en = is_en(locale);
    let n = total.max(items.len());
    let rest = n - items.len();
    let more = match (en, rest) {
        (_, 0) => None,
        (true, 1) => Some("…and 1 more, on your pending page:".to_string()),
        (true, r) => Some(format!("…and {r} more, on your pending page:")),
        (false, 1) => Some("…y 1 más, en tu página de pendientes:".to_string()),
        (false, r) => Some(format!("…y {r} más, en tu página de pendientes:")),
    };
    let subject = match (en, n) {
        (true, 1) => "Weekly digest: 1 overdue demand without an answer".to_string(),
        (true, n) => format!("Weekly digest: {n} overdue demands without an answer"),
        (false, 1) => "Resumen semanal: 1 demanda vencida sin respuesta".to_string(),
        (false, n) => format!("Resumen semanal: {n} demandas vencidas sin respuesta"),
    };
    let lead = if en {
        "These demands are past their answer deadline and still have no answer, the longest overdue first:".to_string()
    } else {
        "Estas demandas pasaron su plazo de respuesta y siguen sin respuesta; primero las que llevan más tiempo vencidas:".to_string()
    };
    let line = |i: &DigestItem| {
        if en {
            format!(
                "“{}” — {} → {} — due {} ({} days ago)",
                i.title, i.body, i.authority, i.deadline, i.days
            )
        } else {
            format!(
                "«{}» — {} → {} — venció el {} (hace {} días)",
                i.title, i.body, i.authority, i.deadline, i.days
            )
        }
    };
    let mut text = format!("{lead}\n\n");
    for i in items {
        text.push_str(&format!("- {}\n  {}\n", line(i), i.url));
    }
    if let Some(more) = &more {
        text.push_str(&format!("\n{more}"));
    }
    text.push_str(&format!("\n{url}\n\n— Voces\n"));
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:36rem;margin:0 auto;padding:1rem\"><p>{}</p><ul>",
        if en { "en" } else { "es" },
        escape(&subject),
        escape(&lead)
    );
    for i in items {
        html.push_str(&format!(
            "<li style=\"margin-bottom:.5rem\"><a href=\"{}\">{}</a><br>{} → {}<br>{}</li>",
            escape(&i.url),
            escape(&i.title),
            escape(&i.body),
            escape(&i.authority),
            escape(&if en {
                format!("due {} ({} days ago)", i.deadline, i.days)
            } else {
                format!("venció el {} (hace {} días)", i.deadline, i.days)
            })
        ));
    }
    html.push_str("</ul>");
    if let Some(more) = &more {
        html.push_str(&format!("<p>{}</p>", escape(more)));
    }
    html.push_str(&format!(
        "<p><a href=\"{0}\" style=\"display:inline-block;padding:.6rem 1rem;background:#0b5c6b;color:#fff;border-radius:.4rem;text-decoration:none\">{1}</a></p><p>— Voces</p></body></html>",
        escape(url),
        if en { "Open Voces" } else { "Abrir Voces" }
    ));
    Rendered {
        subject,
        text,
        html,
    }
}

/// To a body's secretariat and the administrators: someone filed a request
/// about their personal data. The request's text stays on the site.
pub fn data_request_filed(locale: &str, who: &str, url: &str) -> Rendered {
    let en = is_en(locale);
    let (subject, lead) = if en {
        (
            "A personal data request to answer".to_string(),
            format!("{who} has filed a request about their personal data (rectification, cancellation or opposition). Mexican law gives 20 working days to answer it."),
        )
    } else {
        (
            "Una solicitud sobre datos personales por responder".to_string(),
            format!("{who} presentó una solicitud sobre sus datos personales (rectificación, cancelación u oposición). La ley da 20 días hábiles para responderla."),
        )
    };
    compose(
        locale,
        subject,
        &[lead],
        if en {
            "See the request"
        } else {
            "Ver la solicitud"
        },
        url,
        &[],
    )
}

/// To the person who filed it: their request was answered.
pub fn data_request_answered(locale: &str, url: &str) -> Rendered {
    let en = is_en(locale);
    let (subject, lead) = if en {
        (
            "Your personal data request was answered".to_string(),
            "Your request about your personal data has an answer. Read it on your account page."
                .to_string(),
        )
    } else {
        (
            "Tu solicitud sobre datos personales tiene respuesta".to_string(),
            "Tu solicitud sobre tus datos personales tiene respuesta. Léela en la página de tu cuenta.".to_string(),
        )
    };
    compose(
        locale,
        subject,
        &[lead],
        if en {
            "See the answer"
        } else {
            "Ver la respuesta"
        },
        url,
        &[],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_and_escaped_html() {
        let es = invitation("es", "http://x/i/t?a=1&b=2", Some("Ana <script>"), None, 7);
        assert!(es.subject.contains("invitación"));
        assert!(es.text.contains("http://x/i/t?a=1&b=2"));
        assert!(es.html.contains("a=1&amp;b=2"));
        assert!(es.html.contains("Ana &lt;script&gt;"));
        assert!(!es.html.contains("<script>"));
        let en = password_reset("en", "http://x/r", 2);
        assert!(en.subject.starts_with("Reset"));
        assert!(en.html.contains("lang=\"en\""));
    }

    #[test]
    fn a_digest_counts_every_overdue_one_and_lists_the_first() {
        let item = |n: i64| DigestItem {
            title: format!("Demanda {n}"),
            body: "Consejo".into(),
            authority: "INM".into(),
            deadline: "1 de marzo".into(),
            days: n,
            url: format!("http://x/d/{n}"),
        };
        let items: Vec<DigestItem> = (1..=3).map(item).collect();
        let all = overdue_digest("es", &items, 3, "http://x/pending");
        assert!(all.subject.contains("3 demandas"));
        assert!(!all.text.contains("…y "));
        let first = overdue_digest("es", &items, 120, "http://x/pending");
        assert!(first.subject.contains("120 demandas"), "{}", first.subject);
        assert!(first.text.contains("…y 117 más"), "{}", first.text);
        assert!(first.html.contains("…y 117 más"));
        assert_eq!(first.text.matches("http://x/d/").count(), 3);
        let en = overdue_digest("en", &items, 4, "http://x/pending");
        assert!(en
            .text
            .contains("…and 1 more, on your pending page:\nhttp://x/pending"));
    }
}
