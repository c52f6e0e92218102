//! Tìm kiếm (issue 7): the search over the store, and the portal's archive pulled for reading
//! offline (its progress as `archive-progress` events; one pull at a time, stopped between pages).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use newsroom::archive::{self, ArchivePost, ArchiveStatus};
use newsroom::posts::Post;
use newsroom::search::{self, Query, Results};
use newsroom::ErrorReport;
use tauri::{AppHandle, Emitter, Manager, State};
use toasoan_portal::archive::{self as pull, Report};
use toasoan_portal::login;

use crate::state::AppState;

/// The archive pull under way: its stop flag.
#[derive(Default)]
pub struct Archive {
    pulling: Mutex<Option<Arc<AtomicBool>>>,
}

#[tauri::command(async)]
pub fn search(state: State<AppState>, query: Query) -> Result<Results, ErrorReport> {
    state.with_store(|s| search::search(s, &query))
}

#[tauri::command(async)]
pub fn archive_status(state: State<AppState>) -> Result<ArchiveStatus, ErrorReport> {
    state.with_store(|s| archive::status(s))
}

#[tauri::command(async)]
pub fn archive_get(state: State<AppState>, id: i64) -> Result<ArchivePost, ErrorReport> {
    state.with_store(|s| archive::get(s, id))
}

/// "Dùng làm bài mới": a new draft from the archive post, by the profile at the keyboard.
#[tauri::command(async)]
pub fn archive_to_post(state: State<AppState>, id: i64) -> Result<Post, ErrorReport> {
    let actor = state.actor();
    state.with_store(|s| archive::to_post(s, actor.as_ref(), id))
}

/// Pulls the portal's published posts on its own store connection, page by page, telling the
/// page after each; resolves with what it did. A second call while one runs is refused.
#[tauri::command(async)]
pub fn archive_pull(app: AppHandle, state: State<AppState>) -> Result<Report, ErrorReport> {
    let lang = state.lang();
    let archive = app.state::<Archive>();
    let cancel = {
        let mut pulling = archive.pulling.lock().unwrap_or_else(|p| p.into_inner());
        if pulling.is_some() {
            return Err(newsroom::Error::ArchiveBusy.report(lang));
        }
        let cancel = Arc::new(AtomicBool::new(false));
        *pulling = Some(cancel.clone());
        cancel
    };
    let result = (|| {
        let mut store = newsroom::open(state.data_dir()).map_err(|e| e.report(lang))?;
        // The public side needs no login; the profile's is tried when the site asks for one.
        let profile = crate::commands::portal::profile(&state).ok();
        let saved = login::address(&store).ok().flatten();
        let kept = match (profile, saved) {
            (Some(p), Some(address)) => login::load(&p, &address).ok(),
            _ => None,
        };
        let portal = pull::connect(&store, kept.as_ref()).map_err(|e| e.report(lang))?;
        pull::pull(&mut store, &portal, pull::PAGE_SIZE, &cancel, |progress| {
            let _ = app.emit("archive-progress", progress);
        })
        .map_err(|e| e.report(lang))
    })();
    *archive.pulling.lock().unwrap_or_else(|p| p.into_inner()) = None;
    result
}

/// Stops the pull after the page it is reading (what was read is kept; the next pull goes on).
#[tauri::command]
pub fn archive_cancel(app: AppHandle) {
    if let Some(cancel) = &*app.state::<Archive>().pulling.lock().unwrap_or_else(|p| p.into_inner()) {
        cancel.store(true, Ordering::Relaxed);
    }
}
