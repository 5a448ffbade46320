//! Messages of answers that are not pages — plain-text refusals of forms,
//! downloads and feeds, read by people and scripts alike — in both
//! languages at once (the answer cannot know the reader's), taken from the
//! locale files like every other word of the interface.
use crate::i18n::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plain {
    FormTooLarge,
    FormInvalid,
    NoPublicBody,
    NoBody,
    ServerFailed,
    SessionFailed,
    OtherSite,
    DownloadSignIn,
    DownloadForbidden,
    BadRequest,
    InvalidFilter,
    NoFeed,
    NoReport,
    Unsubscribed,
    Busy,
}

/// The message in one language.
pub fn one(locale: Locale, m: Plain) -> &'static str {
    match m {
        Plain::FormTooLarge => td_string!(locale, plain.form_too_large),
        Plain::FormInvalid => td_string!(locale, plain.form_invalid),
        Plain::NoPublicBody => td_string!(locale, plain.no_public_body),
        Plain::NoBody => td_string!(locale, plain.no_body),
        Plain::ServerFailed => td_string!(locale, plain.server_failed),
        Plain::SessionFailed => td_string!(locale, plain.session_failed),
        Plain::OtherSite => td_string!(locale, plain.other_site),
        Plain::DownloadSignIn => td_string!(locale, plain.download_sign_in),
        Plain::DownloadForbidden => td_string!(locale, plain.download_forbidden),
        Plain::BadRequest => td_string!(locale, plain.bad_request),
        Plain::InvalidFilter => td_string!(locale, plain.invalid_filter),
        Plain::NoFeed => td_string!(locale, plain.no_feed),
        Plain::NoReport => td_string!(locale, plain.no_report),
        Plain::Unsubscribed => td_string!(locale, plain.unsubscribed),
        Plain::Busy => td_string!(locale, plain.busy),
    }
}

/// "Spanish / English".
pub fn both(m: Plain) -> String {
    format!("{} / {}", one(Locale::es, m), one(Locale::en, m))
}

/// "Spanish detail / English detail": for a message followed by a detail
/// that is the same in both languages (an address, a field's name).
pub fn both_with(m: Plain, detail: &str) -> String {
    format!(
        "{} {detail} / {} {detail}",
        one(Locale::es, m),
        one(Locale::en, m)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_from_the_locale_files() {
        assert_eq!(
            both(Plain::FormTooLarge),
            "El formulario es demasiado grande. / The form is too large."
        );
        assert_eq!(
            both_with(Plain::InvalidFilter, "status"),
            "Filtro no válido: status / Invalid filter: status"
        );
    }
}
