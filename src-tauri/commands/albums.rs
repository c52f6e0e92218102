//! Photos and albums: the library, imports from the file dialog or a drop onto the window,
//! and the `photo://` addresses the page shows thumbnails from.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use newsroom::i18n::t;
use newsroom::{Error, ErrorReport, Lang, Store};
use tauri::{Emitter, Manager, State};
use tauri_plugin_dialog::DialogExt;
use toasoan_photos::album::{self, Album, AlbumEdit, Framing, PhotoEdit, PhotoSummary};
use toasoan_photos::{self as photos, ImportOptions, PhotoInfo};

use crate::state::AppState;

/// One page of the library (keyset: `after` is the previous page's `next`).
#[tauri::command(async)]
pub fn photo_page(
    state: State<AppState>,
    after: Option<newsroom::lists::Cursor>,
    limit: u32,
) -> Result<photos::PhotoPage, ErrorReport> {
    state.with_library(|s| photos::page(s, after.as_ref(), limit))
}

/// One page of the album list.
#[tauri::command(async)]
pub fn album_page(
    state: State<AppState>,
    after: Option<newsroom::lists::Cursor>,
    limit: u32,
) -> Result<album::AlbumPage, ErrorReport> {
    state.with_library(|s| album::page(s, after.as_ref(), limit))
}

#[tauri::command(async)]
pub fn photo_get(state: State<AppState>, id: i64) -> Result<PhotoInfo, ErrorReport> {
    state.with_library(|s| photos::get(s, id))
}

/// Caption, alt text or credit of one photo or many at once.
#[tauri::command(async)]
pub fn photo_edit(state: State<AppState>, ids: Vec<i64>, edit: PhotoEdit) -> Result<Vec<PhotoSummary>, ErrorReport> {
    state.with_library(|s| photos::edit_photos(s, &ids, &edit))
}

/// Turns and crops a photo: its renditions are made again from the untouched original.
#[tauri::command(async)]
pub fn photo_frame(state: State<AppState>, id: i64, framing: Framing) -> Result<PhotoSummary, ErrorReport> {
    state.with_library(|s| photos::frame(s, id, framing))
}

/// Asks for photos (or folders, such as a card's DCIM) and imports them in the background;
/// false when the dialog was closed. Progress arrives as `photo-import-progress` events, the
/// report as `photo-import-done`.
#[tauri::command(async)]
pub fn photo_import_pick(
    app: tauri::AppHandle,
    state: State<AppState>,
    album_id: Option<i64>,
    folders: bool,
) -> Result<bool, ErrorReport> {
    let lang = state.lang();
    refuse_if_running(&state)?;
    // Start in a real folder (Pictures, else home): GTK's default "Recent" view cannot take a folder.
    let mut dialog = app.dialog().file();
    if let Some(start) = app.path().picture_dir().ok().filter(|d| d.is_dir()).or_else(|| app.path().home_dir().ok()) {
        dialog = dialog.set_directory(start);
    }
    let picked = if folders {
        dialog.set_title(t(lang, "dialog.photos_folder_title")).blocking_pick_folders()
    } else {
        dialog
            .set_title(t(lang, "dialog.photos_title"))
            .add_filter(
                t(lang, "dialog.photo_files"),
                &["jpg", "jpeg", "JPG", "JPEG", "png", "PNG", "webp", "tif", "tiff", "heic", "HEIC", "heif"],
            )
            .blocking_pick_files()
    };
    let Some(picked) = picked else { return Ok(false) };
    let paths = picked
        .into_iter()
        .map(|f| f.into_path())
        .collect::<Result<Vec<PathBuf>, _>>()
        .map_err(|e| Error::Window(e.to_string()).report(lang))?;
    start_import(&app, &state, paths, album_id)?;
    Ok(true)
}

/// Imports what was last dropped onto the window; false when nothing was.
#[tauri::command(async)]
pub fn photo_import_dropped(
    app: tauri::AppHandle,
    state: State<AppState>,
    album_id: Option<i64>,
) -> Result<bool, ErrorReport> {
    refuse_if_running(&state)?;
    let paths = std::mem::take(&mut *state.dropped.lock().unwrap_or_else(|p| p.into_inner()));
    if paths.is_empty() {
        return Ok(false);
    }
    start_import(&app, &state, paths, album_id)?;
    Ok(true)
}

