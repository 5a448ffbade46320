//! A real SMTP server for tests: `tests/smtp/sink.py` (aiosmtpd), storing
//! each message as a file. It can be told to refuse mail for a while.
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpSink {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    refuse_flag: PathBuf,
}

impl SmtpSink {
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    /// On a given port (a test that first needs nothing listening there).
    pub fn start_on(port: u16) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let refuse_flag = dir.path().join("refuse");
        let maildir = dir.path().join("mail");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp/sink.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--port")
            .arg(port.to_string())
            .arg("--dir")
            .arg(&maildir)
            .arg("--refuse")
            .arg(&refuse_flag)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (make test installs it)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sink output");
        assert!(line.starts_with("ready"), "SMTP sink did not start: {line}");
        Self {
            child,
            port,
            dir,
            refuse_flag,
        }
    }

    /// While true, the server answers 451 to every message.
    pub fn refuse(&self, on: bool) {
        if on {
            std::fs::write(&self.refuse_flag, b"1").expect("flag");
        } else {
            let _ = std::fs::remove_file(&self.refuse_flag);
        }
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<String> {
        let maildir = self.dir.path().join("mail");
        let mut names: Vec<PathBuf> = std::fs::read_dir(&maildir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }

    /// Waits until at least `n` messages arrived (or a timeout).
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<String> {
        let start = Instant::now();
        loop {
            let m = self.messages();
            if m.len() >= n || start.elapsed() > timeout {
                return m;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn config(&self) -> server::config::MailConfig {
        server::config::MailConfig::Smtp {
            host: "127.0.0.1".into(),
            port: self.port,
            tls: server::config::SmtpTls::None,
            user: None,
            password: None,
            from: "Voces <no-reply@voces.test>".into(),
        }
    }
}

/// A port nothing listens on (right now).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of a quoted-printable or plain message, decoded enough to find
/// links in it (soft line breaks removed, `=3D` restored).
pub fn decoded(message: &str) -> String {
    message
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=")
}

/// The first link in a message that starts with `prefix`.
pub fn link(message: &str, prefix: &str) -> Option<String> {
    let text = decoded(message);
    let start = text.find(prefix)?;
    let rest = &text[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .unwrap_or(rest.len());
    Some(rest[..end].to_string())
}
