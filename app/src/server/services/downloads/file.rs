//! A download's file and its gzipped twin, written on a blocking thread
//! from the pieces a builder hands on.
use crate::server::error::ServiceError;
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc::{self, Receiver, Sender};

/// Pieces waiting to be written at most (each about 256 KB).
const QUEUE: usize = 4;

/// The gzipped twin of `path` (`x.csv` → `x.csv.gz`), where
/// `ServeFile::precompressed_gzip` looks for it.
pub fn gz_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

fn io(e: std::io::Error) -> ServiceError {
    ServiceError::File(e.to_string())
}

/// The writer of one file under construction.
pub struct Writing {
    pub tx: Sender<Vec<u8>>,
    done: tokio::task::JoinHandle<Result<u64, ServiceError>>,
    path: PathBuf,
}

/// Starts writing `path` (and its `.gz`), `prefix` first (a byte order
/// mark, say).
pub fn start(path: PathBuf, prefix: &'static [u8]) -> Writing {
    let (tx, rx) = mpsc::channel(QUEUE);
    let target = path.clone();
    let done = tokio::task::spawn_blocking(move || write_all(&target, prefix, rx));
    Writing { tx, done, path }
}

fn write_all(path: &Path, prefix: &[u8], mut rx: Receiver<Vec<u8>>) -> Result<u64, ServiceError> {
    let mut plain = BufWriter::new(File::create(path).map_err(io)?);
    let mut gz = GzEncoder::new(
        BufWriter::new(File::create(gz_of(path)).map_err(io)?),
        Compression::default(),
    );
    let mut size = 0u64;
    for piece in std::iter::once(prefix.to_vec()).chain(std::iter::from_fn(|| rx.blocking_recv())) {
        plain.write_all(&piece).map_err(io)?;
        gz.write_all(&piece).map_err(io)?;
        size += piece.len() as u64;
    }
    plain
        .into_inner()
        .map_err(|e| io(e.into_error()))?
        .sync_all()
        .map_err(io)?;
    gz.finish()
        .map_err(io)?
        .into_inner()
        .map_err(|e| io(e.into_error()))?
        .sync_all()
        .map_err(io)?;
    Ok(size)
}

impl Writing {
    /// Waits for everything handed on to be on disk; the file's size. The
    /// sender must be gone (the builder's stream finished or dropped).
    pub async fn finish(self) -> Result<u64, ServiceError> {
        drop(self.tx);
        let written = match self.done.await {
            Ok(r) => r,
            Err(e) => Err(ServiceError::File(e.to_string())),
        };
        if written.is_err() {
            remove(&self.path);
        }
        written
    }
}

/// Removes a download's file and its twin (gone already is fine).
pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(gz_of(path));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[tokio::test]
    async fn the_file_and_its_twin_hold_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let w = start(path.clone(), b"\xEF\xBB\xBF");
        for i in 0..1000 {
            w.tx.send(format!("{i},row\n").into_bytes()).await.unwrap();
        }
        let sent = w.tx.clone();
        drop(sent);
        let size = w.finish().await.unwrap();
        let plain = std::fs::read(&path).unwrap();
        assert_eq!(size, plain.len() as u64);
        assert!(plain.starts_with(b"\xEF\xBB\xBF0,row\n1,row\n"));
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(File::open(gz_of(&path)).unwrap())
            .read_to_end(&mut unzipped)
            .unwrap();
        assert_eq!(unzipped, plain);
        remove(&path);
        assert!(!path.exists() && !gz_of(&path).exists());
    }
}
