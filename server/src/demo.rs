//! The demo dataset, compiled in so `server demo` works from any directory.
use app::server::services::dataset::{self, import::ImportError, ImportOptions, Progress};
use entity::{authority, body};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

pub const DEMO_JSON: &str = include_str!("../demo/voces-demo.json");

/// Loads the demo when the database holds no body and no authority.
/// Returns whether it was loaded.
pub async fn load_if_empty(
    db: &DatabaseConnection,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<bool, ImportError> {
    let empty = body::Entity::find().count(db).await? == 0
        && authority::Entity::find().count(db).await? == 0;
    if !empty {
        return Ok(false);
    }
    dataset::import(db, DEMO_JSON, ImportOptions::default(), progress).await?;
    Ok(true)
}