/// Stops the running import between photos; what is already imported stays.
#[tauri::command(async)]
pub fn photo_import_cancel(state: State<AppState>) {
    if let Some(cancel) = &*state.import.lock().unwrap_or_else(|p| p.into_inner()) {
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

#[tauri::command(async)]
pub fn album_new(state: State<AppState>, title: String) -> Result<Album, ErrorReport> {
    state.with_library(|s| album::create(s, &title))
}

#[tauri::command(async)]
pub fn album_get(state: State<AppState>, id: i64) -> Result<Album, ErrorReport> {
    state.with_library(|s| album::get(s, id))
}

#[tauri::command(async)]
pub fn album_edit(state: State<AppState>, id: i64, edit: AlbumEdit) -> Result<Album, ErrorReport> {
    state.with_library(|s| album::edit(s, id, &edit))
}

#[tauri::command(async)]
pub fn album_add(state: State<AppState>, id: i64, photo_ids: Vec<i64>) -> Result<Album, ErrorReport> {
    state.with_library(|s| album::add_photos(s, id, &photo_ids))
}

#[tauri::command(async)]
pub fn album_remove(state: State<AppState>, id: i64, photo_ids: Vec<i64>) -> Result<Album, ErrorReport> {
    state.with_library(|s| album::remove_photos(s, id, &photo_ids))
}

#[tauri::command(async)]
pub fn album_reorder(state: State<AppState>, id: i64, photo_ids: Vec<i64>) -> Result<Album, ErrorReport> {
    state.with_library(|s| album::reorder(s, id, &photo_ids))
}

#[tauri::command(async)]
pub fn album_delete(state: State<AppState>, id: i64) -> Result<(), ErrorReport> {
    state.with_library(|s| album::delete(s, id))
}

fn refuse_if_running(state: &AppState) -> Result<(), ErrorReport> {
    if state.import.lock().unwrap_or_else(|p| p.into_inner()).is_some() {
        return Err(ErrorReport { code: "import_running".into(), message: t(state.lang(), "error.import_running") });
    }
    Ok(())
}

/// Runs the import on its own thread with its own connection to the store, so typing in a post
/// is never held up by it: each photo is one short write transaction.
fn start_import(
    app: &tauri::AppHandle,
    state: &AppState,
    paths: Vec<PathBuf>,
    album_id: Option<i64>,
) -> Result<(), ErrorReport> {
    let lang = state.lang();
    let mut store = Store::open(state.data_dir()).map_err(|e| e.report(lang))?;
    if let Some(id) = album_id {
        // An album deleted meanwhile is said before a single file is read.
        album::get(&store, id).map_err(|e| e.report(lang))?;
    }
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let mut running = state.import.lock().unwrap_or_else(|p| p.into_inner());
        if running.is_some() {
            return Err(ErrorReport { code: "import_running".into(), message: t(lang, "error.import_running") });
        }
        *running = Some(cancel.clone());
    }
    let app = app.clone();
    std::thread::spawn(move || {
        let report = run_import(&app, &mut store, &paths, album_id, &cancel, lang);
        *app.state::<AppState>().import.lock().unwrap_or_else(|p| p.into_inner()) = None;
        let _ = app.emit("photo-import-done", &report);
    });
    Ok(())
}

fn run_import(
    app: &tauri::AppHandle,
    store: &mut Store,
    paths: &[PathBuf],
    album_id: Option<i64>,
    cancel: &AtomicBool,
    lang: Lang,
) -> photos::ImportReport {
    let options = ImportOptions::from_settings(store);
    let mut report = photos::import_batch(store, paths, lang, &options, cancel, &mut |progress| {
        let _ = app.emit("photo-import-progress", progress);
    });
    if let Some(id) = album_id {
        let ids: Vec<i64> = report.items.iter().filter_map(|i| i.photo_id).collect();
        if !ids.is_empty() {
            if let Err(e) = album::add_photos(store, id, &ids) {
                // The photos are in the library; only the album step failed, and the report says so.
                report.items.push(photos::ImportItem {
                    path: String::new(),
                    photo_id: None,
                    duplicate: false,
                    error: Some(e.report(lang)),
                });
                report.failed += 1;
            }
        }
    }
    report
}

/// Serves `photo://localhost/<id>/<edge>`: the photo's smallest rendition at least `edge` pixels
/// on its long side (or its largest). Only files the library lists are ever read.
pub fn serve_photo(app: &tauri::AppHandle, uri: &tauri::http::Uri) -> tauri::http::Response<Vec<u8>> {
    let not_found = || tauri::http::Response::builder().status(404).body(Vec::new()).expect("static response");
    let mut parts = uri.path().trim_matches('/').split('/');
    let (Some(Ok(id)), Some(Ok(edge)), None) =
        (parts.next().map(str::parse::<i64>), parts.next().map(str::parse::<u32>), parts.next())
    else {
        return not_found();
    };
    let Ok(info) = app.state::<AppState>().with_library(|s| photos::get(s, id)) else { return not_found() };
    let Some(rendition) =
        info.renditions.iter().rev().find(|r| r.long_edge >= edge).or_else(|| info.renditions.first())
    else {
        return not_found();
    };
    // An address with the photo's version (`?v=3`, from the grids) never changes content; one
    // without (a post's body) must be asked again, since a turn or crop changes what it shows.
    let versioned = uri.query().unwrap_or("").split('&').any(|kv| kv.strip_prefix("v=").is_some_and(|v| v != "0"));
    let cache = if versioned { "max-age=31536000, immutable" } else { "no-cache" };
    match std::fs::read(&rendition.path) {
        Ok(bytes) => tauri::http::Response::builder()
            .header("Content-Type", "image/jpeg")
            .header("Cache-Control", cache)
            .body(bytes)
            .expect("static response"),
        Err(_) => not_found(),
    }
}
