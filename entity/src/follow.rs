//! `follows`: what an address follows by e-mail, how often, and how far
//! the mails sent reach.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub address_id: i64,
    /// body | authority | demand | search | site
    pub kind: String,
    /// A key, `body/demand`, a search's query string, or empty (site).
    pub target: String,
    /// What it follows, as named when followed.
    pub title: String,
    /// immediate | daily | weekly
    pub frequency: String,
    /// Confirms the follow and unsubscribes from it.
    #[sea_orm(unique)]
    pub token: String,
    pub created_at: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    /// The mails sent cover what happened up to this instant.
    pub sent_up_to: Option<DateTimeUtc>,
    /// When to look for news again.
    pub due_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::follow_address::Entity",
        from = "Column::AddressId",
        to = "super::follow_address::Column::Id",
        on_delete = "Cascade"
    )]
    Address,
}

crate::related! { super::follow_address::Entity => Address }

impl ActiveModelBehavior for ActiveModel {}
