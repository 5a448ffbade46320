//! The command line: `serve` (default), `migrate`, `import`, `export`, `demo`,
//! `backup`, `create-admin`, `generate`, `bench-metrics`.
use app::server::db;
use app::server::services::dataset::{
    self, import::ImportError, ExportScope, ImportOptions, Progress,
};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Voces: accountability for migrant consultative bodies"
)]
pub struct Cli {
    /// Database URL (sqlite://… or postgres://…). Default: a SQLite file under data/.
    #[arg(long, global = true, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (the default). Listens on LEPTOS_SITE_ADDR.
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Import a voces-dataset/1 JSON document (all of it or nothing).
    Import {
        /// The JSON file ("-" reads standard input).
        file: PathBuf,
        /// Replace bodies and authorities whose keys already exist.
        #[arg(long)]
        replace: bool,
    },
    /// Export the data as a voces-dataset/1 JSON document.
    Export {
        /// Export only this body (and the authorities it addresses).
        #[arg(long)]
        body: Option<String>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Load the demo dataset, only into an empty database.
    Demo,
    /// Copy a SQLite database to FILE while the server keeps running (a
    /// consistent snapshot; restore by pointing DATABASE_URL at it).
    /// PostgreSQL: use pg_dump (see the README).
    Backup {
        /// The new file (never overwritten).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Invite the first administrator: prints the invitation link and queues
    /// the mail (delivered by the server's mail worker; sent now when SMTP
    /// or the mail directory is configured).
    CreateAdmin {
        /// The administrator's e-mail address.
        #[arg(long)]
        email: String,
        /// Language of the invitation mail: es or en.
        #[arg(long, default_value = "es")]
        locale: String,
    },
    /// Queue the deadline reminders and the weekly digests due now, as the
    /// server's hourly job does (for a cron job, or to check the mails);
    /// the server's mail worker delivers them. Safe to run any number of
    /// times: each mail is queued once.
    Remind,
    /// Time the figures' computation in process, without the cache (for
    /// `make bench`); prints JSON.
    BenchMetrics {
        /// Timed runs of each computation.
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Write a synthetic, realistic and deterministic dataset (for load
    /// tests and benchmarks).
    Generate {
        /// Number of referrals.
        #[arg(long, default_value_t = 10_000)]
        referrals: usize,
        /// Number of bodies (default: one per 3,300 referrals, at most 300).
        #[arg(long)]
        bodies: Option<usize>,
        /// Seed of the random choices: the same seed gives the same document.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Import(String),
    #[error("{0}")]
    Export(#[from] dataset::export::ExportError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Serve(std::io::Error),
    #[error("configuration: {0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("could not write JSON: {0}")]
    Json(serde_json::Error),
    #[error("mail: {0}")]
    Mail(String),
    #[error("{0}")]
    Service(String),
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    let url = crate::config::database_url(cli.database_url);
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Generate {
        referrals,
        bodies,
        seed,
        output,
    } = &command
    {
        // Needs no database.
        let mut spec = crate::generate::Spec::for_referrals(*referrals);
        spec.seed = *seed;
        if let Some(b) = bodies {
            spec.bodies = (*b).max(1);
        }
        // Written as it is made: memory holds one body, not the document.
        return write_with(output.as_ref(), |out| crate::generate::write(spec, out));
    }
    // A configuration mistake is reported before the database is touched.
    let mail = matches!(command, Command::Serve | Command::CreateAdmin { .. })
        .then(crate::config::MailConfig::from_env)
        .transpose()?;
    let conn = db::connect_and_migrate(&url).await?;
    match command {
        Command::Serve => {
            let mail = mail.unwrap_or(crate::config::MailConfig::from_env()?);
            match &mail {
                crate::config::MailConfig::Smtp { host, port, .. } => {
                    tracing::info!("mail through SMTP at {host}:{port}")
                }
                crate::config::MailConfig::Directory { path, .. } => {
                    tracing::info!("SMTP_HOST not set: mail is written to {path}")
                }
            }
            // Referrals queued by an upgrade (migration 6 queues every one)
            // get their facts in the background; until then the figures
            // recompute what they need themselves.
            let db = conn.clone();
            tokio::spawn(async move {
                if let Err(e) = app::server::services::metrics::facts::refresh(&db).await {
                    tracing::warn!(error = %e, "computing the referrals' facts");
                }
                // Likewise the search index of an upgrade (migration 13
                // queues everything); a search drains what is left itself.
                match app::server::services::search::index::catch_up(&db).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(documents = n, "search index brought up to date"),
                    Err(e) => tracing::warn!(error = %e, "updating the search index"),
                }
            });
            crate::http::serve(&url, conn, mail).await
        }
        Command::Migrate => {
            app::server::services::metrics::facts::refresh(&conn)
                .await
                .map_err(|e| CliError::Service(e.to_string()))?;
            eprintln!("database is up to date ({})", redact(&url));
            Ok(())
        }
        Command::Import { file, replace } => {
            // A file is read a body at a time (a national document is
            // larger than memory); standard input can be read only once.
            let source = if file.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin(), &mut s).map_err(|e| {
                    CliError::Io {
                        path: "-".into(),
                        source: e,
                    }
                })?;
                dataset::Source::Text(s.into())
            } else {
                dataset::Source::File(file)
            };
            import_source(&conn, source, replace).await
        }
        Command::Export { body, output } => {
            let scope = body.map(ExportScope::Body).unwrap_or_default();
            // Written a body at a time by a writer thread: memory holds one
            // body, not the document.
            use std::sync::atomic::{AtomicBool, Ordering};
            let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
            // Set before the sender goes: the writer keeps the file only
            // if the export ended whole, not cut by a database error.
            let whole = std::sync::Arc::new(AtomicBool::new(false));
            let writer = tokio::task::spawn_blocking({
                let whole = whole.clone();
                move || {
                    write_with(output.as_ref(), |out| {
                        while let Some(piece) = rx.blocking_recv() {
                            out.write_all(&piece).map_err(serde_json::Error::io)?;
                        }
                        match whole.load(Ordering::Acquire) {
                            true => Ok(()),
                            false => Err(serde_json::Error::io(std::io::Error::other(
                                "the export stopped before its end",
                            ))),
                        }
                    })
                }
            });
            let sent = dataset::export::send(&conn, scope, &tx).await;
            whole.store(sent.is_ok(), Ordering::Release);
            drop(tx);
            let written = writer
                .await
                .map_err(|e| CliError::Service(format!("the export's writer: {e}")))?;
            // The export's own error first; a writer that failed stopped
            // the reading (`Closed`), and its error says why.
            match sent {
                Err(dataset::export::ExportError::Closed) => written,
                Err(e) => Err(e.into()),
                Ok(()) => written,
            }
        }
        Command::CreateAdmin { email, locale } => {
            let settings = crate::config::settings(crate::config::leptos_options().site_addr);
            let invited = app::server::services::accounts::invitations::invite_admin(
                &conn,
                &settings.site,
                &email,
                &locale,
                chrono::Utc::now(),
            )
            .await
            .map_err(|e| {
                CliError::Service(match e {
                    app::server::error::ServiceError::Form(_) => {
                        format!("not an e-mail address: {email}")
                    }
                    other => other.to_string(),
                })
            })?;
            // Deliver now rather than waiting for a running server.
            if let Some(mail) = mail {
                match crate::mail::Transport::from_config(&mail) {
                    Ok((transport, from)) => {
                        let worker = crate::mail::Worker::new(conn.clone(), transport, from);
                        match worker.run_once().await {
                            Ok(r) if r.sent > 0 => {
                                eprintln!("invitation mailed to {}", invited.email)
                            }
                            Ok(_) => {
                                eprintln!("the mail could not be sent now; the server will retry")
                            }
                            Err(e) => eprintln!(
                                "the mail could not be sent now ({e}); the server will retry"
                            ),
                        }
                    }
                    Err(e) => eprintln!("mail is not configured correctly ({e}); use the link"),
                }
            }
            eprintln!("invitation for {} (valid 7 days):", invited.email);
            println!("{}", invited.url);
            Ok(())
        }
        // Handled above, before connecting.
        Command::Generate { .. } => Ok(()),
        Command::BenchMetrics { runs } => {
            let figures = crate::bench::run(&conn, runs)
                .await
                .map_err(|e| CliError::Service(e.to_string()))?;
            println!("{figures}");
            Ok(())
        }
        Command::Backup { output } => {
            let bytes = crate::backup::sqlite(&conn, &output)
                .await
                .map_err(|e| CliError::Service(e.to_string()))?;
            eprintln!(
                "backup written to {} ({:.1} MB); restore with DATABASE_URL=sqlite://{}",
                output.display(),
                bytes as f64 / 1_048_576.0,
                output.display()
            );
            Ok(())
        }
        Command::Remind => {
            let settings = crate::config::settings(crate::config::leptos_options().site_addr);
            let now = chrono::Utc::now();
            let service = |e: app::server::error::ServiceError| CliError::Service(e.to_string());
            let terms = app::server::services::roster::term_reminders::term_endings(&conn, now)
                .await
                .map_err(service)?;
            let cases = app::server::services::demands::reminders::run(&conn, &settings.site, now)
                .await
                .map_err(service)?;
            let digests =
                app::server::services::demands::reminders::digest(&conn, &settings.site, now)
                    .await
                    .map_err(service)?;
            let follows = app::server::services::follows::delivery::run(&conn, &settings.site, now)
                .await
                .map_err(service)?;
            eprintln!(
                "queued: {terms} term-end reminders, {cases} deadline reminders, {digests} weekly digests, {follows} mails to followers"
            );
            Ok(())
        }
        Command::Demo => {
            if crate::demo::load_if_empty(&conn, &print_progress)
                .await
                .map_err(import_error)?
            {
                eprintln!("demo dataset loaded");
            } else {
                eprintln!("the database already holds data; demo dataset not loaded");
            }
            Ok(())
        }
    }
}

/// Writes to a file, or to standard output without one, through `write`
/// and a buffer: a large document is streamed, never built as one text.
fn write_with(
    output: Option<&PathBuf>,
    write: impl FnOnce(&mut dyn std::io::Write) -> serde_json::Result<()>,
) -> Result<(), CliError> {
    use std::io::Write;
    let io = |path: &str| {
        let path = path.to_string();
        move |source| CliError::Io { path, source }
    };
    match output {
        Some(path) => {
            // Written beside under another name and renamed when whole: a
            // failed write never leaves a file that looks finished.
            let name = path.display().to_string();
            let mut partial = path.clone().into_os_string();
            partial.push(".partial");
            let partial = PathBuf::from(partial);
            let file = std::fs::File::create(&partial).map_err(io(&name))?;
            let mut out = std::io::BufWriter::new(file);
            let done = write(&mut out)
                .map_err(CliError::Json)
                .and_then(|()| out.flush().map_err(io(&name)));
            drop(out);
            match done {
                Ok(()) => std::fs::rename(&partial, path).map_err(io(&name)),
                Err(e) => {
                    let _ = std::fs::remove_file(&partial);
                    Err(e)
                }
            }
        }
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out).map_err(CliError::Json)?;
            out.flush().map_err(io("stdout"))
        }
    }
}

async fn import_source(
    conn: &sea_orm::DatabaseConnection,
    source: dataset::Source,
    replace: bool,
) -> Result<(), CliError> {
    let report = dataset::import_from(conn, source, ImportOptions { replace }, &print_progress)
        .await
        .map_err(import_error)?;
    eprintln!(
        "imported {} authorities, {} bodies, {} members, {} meetings, {} demands, {} referrals, {} events, {} verdicts",
        report.authorities,
        report.bodies,
        report.members,
        report.meetings,
        report.demands,
        report.referrals,
        report.events,
        report.assessments
    );
    Ok(())
}

/// Every problem on its own line, then the summary.
fn import_error(e: ImportError) -> CliError {
    match e {
        ImportError::Invalid(problems) => {
            let mut text = String::new();
            for p in &problems {
                text.push_str(&format!("  {p}\n"));
            }
            text.push_str(&format!(
                "{} problem(s) found; nothing was imported",
                problems.len()
            ));
            CliError::Import(format!("invalid dataset:\n{text}"))
        }
        other => CliError::Import(other.to_string()),
    }
}

fn print_progress(p: Progress) {
    eprintln!(
        "[{}/{}] {}: {} {}",
        p.body_index, p.body_count, p.body_key, p.rows, p.stage
    );
}

/// A URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}
