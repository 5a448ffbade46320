//! `server bench-metrics`: how long the figures take to compute, in
//! process and without the figures cache (what a request pays after a
//! write): the largest public body, the authority with the most referrals,
//! every public body (the ranking) and the home overview. Prints JSON;
//! `make bench` puts it in its table. Asserts nothing.
use app::server::error::ServiceError;
use app::server::services::metrics::{self, dashboards};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Instant;

/// (key, referrals) of the largest by `group` ("d.body_id" or
/// "r.authority_id"), joined to `table` for its key.
async fn largest(
    db: &DatabaseConnection,
    group: &str,
    table: &str,
) -> Result<(String, i64), ServiceError> {
    let sql = format!(
        "SELECT t.key, c.n FROM (SELECT {group} AS id, COUNT(*) AS n FROM referrals r \
         JOIN demands d ON d.id = r.demand_id JOIN bodies b ON b.id = d.body_id \
         WHERE b.public = {yes} GROUP BY {group}) c JOIN {table} t ON t.id = c.id \
         ORDER BY c.n DESC, t.key LIMIT 1",
        yes = match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => "TRUE",
            _ => "1",
        }
    );
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((row.try_get_by_index(0)?, row.try_get_by_index(1)?))
}

/// p50 and p95 of `runs` timed calls, in milliseconds, after one warm-up.
async fn time<T, F, Fut>(runs: usize, mut f: F) -> Result<Value, ServiceError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ServiceError>>,
{
    f().await?;
    let mut ms = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        f().await?;
        ms.push(start.elapsed().as_secs_f64() * 1_000.0);
    }
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    Ok(json!({"runs": ms.len(), "p50_ms": at(0.5), "p95_ms": at(0.95)}))
}

pub async fn run(db: &DatabaseConnection, runs: usize) -> Result<Value, ServiceError> {
    let t = chrono::Utc::now();
    let (body, body_referrals) = largest(db, "d.body_id", "bodies").await?;
    let (authority, authority_referrals) = largest(db, "r.authority_id", "authorities").await?;
    let mut out = json!({});
    out["body"] = time(runs, || metrics::body(db, &body, t)).await?;
    out["body"]["key"] = json!(body);
    out["body"]["referrals"] = json!(body_referrals);
    out["authority"] = time(runs, || metrics::authority(db, &authority, t)).await?;
    out["authority"]["key"] = json!(authority);
    out["authority"]["referrals"] = json!(authority_referrals);
    // The national ones take seconds at a million referrals: fewer runs.
    let few = runs.div_ceil(4);
    out["all_bodies"] = time(few, || metrics::all_bodies(db, t)).await?;
    out["overview"] = time(few, || dashboards::overview(db, t)).await?;
    out["overview_parts"] = overview_parts(db, t, few).await?;
    Ok(out)
}

/// Where the overview's time goes (p50 of each part, run alone): the
/// bodies' answer figures, the rest of their figures (members, meetings,
/// demands), every authority's figures, the most overdue referrals.
async fn overview_parts(
    db: &DatabaseConnection,
    t: chrono::DateTime<chrono::Utc>,
    runs: usize,
) -> Result<Value, ServiceError> {
    use app::server::services::metrics::{authorities, bodies, facts, referrals::Scope};
    let all = bodies::public_bodies(db, None).await?;
    let ts = [t];
    let answers = bodies::answers(db, &all, None, &ts).await?;
    Ok(json!({
        "bodies_answers": time(runs, || bodies::answers(db, &all, None, &ts)).await?,
        "bodies_rest": time(runs, || bodies::at_with(db, all.clone(), None, &ts, &answers)).await?,
        "authorities": time(runs, || authorities::at(db, None, &ts)).await?,
        "overdue": time(runs, || facts::overdue(db, Scope::All, t, 10)).await?,
    }))
}
