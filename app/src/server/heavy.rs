//! A bound on the work whose cost grows with the data and whose shape any
//! reader chooses: searches, lists with filters or far pages, and figures
//! at an instant of the reader's choosing (`as_of`).
//!
//! Every other public answer comes from a cache (`metrics::cache`, the page
//! cache) or costs the same whoever asks. These do not: at a million
//! referrals a distinct search or a list's far page reads the database for
//! hundreds of milliseconds, and 32 of them at once took every pooled
//! connection, so every other page waited for the pool and failed
//! (docs/benchmarks.md, issue 27). Each kind of such work has a few slots
//! of its own ([`Heavy`]); a request waits in line for one, at most
//! [`WAIT`], and is then told to come back (`ServiceError::Busy`, a 429
//! with `Retry-After`), so one kind of request cannot starve the others.
//!
//! The work runs in a task of its own that holds its slot to the end:
//! a reader who gives up drops the request, but the database would go on
//! with the query it was sent, and a slot freed at that moment would let
//! abandoned queries pile up without bound.
use crate::server::error::ServiceError;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tracing::Instrument;

/// The longest a request waits for a slot.
pub const WAIT: Duration = Duration::from_secs(5);
/// Slots per kind unless `HEAVY_REQUESTS` says otherwise: a few queries at
/// once keep two cores busy; more only make each slower and hold more
/// connections of the pool (8 on SQLite).
pub const DEFAULT_SLOTS: usize = 3;

/// The kinds of work bounded apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heavy {
    /// A text search (the site's, or a list's `q`).
    Search = 0,
    /// A page of the demands or referrals list.
    List = 1,
    /// Figures at an instant the reader gave.
    Past = 2,
}

/// How many kinds there are: one lane of slots each.
const KINDS: usize = 3;

impl Heavy {
    /// A list's page: a search when it has a text query `q`.
    pub fn list(q: &str) -> Self {
        if q.trim().is_empty() {
            Heavy::List
        } else {
            Heavy::Search
        }
    }
}

/// The slots of one server.
#[derive(Debug)]
pub struct HeavyWork {
    /// The slots of each kind, indexed by `Heavy as usize`.
    lanes: [Arc<Semaphore>; KINDS],
    wait: Duration,
}

impl Default for HeavyWork {
    fn default() -> Self {
        Self::new(DEFAULT_SLOTS, WAIT)
    }
}

impl HeavyWork {
    /// `slots` of each kind; a request waits `wait` at most for one.
    pub fn new(slots: usize, wait: Duration) -> Self {
        Self {
            lanes: std::array::from_fn(|_| Arc::new(Semaphore::new(slots.max(1)))),
            wait,
        }
    }

    fn lane(&self, kind: Heavy) -> &Arc<Semaphore> {
        &self.lanes[kind as usize]
    }

    /// Runs `work` in a slot of `kind`, or answers `Busy` when none came
    /// free within the wait. A lost database met by `work` is noted for
    /// the request as if it had run in the request's own task
    /// (`db::watch_outage`).
    pub async fn run<T, Fut>(&self, kind: Heavy, work: Fut) -> Result<T, ServiceError>
    where
        T: Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        let slot =
            match tokio::time::timeout(self.wait, self.lane(kind).clone().acquire_owned()).await {
                Ok(Ok(slot)) => slot,
                // Timed out (closed never happens: the semaphore is never closed).
                _ => {
                    tracing::info!(?kind, "every slot of this kind is taken: busy");
                    return Err(ServiceError::Busy);
                }
            };
        let task = tokio::spawn(
            async move {
                let out = crate::server::db::watch_outage(work).await;
                drop(slot);
                out
            }
            .in_current_span(),
        );
        match task.await {
            Ok((out, seen)) => {
                if seen {
                    crate::server::db::note_outage_seen();
                }
                out
            }
            // A panic goes on as the request's own would have; the task is
            // cancelled only when the runtime stops.
            Err(e) => match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(_) => Err(ServiceError::Busy),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot;
    use tokio::task::JoinHandle;

    /// Work of `kind` that has begun in its slot and holds it until
    /// `release` is sent; `done` hears when it ended.
    struct Held {
        request: JoinHandle<Result<i32, ServiceError>>,
        release: oneshot::Sender<()>,
        done: oneshot::Receiver<()>,
    }

    async fn hold(heavy: &Arc<HeavyWork>, kind: Heavy, out: i32) -> Held {
        let (release, held) = oneshot::channel::<()>();
        let (started, begun) = oneshot::channel::<()>();
        let (finished, done) = oneshot::channel::<()>();
        let heavy = heavy.clone();
        let request = tokio::spawn(async move {
            heavy
                .run(kind, async move {
                    let _ = started.send(());
                    let _ = held.await;
                    let _ = finished.send(());
                    Ok(out)
                })
                .await
        });
        begun.await.expect("the held work began");
        Held {
            request,
            release,
            done,
        }
    }

    #[tokio::test]
    async fn a_request_beyond_the_slots_waits_then_is_told_busy() {
        let heavy = Arc::new(HeavyWork::new(1, Duration::from_millis(50)));
        let first = hold(&heavy, Heavy::Search, 1).await;
        // The one search slot is taken: the second search is refused…
        let second = heavy.run(Heavy::Search, async { Ok(2) }).await;
        assert!(matches!(second, Err(ServiceError::Busy)), "{second:?}");
        // …while another kind has slots of its own.
        assert_eq!(heavy.run(Heavy::List, async { Ok(3) }).await.ok(), Some(3));
        let _ = first.release.send(());
        assert_eq!(first.request.await.ok().and_then(Result::ok), Some(1));
        assert_eq!(
            heavy.run(Heavy::Search, async { Ok(4) }).await.ok(),
            Some(4)
        );
    }

    #[tokio::test]
    async fn a_request_given_up_keeps_its_slot_until_its_work_is_done() {
        let heavy = Arc::new(HeavyWork::new(1, Duration::from_millis(50)));
        let given_up = hold(&heavy, Heavy::List, 0).await;
        // The reader goes away; the query it started goes on.
        given_up.request.abort();
        let _ = given_up.request.await;
        let refused = heavy.run(Heavy::List, async { Ok(()) }).await;
        assert!(matches!(refused, Err(ServiceError::Busy)), "{refused:?}");
        let _ = given_up.release.send(());
        given_up.done.await.expect("the work ran to its end");
        assert!(heavy.run(Heavy::List, async { Ok(()) }).await.is_ok());
    }
}
