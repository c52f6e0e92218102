use newsroom::settings::{self, Settings};
use newsroom::store::StoreInfo;
use newsroom::{ErrorReport, Lang};
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn settings_get(state: State<AppState>) -> Result<Settings, ErrorReport> {
    state.with_store(|s| settings::get(s))
}

/// Switches the language of the UI and of the messages the core sends it.
#[tauri::command(async)]
pub fn settings_set_language(state: State<AppState>, language: Lang) -> Result<Settings, ErrorReport> {
    let saved = state.with_store(|s| settings::set_language(s, language))?;
    state.set_lang(saved.language);
    Ok(saved)
}

#[tauri::command(async)]
pub fn store_info(state: State<AppState>) -> Result<StoreInfo, ErrorReport> {
    state.with_store(|s| s.info())
}

#[tauri::command(async)]
pub fn settings_set_default_signature(state: State<AppState>, signature: String) -> Result<Settings, ErrorReport> {
    state.with_store(|s| settings::set_default_signature(s, &signature))
}

/// Long edges of the renditions made for photos imported from now on.
#[tauri::command(async)]
pub fn settings_set_photo_sizes(state: State<AppState>, sizes: Vec<u32>) -> Result<Settings, ErrorReport> {
    state.with_store(|s| settings::set_photo_sizes(s, &sizes))
}

/// The copyright line written into every rendition's metadata.
#[tauri::command(async)]
pub fn settings_set_photo_copyright(state: State<AppState>, copyright: String) -> Result<Settings, ErrorReport> {
    state.with_store(|s| settings::set_photo_copyright(s, &copyright))
}
