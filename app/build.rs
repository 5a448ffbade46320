//! Generates the `i18n` module from `locales/*.json` (leptos_i18n's build-time codegen),
//! and, for the server, brings the state outlines of Mexico and the country
//! outlines of the world (npm `@svg-maps/mexico` and `@svg-maps/world`,
//! CC BY 4.0, fetched by `make tool-maps` into `target/maps`) into
//! `OUT_DIR/mexico.json` and `OUT_DIR/world.json`, which the server compiles
//! in, both simplified by `build/outlines.rs`: the world's 1.2 MB to about
//! 90 KB (32 KB gzip), Mexico's 72 KB to a fraction, so a page with a map
//! stays within the first-load budget.
use leptos_i18n_build::{Config, TranslationsInfos};
use std::error::Error;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/outlines.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    let cfg = Config::new("es")?.add_locale("en")?;
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    if std::env::var_os("CARGO_FEATURE_SSR").is_some() {
        let dir = match std::env::var_os("MAPS_DIR") {
            Some(d) => PathBuf::from(d),
            None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").ok_or("no manifest dir")?)
                .join("../target/maps"),
        };
        println!("cargo::rerun-if-env-changed=MAPS_DIR");
        let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?);
        let mexico = outlines::simplified(&package(&dir, "mexico")?, &[], &[])?;
        std::fs::write(out.join("mexico.json"), mexico)?;
        let world =
            outlines::simplified(&package(&dir, "world")?, &["aq"], &outlines::LATIN_AMERICA)?;
        std::fs::write(out.join("world.json"), world)?;
    }
    Ok(())
}

/// `target/maps/{name}.js` (`export default {…}`) as plain JSON.
fn package(dir: &Path, name: &str) -> Result<String, Box<dyn Error>> {
    let source = dir.join(format!("{name}.js"));
    println!("cargo::rerun-if-changed={}", source.display());
    let js = std::fs::read_to_string(&source).map_err(|e| {
        format!(
            "{}: {e}. The map outlines come from npm: run `make tool-maps`",
            source.display()
        )
    })?;
    Ok(js
        .trim()
        .strip_prefix("export default")
        .ok_or_else(|| format!("{name}.js: not `export default {{…}}`"))?
        .trim()
        .trim_end_matches(';')
        .to_string())
}

#[path = "build/outlines.rs"]
mod outlines;
