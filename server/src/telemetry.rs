//! Logging: `RUST_LOG` filters (default `info`), output to stderr so that
//! `export` can write JSON to stdout. `LOG_FORMAT=json` writes one JSON
//! object a line, each with its request's span (its id, method and route:
//! `http::trace`), for a log collector. `LOG_SPANS=1` also writes a line
//! when each span closes, with the time it was busy and idle: how a slow
//! request's time divides between its services (`#[instrument]`).
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = std::env::var("LOG_FORMAT").is_ok_and(|f| f.trim().eq_ignore_ascii_case("json"));
    let spans = if flag(std::env::var("LOG_SPANS").ok().as_deref()) {
        FmtSpan::CLOSE
    } else {
        FmtSpan::NONE
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(spans)
        .with_writer(std::io::stderr);
    let _ = if json {
        builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init()
    } else {
        builder.try_init()
    };
}

/// `1`, `true`, `yes` or `on` (any case) turn a switch on; anything else leaves it off.
fn flag(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_switch_is_on_only_when_asked() {
        for on in ["1", "true", " YES ", "On"] {
            assert!(super::flag(Some(on)), "{on}");
        }
        for off in ["", "0", "off", "no", "2"] {
            assert!(!super::flag(Some(off)), "{off}");
        }
        assert!(!super::flag(None));
    }
}
