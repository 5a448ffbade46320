//! Every form's address, written once. The router mounts each handler on a
//! [`Route`]'s pattern, the page builds its `action=` with [`Route::path`],
//! and the handler redirects with the same constants — so an address is
//! changed in one place. Most forms post to the page they sit on (the page
//! is then the GET route of the same pattern in `lib.rs`; a test in
//! `server` checks that each such page exists).
use crate::domain::url::encode_component;

/// A route pattern in axum's syntax (`/bodies/{key}/settings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route(&'static str);

impl Route {
    /// The pattern, for the router.
    pub const fn pattern(self) -> &'static str {
        self.0
    }

    /// The address with `args` in the pattern's `{…}` segments, in order,
    /// each percent-encoded. Missing arguments leave the segment empty.
    pub fn path(self, args: &[&str]) -> String {
        let mut out = String::with_capacity(self.0.len() + 16);
        let mut args = args.iter();
        let mut rest = self.0;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            if let Some(a) = args.next() {
                out.push_str(&encode_component(a));
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

// Reading: the national figures council by council, and the whole rankings.
pub const BODIES: Route = Route("/bodies");
// Reading: the site search, a GET form in the header and on its page.
pub const SEARCH: Route = Route("/buscar");
/// Councils or authorities side by side (`/comparar?kind=…&k=…`).
pub const COMPARE: Route = Route("/comparar");
/// Where the councils are, by state.
pub const MAP: Route = Route("/mapa");
/// Where seat holders come from: every public council, or one (`?body=`).
pub const ORIGINS: Route = Route("/mapa/origenes");
/// A council's and an authority's annual reports.
pub const BODY_REPORT: Route = Route("/bodies/{key}/informe/{year}");
pub const AUTHORITY_REPORT: Route = Route("/authorities/{key}/informe/{year}");
/// The reports as PDF, made on the server (`?paper=a4|letter`, `?lang=en`).
pub const BODY_REPORT_PDF: Route = Route("/bodies/{key}/informe/{year}/pdf");
pub const AUTHORITY_REPORT_PDF: Route = Route("/authorities/{key}/informe/{year}/pdf");

// Following by e-mail, without an account (`services::follows`): the form
// (its page names what is followed), the confirmation from the mail, the
// page of an address's follows, and the one-click unsubscribe (RFC 8058).
pub const FOLLOW: Route = Route("/follow");
pub const FOLLOW_CONFIRM: Route = Route("/follow/confirm/{token}");
pub const FOLLOWS: Route = Route("/follows/{token}");
pub const FOLLOWS_FREQUENCY: Route = Route("/follows/{token}/{id}/frequency");
pub const FOLLOWS_REMOVE: Route = Route("/follows/{token}/{id}/remove");
pub const FOLLOWS_REMOVE_ALL: Route = Route("/follows/{token}/remove");
pub const UNSUBSCRIBE: Route = Route("/unsubscribe/{token}");

// Signing in and out, passwords, invitations.
pub const LOGIN: Route = Route("/login");
pub const LOGOUT: Route = Route("/logout");
pub const RESET: Route = Route("/reset");
pub const RESET_COMPLETE: Route = Route("/reset/{token}");
pub const INVITATION: Route = Route("/invitations/{token}");

// A person's own account and data.
pub const ACCOUNT: Route = Route("/account");
/// What needs the signed-in person now; where signing in lands.
pub const PENDING: Route = Route("/pending");
pub const ACCOUNT_PASSWORD: Route = Route("/account/password");
pub const NAME_PUBLIC: Route = Route("/account/members/{body}/{member}/public");
pub const DATA_REQUESTS: Route = Route("/account/data-requests");
pub const DATA_REQUEST: Route = Route("/data-requests/{request}");
pub const DATA_REQUEST_LIST: Route = Route("/data-requests");

// Administration.
pub const ADMIN: Route = Route("/admin");
pub const ADMIN_INVITE: Route = Route("/admin/invitations");
pub const ADMIN_GRANT: Route = Route("/admin/accounts/{id}/roles");
pub const ADMIN_DISABLE: Route = Route("/admin/accounts/{id}/disabled");
pub const ADMIN_REVOKE: Route = Route("/admin/roles/{id}/revoke");
pub const BODY_NEW: Route = Route("/admin/bodies/new");
pub const ADMIN_IMPORT: Route = Route("/admin/import");
pub const ADMIN_AUTHORITIES: Route = Route("/admin/authorities");
pub const AUTHORITY_NEW: Route = Route("/admin/authorities/new");
pub const AUTHORITY_ADMIN: Route = Route("/admin/authorities/{key}");
pub const AUTHORITY_HOLIDAYS: Route = Route("/admin/authorities/{key}/holidays");
pub const AUTHORITY_HOLIDAY_REMOVE: Route = Route("/admin/authorities/{key}/holidays/remove");
pub const AUTHORITY_ARCHIVE: Route = Route("/admin/authorities/{key}/archive");
pub const AUTHORITY_INVITE: Route = Route("/admin/authorities/{key}/officials");
pub const BODY_CREATE: Route = Route("/admin/bodies");
pub const BODY_SETTINGS: Route = Route("/bodies/{key}/settings");

// A body's members.
pub const MEMBERS: Route = Route("/bodies/{key}/members");
pub const MEMBER_INVITE: Route = Route("/bodies/{key}/members/{member}/invite");
pub const MEMBER_NEW: Route = Route("/bodies/{key}/members/new");
pub const MEMBER_EDIT: Route = Route("/bodies/{key}/members/{member}/edit");
pub const MEMBER_RENEW: Route = Route("/bodies/{key}/members/{member}/renew");
pub const ROSTER_IMPORT: Route = Route("/bodies/{key}/members/import");

// Demands and their referrals.
pub const DEMAND: Route = Route("/bodies/{key}/demands/{demand}");
pub const DEMAND_NEW: Route = Route("/bodies/{key}/demands/new");
pub const DEMAND_EDIT: Route = Route("/bodies/{key}/demands/{demand}/edit");
pub const DEMAND_WITHDRAW: Route = Route("/bodies/{key}/demands/{demand}/withdraw");
pub const DEMAND_CONFIDENTIALITY: Route = Route("/bodies/{key}/demands/{demand}/confidentiality");
pub const REFERRAL_EVENTS: Route =
    Route("/bodies/{key}/demands/{demand}/referrals/{authority}/events");
pub const REFERRAL_VERDICTS: Route =
    Route("/bodies/{key}/demands/{demand}/referrals/{authority}/verdicts");

// Meetings.
pub const MEETINGS: Route = Route("/bodies/{key}/meetings");
pub const MEETING: Route = Route("/bodies/{key}/meetings/{meeting}");
pub const MEETING_NEW: Route = Route("/bodies/{key}/meetings/new");
pub const MEETING_EDIT: Route = Route("/bodies/{key}/meetings/{meeting}/edit");
pub const MEETING_CANCEL: Route = Route("/bodies/{key}/meetings/{meeting}/cancel");
pub const MEETING_HELD: Route = Route("/bodies/{key}/meetings/{meeting}/held");
pub const MEETING_UNHELD: Route = Route("/bodies/{key}/meetings/{meeting}/unheld");
pub const MEETING_DELETE: Route = Route("/bodies/{key}/meetings/{meeting}/delete");
pub const MEETING_ATTENDANCE: Route = Route("/bodies/{key}/meetings/{meeting}/attendance");
pub const MEETING_MINUTES: Route = Route("/bodies/{key}/meetings/{meeting}/minutes");

/// The pages a form posts to and re-renders on refusal: each must be a page
/// of the application (checked by a test in `server`).
pub const PAGES: &[Route] = &[
    LOGIN,
    RESET,
    RESET_COMPLETE,
    INVITATION,
    ACCOUNT,
    ADMIN,
    BODY_NEW,
    BODY_SETTINGS,
    ADMIN_IMPORT,
    ADMIN_AUTHORITIES,
    AUTHORITY_NEW,
    AUTHORITY_ADMIN,
    MEMBERS,
    MEMBER_NEW,
    MEMBER_EDIT,
    DEMAND,
    DEMAND_NEW,
    DEMAND_EDIT,
    MEETING,
    MEETING_NEW,
    MEETING_EDIT,
    MEETING_ATTENDANCE,
    DATA_REQUEST_LIST,
    FOLLOW,
    FOLLOW_CONFIRM,
    FOLLOWS,
    UNSUBSCRIBE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fill_the_pattern_in_order() {
        assert_eq!(LOGIN.path(&[]), "/login");
        assert_eq!(
            REFERRAL_EVENTS.path(&["consejo-cdmx", "d 7", "inm"]),
            "/bodies/consejo-cdmx/demands/d%207/referrals/inm/events"
        );
        assert_eq!(ADMIN_GRANT.path(&["12"]), "/admin/accounts/12/roles");
    }
}
