//! What the paged lists' filters share: a page, the cursors of a page
//! link, and the whole list they select (what its total, its page ends
//! and its download are kept for).

/// The filters of a paged list (`DemandFilter`, `ReferralFilter`).
pub trait Paged: Sized {
    /// The page asked for.
    fn page(&self) -> u64;

    /// Whether a page link's edge (`after=`, `before=`) is given.
    fn has_cursor(&self) -> bool;

    /// The same filters without page and cursors: the whole list.
    fn whole_list(&self) -> Self;
}
