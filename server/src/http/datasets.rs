//! The dataset document (dataset.md) in the browser: a download of a
//! council's own data for its secretaries and chairs
//! (`/bodies/{key}/export.json`) and of the whole installation for
//! administrators (`/admin/export.json`), and the administrators' upload
//! (`/admin/import`). The same documents and checks as the command line's
//! `server export` and `server import`, through the same rights.
use super::auth::AuthSession;
use super::form::{actor, FormAt, Posted, Upload};
use super::roster::error_response;
use app::domain::dto::DatasetUpload;
use app::routes;
use app::server::error::ServiceError;
use app::server::services::dataset::{self, spreadsheets, ExportScope, ImportOptions};
use app::server::state::AppState;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The document, streamed a body at a time as it is read (a national
/// installation's is gigabytes); checked for the right before anything is
/// sent. A database error midway cuts the response short, so it is never
/// taken for a whole document.
async fn download(state: AppState, auth: AuthSession, scope: ExportScope, path: &str) -> Response {
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return error_response(e, path),
    };
    if let Err(e) = dataset::may_export(&state.db, who.as_ref(), &scope).await {
        return error_response(e, path);
    }
    let name = match &scope {
        ExportScope::Body(key) => format!("voces-{key}.json"),
        ExportScope::All => "voces.json".to_string(),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let db = state.db.clone();
    let sending = tokio::spawn(async move { dataset::export::send(&db, scope, &tx).await });
    let pieces =
        futures_util::stream::unfold((rx, Some(sending)), |(mut rx, sending)| async move {
            if let Some(piece) = rx.recv().await {
                return Some((Ok(piece), (rx, sending)));
            }
            let failed = match sending?.await {
                Ok(Ok(())) => return None,
                Ok(Err(e)) => e.to_string(),
                Err(e) => e.to_string(),
            };
            tracing::error!(error = %failed, "a dataset export cut short");
            Some((Err(std::io::Error::other(failed)), (rx, None)))
        });
    // Fused: `unfold` panics when polled after its end, and the gzip
    // encoder of the compression layer polls once more.
    let pieces = futures_util::StreamExt::fuse(pieces);
    (
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        axum::body::Body::from_stream(pieces),
    )
        .into_response()
}

/// `GET /bodies/{key}/export.json`
pub async fn body(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/bodies/{key}/export.json");
    download(state, auth, ExportScope::Body(key), &path).await
}

/// `GET /bodies/{key}/export.zip`: the same data as spreadsheets (one CSV
/// per kind of record), under the same right.
pub async fn body_zip(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/bodies/{key}/export.zip");
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return error_response(e, &path),
    };
    let doc = match dataset::document_for(&state.db, who.as_ref(), ExportScope::Body(key.clone()))
        .await
    {
        Ok(doc) => doc,
        Err(e) => return error_response(e, &path),
    };
    match spreadsheets::zip(&doc) {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"voces-{key}.zip\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_string()),
            ],
            bytes,
        )
            .into_response(),
        // Writing into memory does not fail; if it ever did, it is ours.
        Err(e) => {
            tracing::error!(error = %e, "writing the council's ZIP");
            error_response(
                ServiceError::Db(sea_orm::DbErr::Custom(e.to_string())),
                &path,
            )
        }
    }
}

/// `GET /admin/export.json`
pub async fn all(State(state): State<AppState>, auth: AuthSession) -> Response {
    download(state, auth, ExportScope::All, "/admin/export.json").await
}

/// The largest dataset document the administration page takes (a whole
/// national installation is exported by the command line).
pub const UPLOAD_MAX_BYTES: usize = 48 << 20;

/// The document (file or pasted), whether it replaces, and whether the
/// replacement was confirmed.
async fn read_document(mut form: Multipart) -> Result<(String, bool, bool), String> {
    let (mut file, mut text, mut replace, mut confirm) =
        (None::<Vec<u8>>, String::new(), false, false);
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or("").to_string();
        let bytes = field.bytes().await.map_err(|_| {
            "el archivo no llegó completo / the file did not arrive whole".to_string()
        })?;
        match name.as_str() {
            "file" if !bytes.is_empty() => file = Some(bytes.to_vec()),
            "text" => text = String::from_utf8_lossy(&bytes).into_owned(),
            "replace" => replace = !bytes.is_empty(),
            "confirm" => confirm = !bytes.is_empty(),
            _ => {}
        }
    }
    let doc = match file {
        Some(bytes) => String::from_utf8(bytes)
            .map_err(|_| "el archivo no es texto UTF-8 / the file is not UTF-8 text".to_string())?,
        None => text,
    };
    Ok((doc, replace, confirm))
}

/// `POST /admin/import`: imports an uploaded dataset document, all or
/// nothing, and shows the page again with what it did or every problem.
/// Replacing existing councils asks for a confirmation first.
pub async fn upload(posted: Posted) -> Response {
    let at = FormAt::new("import", routes::ADMIN_IMPORT.path(&[]));
    let (form, multipart) = match Upload::read(posted, at).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let read = match multipart {
        Some(m) => read_document(m).await,
        None => Err("no es un envío de archivo / not a file upload".to_string()),
    };
    let mut outcome = DatasetUpload::default();
    match read {
        Err(message) => outcome.problems.push((String::new(), message)),
        Ok((doc, replace, confirm)) => {
            outcome.replace = replace;
            if doc.trim().is_empty() {
                return form.refuse(ServiceError::field("file", "required")).await;
            }
            if replace && !confirm {
                return form
                    .refuse(ServiceError::field("confirm", "confirm_replace"))
                    .await;
            }
            let opts = ImportOptions { replace };
            match dataset::upload(&form.state.db, form.who.as_ref(), &doc, opts).await {
                Err(e) => return form.refuse(e).await,
                Ok(Ok(r)) => {
                    outcome.imported = Some([
                        r.authorities,
                        r.bodies,
                        r.members,
                        r.meetings,
                        r.demands,
                        r.referrals,
                    ])
                }
                Ok(Err(problems)) => {
                    outcome.problems = problems.into_iter().map(|p| (p.path, p.message)).collect()
                }
            }
        }
    }
    let problems = !outcome.problems.is_empty();
    form.show(outcome, problems).await
}
