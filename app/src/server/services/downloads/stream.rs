//! CSV rows handed on a piece at a time, so that a download of a million
//! rows never holds more than a few hundred kilobytes of itself.
use crate::server::error::ServiceError;
use std::cell::RefCell;
use tokio::sync::mpsc::Sender;

/// Where the CSV writer writes: taken from between rows (`csv::Writer`
/// lends only a shared reference to its writer).
#[derive(Default)]
struct Pieces(RefCell<Vec<u8>>);

impl std::io::Write for Pieces {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.get_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Written bytes are handed on once there are this many.
const HAND_ON_AT: usize = 256 * 1024;

/// A CSV being written: to a file's writer (`to`), or kept whole in memory
/// (`in_memory`, for callers that want the text).
pub struct CsvStream {
    w: csv::Writer<Pieces>,
    tx: Option<Sender<Vec<u8>>>,
}

fn csv_error(e: csv::Error) -> ServiceError {
    ServiceError::File(e.to_string())
}

impl CsvStream {
    /// Rows kept in memory, read back by [`CsvStream::into_string`].
    pub fn in_memory() -> Self {
        Self {
            w: csv::Writer::from_writer(Pieces::default()),
            tx: None,
        }
    }

    /// Rows handed to `tx` in pieces; `tx` being bounded, a slow disk
    /// slows the builder instead of filling memory.
    pub fn to(tx: Sender<Vec<u8>>) -> Self {
        Self {
            w: csv::Writer::from_writer(Pieces::default()),
            tx: Some(tx),
        }
    }

    /// One row.
    pub fn row<I, T>(&mut self, record: I) -> Result<(), ServiceError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w.write_record(record).map_err(csv_error)
    }

    /// Text written as it is (a calendar), handed on with the next flush.
    pub fn text(&mut self, text: &str) -> Result<(), ServiceError> {
        self.w
            .flush()
            .map_err(|e| ServiceError::File(e.to_string()))?;
        self.w
            .get_ref()
            .0
            .borrow_mut()
            .extend_from_slice(text.as_bytes());
        Ok(())
    }

    async fn hand_on(&mut self, at_least: usize) -> Result<(), ServiceError> {
        let Some(tx) = &self.tx else {
            return Ok(());
        };
        self.w
            .flush()
            .map_err(|e| ServiceError::File(e.to_string()))?;
        let piece = {
            let mut held = self.w.get_ref().0.borrow_mut();
            if held.len() < at_least.max(1) {
                return Ok(());
            }
            std::mem::take(&mut *held)
        };
        tx.send(piece)
            .await
            .map_err(|_| ServiceError::File("the download's writer stopped".into()))
    }

    /// Hands the rows written so far on when there are enough of them
    /// (call between batches of rows).
    pub async fn flush(&mut self) -> Result<(), ServiceError> {
        self.hand_on(HAND_ON_AT).await
    }

    /// Hands on every row left.
    pub async fn finish(mut self) -> Result<(), ServiceError> {
        self.hand_on(0).await
    }

    /// The whole text of an in-memory CSV.
    pub fn into_string(self) -> Result<String, ServiceError> {
        let bytes = self
            .w
            .into_inner()
            .map_err(|e| ServiceError::File(e.to_string()))?
            .0
            .into_inner();
        String::from_utf8(bytes).map_err(|e| ServiceError::File(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pieces_add_up_to_the_whole() {
        let (tx, mut rx) = tokio::sync::mpsc::channel(1);
        let reader = tokio::spawn(async move {
            let mut all = Vec::new();
            let mut pieces = 0;
            while let Some(p) = rx.recv().await {
                pieces += 1;
                all.extend(p);
            }
            (pieces, String::from_utf8(all).unwrap())
        });
        let mut s = CsvStream::to(tx);
        let mut whole = CsvStream::in_memory();
        for i in 0..40_000 {
            let row = [format!("{i}"), "a, \"quoted\" cell".to_string()];
            s.row(&row).unwrap();
            whole.row(&row).unwrap();
            if i % 1000 == 0 {
                s.flush().await.unwrap();
            }
        }
        s.finish().await.unwrap();
        let (pieces, text) = reader.await.unwrap();
        assert!(pieces > 2, "handed on in pieces, not whole: {pieces}");
        assert_eq!(text, whole.into_string().unwrap());
    }
}
