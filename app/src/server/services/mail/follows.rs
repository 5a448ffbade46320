//! The mails of following by e-mail: the confirmation (double opt-in), the
//! reminder to someone who already follows, and the news themselves, each
//! with the page of one's follows and a one-click way out.
use super::templates::{compose, escape, is_en, Rendered};
use crate::domain::follows::Frequency;
use crate::server::services::feeds::Item;

fn frequency_words(en: bool, f: Frequency) -> &'static str {
    match (en, f) {
        (true, Frequency::Immediate) => "as it happens",
        (true, Frequency::Daily) => "in a daily digest",
        (true, Frequency::Weekly) => "in a weekly digest",
        (false, Frequency::Immediate) => "en cuanto ocurran",
        (false, Frequency::Daily) => "en un resumen diario",
        (false, Frequency::Weekly) => "en un resumen semanal",
    }
}

/// Asks the address's owner to confirm a follow; nothing is sent before.
pub fn confirm(
    locale: &str,
    title: &str,
    page: &str,
    url: &str,
    frequency: Frequency,
    days: i64,
) -> Rendered {
    let en = is_en(locale);
    let how = frequency_words(en, frequency);
    let (subject, lead, after) = if en {
        (
            format!("Confirm: follow “{title}” on Voces"),
            vec![
                format!("Someone (we hope you) asked Voces to mail this address the news of “{title}” ({page}), {how}."),
                "Nothing will be sent until you confirm. Confirm on the page this button opens:".to_string(),
            ],
            vec![format!("If you did not ask for this, ignore this mail: the request is forgotten in {days} days and you will get nothing more.")],
        )
    } else {
        (
            format!("Confirma: seguir «{title}» en Voces"),
            vec![
                format!("Alguien (esperamos que tú) pidió a Voces enviar a esta dirección las novedades de «{title}» ({page}), {how}."),
                "No enviaremos nada hasta que lo confirmes. Confirma en la página que abre este botón:".to_string(),
            ],
            vec![format!("Si no lo pediste, ignora este correo: la solicitud se olvida en {days} días y no recibirás nada más.")],
        )
    };
    compose(
        locale,
        subject,
        &lead,
        if en { "Confirm" } else { "Confirmar" },
        url,
        &after,
    )
}

/// To an address that asked again for what it already follows: where to
/// change or stop it.
pub fn known(locale: &str, title: &str, page: &str, manage: &str) -> Rendered {
    let en = is_en(locale);
    let (subject, lead) = if en {
        (
            format!("You already follow “{title}” on Voces"),
            format!("This address already receives the news of “{title}” ({page}). To change how often, or to stop, open the page of your follows:"),
        )
    } else {
        (
            format!("Ya sigues «{title}» en Voces"),
            format!("Esta dirección ya recibe las novedades de «{title}» ({page}). Para cambiar la frecuencia o dejar de seguir, abre la página de tus seguimientos:"),
        )
    };
    compose(
        locale,
        subject,
        &[lead],
        if en { "My follows" } else { "Mis seguimientos" },
        manage,
        &[],
    )
}

/// What a news mail says.
pub struct News<'a> {
    /// What is followed.
    pub title: &'a str,
    /// Its page (absolute).
    pub page: &'a str,
    /// What happened since the last mail, newest first.
    pub items: &'a [Item],
    /// Older news did not fit: see the page.
    pub more: bool,
    pub frequency: Frequency,
    pub manage: &'a str,
    pub unsubscribe: &'a str,
}

