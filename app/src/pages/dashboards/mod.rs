//! The public dashboards: the national overview on the home page, the
//! figures council by council, the figures section of a body's page, and
//! an authority's page. All read
//! `?as_of=YYYY-MM-DD` (a GET form), so they work without JavaScript.
pub mod authorities;
pub mod authority;
pub mod bodies;
pub mod body;
pub mod charts;
pub mod overview;

use crate::domain::enums::ReferralStatus;
use crate::domain::metrics::answers::StatusCounts;
use crate::i18n::*;

/// The bars of referrals per status (`charts::status`), each linking to
/// the list.
pub(crate) fn status_bars(
    locale: Locale,
    counts: &StatusCounts,
    link: impl Fn(ReferralStatus) -> String,
) -> (Vec<crate::components::charts::Bar>, Vec<String>) {
    let links = ReferralStatus::ALL.iter().map(|s| link(*s)).collect();
    (charts::status(locale, counts).bars, links)
}
