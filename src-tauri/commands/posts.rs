use newsroom::posts::{self, NewPost, Post, PostEdit, Shelf};
use newsroom::revisions::{self, DiffPart, Revision};
use newsroom::{i18n::t, Error, ErrorReport};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

// `async` runs these off the main thread, so a slow disk never freezes the window.

/// One page of a post list (keyset: `after` is the previous page's `next`).
#[tauri::command(async)]
pub fn post_page(
    state: State<AppState>,
    shelf: Shelf,
    after: Option<newsroom::lists::Cursor>,
    limit: u32,
) -> Result<posts::PostPage, ErrorReport> {
    state.with_store(|s| posts::page(s, shelf, after.as_ref(), limit))
}

#[tauri::command(async)]
pub fn post_get(state: State<AppState>, id: i64) -> Result<Post, ErrorReport> {
    state.with_store(|s| posts::get(s, id))
}

#[tauri::command(async)]
pub fn post_create(state: State<AppState>, new: NewPost) -> Result<Post, ErrorReport> {
    let actor = state.actor();
    state.with_store(|s| posts::create_as(s, actor.as_ref(), new))
}

#[tauri::command(async)]
pub fn post_edit(state: State<AppState>, edit: PostEdit) -> Result<Post, ErrorReport> {
    let actor = state.actor();
    state.with_store(|s| posts::edit_as(s, actor.as_ref(), edit))
}

#[tauri::command(async)]
pub fn post_move_to_bin(state: State<AppState>, id: i64) -> Result<Post, ErrorReport> {
    state.with_store(|s| posts::move_to_bin(s, id))
}

#[tauri::command(async)]
pub fn post_restore(state: State<AppState>, id: i64) -> Result<Post, ErrorReport> {
    state.with_store(|s| posts::restore(s, id))
}

/// Asks for a text or HTML file and makes a post of it; `None` when the user cancels.
#[tauri::command(async)]
pub fn post_import_file(app: tauri::AppHandle, state: State<AppState>) -> Result<Option<Post>, ErrorReport> {
    let lang = state.lang();
    let picked = app
        .dialog()
        .file()
        .set_title(t(lang, "dialog.import_title"))
        .add_filter(t(lang, "dialog.text_files"), &["txt", "html", "htm"])
        .blocking_pick_file();
    let Some(file) = picked else { return Ok(None) };
    let path = file.into_path().map_err(|e| Error::Window(e.to_string()).report(lang))?;
    let actor = state.actor();
    state.with_store(|s| {
        let new = posts::new_from_file(&path)?;
        posts::create_as(s, actor.as_ref(), new).map(Some)
    })
}

#[tauri::command(async)]
pub fn post_categories(state: State<AppState>) -> Result<Vec<String>, ErrorReport> {
    state.with_store(|s| posts::categories(s))
}

#[tauri::command(async)]
pub fn post_history(state: State<AppState>, id: i64) -> Result<Vec<Revision>, ErrorReport> {
    state.with_store(|s| revisions::history(s, id))
}

#[tauri::command(async)]
pub fn post_save_version(state: State<AppState>, id: i64, label: String) -> Result<Revision, ErrorReport> {
    state.with_store(|s| revisions::save_version(s, id, &label))
}

#[tauri::command(async)]
pub fn revision_diff(state: State<AppState>, from: i64, to: i64) -> Result<Vec<DiffPart>, ErrorReport> {
    state.with_store(|s| revisions::diff(s, from, to))
}

#[tauri::command(async)]
pub fn revision_restore(state: State<AppState>, id: i64) -> Result<Post, ErrorReport> {
    state.with_store(|s| revisions::restore(s, id))
}

/// Called when the editor is left: an untouched new post is removed rather than kept empty.
#[tauri::command(async)]
pub fn post_discard_if_empty(state: State<AppState>, id: i64) -> Result<bool, ErrorReport> {
    state.with_store(|s| posts::discard_if_empty(s, id))
}