/// The news of one follow: each entry's title, where and a link; then the
/// page, the page of one's follows and the way out.
pub fn news(locale: &str, n: &News) -> Rendered {
    let en = is_en(locale);
    let count = n.items.len();
    let subject = match (en, n.frequency, count) {
        (true, Frequency::Immediate, 1) => format!("{}: {}", n.title, n.items[0].title),
        (true, Frequency::Immediate, c) => format!("{}: {c} new items", n.title),
        (true, Frequency::Daily, c) => format!("Daily digest, {}: {c} new", n.title),
        (true, Frequency::Weekly, c) => format!("Weekly digest, {}: {c} new", n.title),
        (false, Frequency::Immediate, 1) => format!("{}: {}", n.title, n.items[0].title),
        (false, Frequency::Immediate, c) => format!("{}: {c} novedades", n.title),
        (false, Frequency::Daily, c) => format!("Resumen diario, {}: {c} novedades", n.title),
        (false, Frequency::Weekly, c) => {
            format!("Resumen semanal, {}: {c} novedades", n.title)
        }
    };
    let lead = if en {
        format!("New on Voces about “{}”:", n.title)
    } else {
        format!("Novedades en Voces sobre «{}»:", n.title)
    };
    let more = n.more.then(|| {
        if en {
            "There is more: see the page.".to_string()
        } else {
            "Hay más: véalo en la página.".to_string()
        }
    });
    let footer = if en {
        [
            format!(
                "You receive this because you follow “{}” {}.",
                n.title,
                frequency_words(en, n.frequency)
            ),
            format!("Change how often or stop following: {}", n.manage),
            format!("Stop following this, in one click: {}", n.unsubscribe),
        ]
    } else {
        [
            format!(
                "Recibes esto porque sigues «{}» {}.",
                n.title,
                frequency_words(en, n.frequency)
            ),
            format!("Cambiar la frecuencia o dejar de seguir: {}", n.manage),
            format!("Dejar de seguir esto, con un clic: {}", n.unsubscribe),
        ]
    };
    let mut r = compose(
        locale,
        subject,
        &[lead],
        if en {
            "Open the page"
        } else {
            "Abrir la página"
        },
        n.page,
        &footer,
    );
    // The entries, as a list, after the lead (text and HTML alike).
    let mut text = String::new();
    let mut html = String::from("<ul>");
    for i in n.items {
        text.push_str(&format!("- {}\n  {}\n  {}\n", i.title, i.summary, i.url));
        html.push_str(&format!(
            "<li style=\"margin-bottom:.5rem\"><a href=\"{}\">{}</a><br><span style=\"color:#52606d\">{}</span></li>",
            escape(&i.url),
            escape(&i.title),
            escape(&i.summary)
        ));
    }
    html.push_str("</ul>");
    if let Some(m) = &more {
        text.push_str(&format!("\n{m}\n"));
        html.push_str(&format!("<p>{}</p>", escape(m)));
    }
    text.push('\n');
    if let Some(at) = r.text.find("\n\n") {
        r.text.insert_str(at + 2, &text);
    }
    if let Some(at) = r.html.find("</p>") {
        r.html.insert_str(at + 4, &html);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_list_every_entry_escaped_with_the_way_out() {
        let t: chrono::DateTime<chrono::Utc> = "2026-03-01T12:00:00Z".parse().unwrap();
        let items = vec![Item {
            id: "x".into(),
            title: "INM: Respuesta — Visas <humanitarias>".into(),
            url: "https://v.example/bodies/b/demands/d#referral-inm".into(),
            published: t,
            updated: t,
            summary: "Consejo Tijuana · Visas".into(),
            html: None,
        }];
        let r = news(
            "es",
            &News {
                title: "Consejo Tijuana",
                page: "https://v.example/bodies/b",
                items: &items,
                more: false,
                frequency: Frequency::Immediate,
                manage: "https://v.example/follows/M",
                unsubscribe: "https://v.example/unsubscribe/U",
            },
        );
        assert_eq!(
            r.subject,
            "Consejo Tijuana: INM: Respuesta — Visas <humanitarias>"
        );
        assert!(
            r.text.contains("- INM: Respuesta — Visas <humanitarias>\n"),
            "{}",
            r.text
        );
        assert!(
            r.text.find("Visas <hum").unwrap()
                < r.text.find("https://v.example/bodies/b\n").unwrap()
        );
        assert!(r.html.contains("Visas &lt;humanitarias&gt;"));
        assert!(!r.html.contains("<humanitarias>"));
        assert!(r.text.contains("https://v.example/unsubscribe/U"));
        assert!(r.html.contains("https://v.example/follows/M"));
        let d = news(
            "en",
            &News {
                frequency: Frequency::Daily,
                more: true,
                ..News {
                    ..clone_news(&items)
                }
            },
        );
        assert_eq!(d.subject, "Daily digest, Consejo Tijuana: 1 new");
        assert!(d.text.contains("There is more"));
    }

    fn clone_news(items: &[Item]) -> News<'_> {
        News {
            title: "Consejo Tijuana",
            page: "https://v.example/bodies/b",
            items,
            more: false,
            frequency: Frequency::Weekly,
            manage: "m",
            unsubscribe: "u",
        }
    }

    #[test]
    fn the_confirmation_says_nothing_is_sent_before() {
        let r = confirm(
            "es",
            "Consejo",
            "https://v/bodies/c",
            "https://v/follow/confirm/T",
            Frequency::Weekly,
            7,
        );
        assert!(r.subject.starts_with("Confirma"));
        assert!(r.text.contains("No enviaremos nada hasta que lo confirmes"));
        assert!(r.text.contains("https://v/follow/confirm/T"));
        assert!(r.text.contains("resumen semanal"));
    }
}
