//! The texts of the mails, in the recipient's language, as plain text and
//! as HTML (escaped; the HTML carries the same words and one button).

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn is_en(locale: &str) -> bool {
    locale == "en"
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs, a button to `url`, and a closing line, in both forms.
fn compose(
    locale: &str,
    subject: String,
    paragraphs: &[String],
    button: &str,
    url: &str,
    after: &[String],
) -> Rendered {
    let mut text = String::new();
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
    }
    text.push_str(url);
    text.push_str("\n\n");
    for p in after {
        text.push_str(p);
        text.push_str("\n\n");
    }
    text.push_str("— Voces\n");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:36rem;margin:0 auto;padding:1rem\">",
        if is_en(locale) { "en" } else { "es" },
        escape(&subject)
    );
    for p in paragraphs {
        html.push_str(&format!("<p>{}</p>", escape(p)));
    }
    html.push_str(&format!(
        "<p><a href=\"{0}\" style=\"display:inline-block;padding:.6rem 1rem;background:#0b5c6b;color:#fff;border-radius:.4rem;text-decoration:none\">{1}</a></p>\
         <p style=\"font-size:.9em\">{0}</p>",
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

/// An invitation to create an account. `inviter` is the sender's name.
pub fn invitation(locale: &str, url: &str, inviter: Option<&str>, days: i64) -> Rendered {
    if is_en(locale) {
        let who = inviter
            .map(|n| format!("{n} has invited you"))
            .unwrap_or_else(|| "You have been invited".into());
        compose(
            locale,
            "Your invitation to Voces".into(),
            &[
                format!("{who} to Voces, the platform where migrant consultative bodies record their meetings, demands and the answers of the authorities."),
                "Open the link below to choose your password and sign in.".into(),
            ],
            "Accept the invitation",
            url,
            &[format!("The link works once and expires in {days} days. If you did not expect this message, ignore it.")],
        )
    } else {
        let who = inviter
            .map(|n| format!("{n} te invitó"))
            .unwrap_or_else(|| "Recibiste una invitación".into());
        compose(
            locale,
            "Tu invitación a Voces".into(),
            &[
                format!("{who} a Voces, la plataforma donde los consejos consultivos de personas migrantes registran sus sesiones, sus demandas y las respuestas de las autoridades."),
                "Abre el enlace para elegir tu contraseña e iniciar sesión.".into(),
            ],
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
pub struct MeetingNotice<'a> {
    pub body: &'a str,
    pub title: &'a str,
    /// Date and time in the body's zone, already formatted.
    pub when: &'a str,
    pub location: Option<&'a str>,
    pub url: &'a str,
    /// 0 for the first invitation, more for a change.
    pub sequence: i32,
    pub cancelled: Option<&'a str>,
}

/// An invitation to a meeting, its change or its cancellation.
pub fn meeting(locale: &str, n: &MeetingNotice) -> Rendered {
    let en = is_en(locale);
    let place = n.location.unwrap_or(if en {
        "to be announced"
    } else {
        "por anunciar"
    });
    let (subject, lead) = match (n.cancelled, n.sequence, en) {
        (Some(_), _, true) => (
            format!("Cancelled: {} — {}", n.title, n.body),
            format!("{} has cancelled this meeting.", n.body),
        ),
        (Some(_), _, false) => (
            format!("Cancelada: {} — {}", n.title, n.body),
            format!("{} canceló esta sesión.", n.body),
        ),
        (None, 0, true) => (
            format!("Invitation: {} — {}", n.title, n.body),
            format!("{} invites you to this meeting.", n.body),
        ),
        (None, 0, false) => (
            format!("Convocatoria: {} — {}", n.title, n.body),
            format!("{} te convoca a esta sesión.", n.body),
        ),
        (None, _, true) => (
            format!("Changed: {} — {}", n.title, n.body),
            format!(
                "{} has changed this meeting; the new details are below.",
                n.body
            ),
        ),
        (None, _, false) => (
            format!("Cambio: {} — {}", n.title, n.body),
            format!(
                "{} cambió esta sesión; abajo están los datos nuevos.",
                n.body
            ),
        ),
    };
    let mut paragraphs = vec![
        lead,
        format!("{}: {}", n.title, n.when),
        format!("{}: {place}", if en { "Place" } else { "Lugar" }),
    ];
    if let Some(reason) = n.cancelled.filter(|r| !r.is_empty()) {
        paragraphs.push(format!(
            "{}: {reason}",
            if en { "Reason" } else { "Motivo" }
        ));
    }
    compose(
        locale,
        subject,
        &paragraphs,
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

/// A notice about a referral, with a link to the demand (its text stays on
/// the site: confidential demands are read there, after signing in).
pub fn demand_notice(
    locale: &str,
    what: DemandNotice,
    title: &str,
    body: &str,
    authority: &str,
    url: &str,
) -> Rendered {
    let en = is_en(locale);
    let (subject, lead) = match (what, en) {
        (DemandNotice::NewReferral, true) => (format!("New demand from {body}"), format!("{body} has addressed a demand to {authority}: “{title}”.")),
        (DemandNotice::NewReferral, false) => (format!("Nueva demanda de {body}"), format!("{body} dirigió una demanda a {authority}: «{title}».")),
        (DemandNotice::ClarificationRequested, true) => (format!("{authority} asks for a clarification"), format!("{authority} asks {body} to clarify the demand “{title}”. Its answer clock is paused until the body replies.")),
        (DemandNotice::ClarificationRequested, false) => (format!("{authority} pide una aclaración"), format!("{authority} pide a {body} aclarar la demanda «{title}». Su plazo de respuesta queda en pausa hasta que el consejo responda.")),
        (DemandNotice::LateClarificationRequested, true) => (format!("{authority} asks for a clarification"), format!("{authority} asks {body} to clarify the demand “{title}”. The request came after the answer deadline, so the clock is not paused: the answer is still overdue.")),
        (DemandNotice::LateClarificationRequested, false) => (format!("{authority} pide una aclaración"), format!("{authority} pide a {body} aclarar la demanda «{title}». La solicitud llegó después del plazo de respuesta, así que el plazo no se pausa: la respuesta sigue vencida.")),
        (DemandNotice::LateClarified, true) => (format!("{body} has clarified"), format!("{body} has clarified the demand “{title}”. The answer is overdue.")),
        (DemandNotice::LateClarified, false) => (format!("{body} respondió la aclaración"), format!("{body} aclaró la demanda «{title}». La respuesta está vencida.")),
        (DemandNotice::Clarified, true) => (format!("{body} has clarified"), format!("{body} has clarified the demand “{title}”. The answer clock runs again.")),
        (DemandNotice::Clarified, false) => (format!("{body} respondió la aclaración"), format!("{body} aclaró la demanda «{title}». El plazo de respuesta vuelve a correr.")),
        (DemandNotice::Answered, true) => (format!("{authority} has answered"), format!("{authority} has answered the demand “{title}” of {body}.")),
        (DemandNotice::Answered, false) => (format!("{authority} respondió"), format!("{authority} respondió la demanda «{title}» de {body}.")),
        (DemandNotice::Contested, true) => (format!("{body} contests the claim of implementation"), format!("{body} is not satisfied with the answer reporting the demand “{title}” as implemented. Voces shows it as contested until the council changes its verdict.")),
        (DemandNotice::Contested, false) => (format!("{body} impugna lo informado como cumplido"), format!("{body} no quedó satisfecho con la respuesta que informa como cumplida la demanda «{title}». Voces la muestra como impugnada hasta que el consejo cambie su veredicto.")),
        (DemandNotice::Withdrawn, true) => (format!("Demand withdrawn: “{title}”"), format!("{body} has withdrawn the demand “{title}”. It no longer needs an answer from {authority}, and its clock has stopped.")),
        (DemandNotice::Withdrawn, false) => (format!("Demanda retirada: «{title}»"), format!("{body} retiró la demanda «{title}». Ya no espera respuesta de {authority} y su plazo se detuvo.")),
    };
    compose(
        locale,
        subject,
        &[lead],
        if en {
            "See the demand"
        } else {
            "Ver la demanda"
        },
        url,
        &[],
    )
}

/// A reminder to an authority about a deadline: `kind` is "7d", "1d" or
/// "passed"; `deadline` is already written in the body's zone.
pub fn deadline_reminder(
    locale: &str,
    kind: &str,
    title: &str,
    body: &str,
    deadline: &str,
    url: &str,
) -> Rendered {
    let en = is_en(locale);
    let (subject, lead) = match (kind, en) {
        ("passed", true) => (
            format!("Overdue: “{title}”"),
            format!("The deadline to answer the demand of {body} “{title}” passed on {deadline}."),
        ),
        ("passed", false) => (
            format!("Plazo vencido: «{title}»"),
            format!("El plazo para responder la demanda de {body} «{title}» venció el {deadline}."),
        ),
        (_, true) => (
            format!("Deadline on {deadline}: “{title}”"),
            format!("The demand of {body} “{title}” is due to be answered by {deadline}."),
        ),
        (_, false) => (
            format!("Vence el {deadline}: «{title}»"),
            format!("La demanda de {body} «{title}» debe responderse a más tardar el {deadline}."),
        ),
    };
    compose(
        locale,
        subject,
        &[lead],
        if en {
            "Answer the demand"
        } else {
            "Responder la demanda"
        },
        url,
        &[],
    )
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
        let es = invitation("es", "http://x/i/t?a=1&b=2", Some("Ana <script>"), 7);
        assert!(es.subject.contains("invitación"));
        assert!(es.text.contains("http://x/i/t?a=1&b=2"));
        assert!(es.html.contains("a=1&amp;b=2"));
        assert!(es.html.contains("Ana &lt;script&gt;"));
        assert!(!es.html.contains("<script>"));
        let en = password_reset("en", "http://x/r", 2);
        assert!(en.subject.starts_with("Reset"));
        assert!(en.html.contains("lang=\"en\""));
    }
}
