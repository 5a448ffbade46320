//! Roster CSV: the public download, the managers' download, and the import
//! (multipart: a file or pasted text), previewed before anything is saved.
use super::auth::AuthSession;
use super::form::{actor, see_other, url_escape, FormAt, Posted, Upload};
use app::domain::dto::{CsvPreview, CsvProblem};
use app::domain::error::ApiError;
use app::messages::{both, both_with, Plain};
use app::server::error::ServiceError;
use app::server::services::roster::csv_io;
use app::server::state::AppState;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

fn csv_response(name: &str, text: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        text,
    )
        .into_response()
}

/// A refused download, in both languages, saying what to do.
pub(super) fn error_response(e: ServiceError, path: &str) -> Response {
    let error = ApiError::from(e);
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let text = match error {
        ApiError::Unauthorized => both_with(
            Plain::DownloadSignIn,
            &format!("/login?next={}", url_escape(path)),
        ),
        ApiError::Forbidden => both(Plain::DownloadForbidden),
        ApiError::NotFound => both(Plain::NoBody),
        ApiError::Internal | ApiError::Unavailable => both(Plain::ServerFailed),
        _ => both(Plain::BadRequest),
    };
    (status, text).into_response()
}

#[derive(Deserialize)]
pub struct AsOf {
    as_of: Option<String>,
}

/// `/bodies/{key}/roster.csv?as_of=YYYY-MM-DD`: public names only.
pub async fn public_csv(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Query<AsOf>,
) -> Response {
    let day = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => match s.parse() {
            Ok(d) => Some(d),
            Err(_) => {
                return (StatusCode::BAD_REQUEST, "as_of must be a date YYYY-MM-DD").into_response()
            }
        },
    };
    match csv_io::export_public(&state.db, &key, day, Utc::now()).await {
        Ok(Some(text)) => csv_response(&format!("{key}-roster.csv"), text),
        Ok(None) => error_response(ServiceError::NotFound, ""),
        Err(e) => error_response(e, &format!("/bodies/{key}/roster.csv")),
    }
}

/// `/bodies/{key}/members.csv`: the whole roster, for its managers.
pub async fn full_csv(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/bodies/{key}/members.csv");
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return error_response(e, &path),
    };
    match csv_io::export_full(&state.db, who.as_ref(), &key).await {
        Ok(text) => csv_response(&format!("{key}-members.csv"), text),
        Err(e) => error_response(e, &path),
    }
}

/// The file (or the pasted text) and whether this is the confirmation.
async fn read_upload(mut form: Multipart) -> Result<(String, bool), CsvProblem> {
    let (mut file, mut text, mut confirm) = (None::<Vec<u8>>, String::new(), false);
    let too_large = || CsvProblem::new(0, "", "too_large");
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|_| too_large())?;
        if bytes.len() > csv_io::MAX_BYTES {
            return Err(too_large());
        }
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some(bytes.to_vec()),
            "text" => text = String::from_utf8_lossy(&bytes).into_owned(),
            "confirm" => confirm = &bytes[..] == b"1",
            _ => {}
        }
    }
    match file {
        Some(bytes) => String::from_utf8(bytes)
            .map(|t| (t, confirm))
            .map_err(|_| CsvProblem::new(0, "", "not_utf8")),
        None => Ok((text, confirm)),
    }
}

/// POST `/bodies/{key}/members/import`: preview, or save when confirmed and
/// without problems.
pub async fn import(Path(key): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("csv", format!("/bodies/{key}/members/import"));
    let (form, multipart) = match Upload::read(posted, at).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let (db, who) = (&form.state.db, form.who.as_ref());
    let upload = match multipart {
        Some(m) => read_upload(m).await,
        None => Err(CsvProblem::new(0, "", "syntax")),
    };
    let preview = match upload {
        Err(p) => {
            // Only the right to be here is checked before saying what is wrong.
            if let Err(e) = csv_io::preview(db, who, &key, "", Utc::now()).await {
                return form.refuse(e).await;
            }
            CsvPreview {
                problems: vec![p],
                ..Default::default()
            }
        }
        Ok((text, confirm)) => match csv_io::preview(db, who, &key, &text, Utc::now()).await {
            Err(e) => return form.refuse(e).await,
            Ok(p) if confirm && p.problems.is_empty() => {
                return match csv_io::apply(db, who, &key, &text, Utc::now()).await {
                    Ok(n) => see_other(&format!(
                        "/bodies/{}/members?done=imported&count={n}",
                        url_escape(&key)
                    )),
                    Err(e) => form.refuse(e).await,
                };
            }
            Ok(p) => p,
        },
    };
    let problems = !preview.problems.is_empty();
    form.show(preview, problems).await
}
