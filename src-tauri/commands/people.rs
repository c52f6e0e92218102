use newsroom::checks::{self, Finding};
use newsroom::people::{self, ImportReport, Person, Suggestion, TitleWarning};
use newsroom::posts;
use newsroom::{i18n::t, Error, ErrorReport};
use tauri::State;
use tauri_plugin_dialog::DialogExt;

use crate::state::AppState;

#[tauri::command(async)]
pub fn people_list(state: State<AppState>) -> Result<Vec<Person>, ErrorReport> {
    state.with_store(|s| people::list(s))
}

/// Asks for the office's list of officials (.xlsx or .csv) and imports it; `None` when cancelled.
#[tauri::command(async)]
pub fn people_import(app: tauri::AppHandle, state: State<AppState>) -> Result<Option<ImportReport>, ErrorReport> {
    let lang = state.lang();
    let picked = app
        .dialog()
        .file()
        .set_title(t(lang, "dialog.people_title"))
        .add_filter(t(lang, "dialog.people_files"), &["xlsx", "csv"])
        .blocking_pick_file();
    let Some(file) = picked else { return Ok(None) };
    let path = file.into_path().map_err(|e| Error::Window(e.to_string()).report(lang))?;
    state.with_store(|s| people::import_file(s, &path, lang).map(Some))
}

#[tauri::command(async)]
pub fn people_suggest(
    state: State<AppState>,
    query: String,
    on_date: Option<String>,
) -> Result<Vec<Suggestion>, ErrorReport> {
    state.with_store(|s| people::suggest(s, &query, on_date.as_deref(), 8))
}

#[tauri::command(async)]
pub fn people_check(
    state: State<AppState>,
    name: String,
    title: String,
    date: String,
) -> Result<Option<TitleWarning>, ErrorReport> {
    let lang = state.lang();
    state.with_store(|s| people::check_attendee(s, &name, &title, &date, lang))
}

/// The editorial checks of a post's saved text; never blocking, only advice.
#[tauri::command(async)]
pub fn post_check(state: State<AppState>, id: i64) -> Result<Vec<Finding>, ErrorReport> {
    let lang = state.lang();
    state.with_store(|s| checks::check_post(s, &posts::get(s, id)?, lang))
}
