//! Generates the `i18n` module from `locales/*.json` (leptos_i18n's build-time codegen),
//! and, for the server, brings the state outlines of Mexico (npm
//! `@svg-maps/mexico`, CC BY 4.0, fetched by `make tool-maps` into
//! `target/maps`) into `OUT_DIR/mexico.json`, which the server compiles in.
use leptos_i18n_build::{Config, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    let cfg = Config::new("es")?.add_locale("en")?;
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    if std::env::var_os("CARGO_FEATURE_SSR").is_some() {
        outlines()?;
    }
    Ok(())
}

/// `target/maps/mexico.js` (`export default {…}`) as plain JSON.
fn outlines() -> Result<(), Box<dyn Error>> {
    let dir = match std::env::var_os("MAPS_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no manifest dir")?)
            .join("../target/maps"),
    };
    let source = dir.join("mexico.js");
    println!("cargo::rerun-if-changed={}", source.display());
    println!("cargo::rerun-if-env-changed=MAPS_DIR");
    let js = std::fs::read_to_string(&source).map_err(|e| {
        format!(
            "{}: {e}. The state outlines of Mexico come from npm: run `make tool-maps`",
            source.display()
        )
    })?;
    let json = js
        .trim()
        .strip_prefix("export default")
        .ok_or("mexico.js: not `export default {…}`")?
        .trim()
        .trim_end_matches(';');
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);
    std::fs::write(out.join("mexico.json"), json)?;
    Ok(())
}
