//! `server export`: the document a body at a time to a file or standard
//! output, the same bytes either way; a failed export leaves no file.
use std::path::Path;
use std::process::{Command, Output};

fn server(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("voces.db").display()),
        )
        .env_remove("SMTP_HOST")
        .output()
        .expect("the server binary runs")
}

#[test]
fn the_export_goes_whole_to_a_file_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    assert!(server(dir.path(), &["demo"]).status.success(), "demo loads");
    let file = dir.path().join("voces.json");
    let to_file = server(dir.path(), &["export", "--output", file.to_str().unwrap()]);
    assert!(
        to_file.status.success(),
        "{}",
        String::from_utf8_lossy(&to_file.stderr)
    );
    let to_stdout = server(dir.path(), &["export"]);
    assert!(to_stdout.status.success());
    let written = std::fs::read(&file).unwrap();
    assert_eq!(written, to_stdout.stdout, "file and standard output differ");
    let doc: serde_json::Value = serde_json::from_slice(&written).unwrap();
    assert!(doc["bodies"].as_array().unwrap().len() >= 2);

    // A council that does not exist: an error that names it, and neither
    // the file nor its partial twin left behind.
    let missing = dir.path().join("missing.json");
    let failed = server(
        dir.path(),
        &[
            "export",
            "--body",
            "no-such-council",
            "--output",
            missing.to_str().unwrap(),
        ],
    );
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("no-such-council"));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("missing"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
