//! The portal's connection (issue 6): its address, this profile's portal login (kept in the OS
//! keyring by the core, never here), and "Kiểm tra kết nối". The profile is always the one
//! chosen in this window.

use newsroom::i18n::t;
use newsroom::review::Item;
use newsroom::users;
use newsroom::{Error, ErrorReport};
use tauri::{Manager, State};
use tauri_plugin_dialog::DialogExt;
use toasoan_portal::connection::{self, Report};
use toasoan_portal::export;
use toasoan_portal::login::{self, PortalSettings, NO_PROFILE};

use crate::state::AppState;

/// Whose portal login: the profile at the keyboard, or the PC's one login while it has no profiles.
pub(crate) fn profile(state: &AppState) -> Result<String, ErrorReport> {
    if let Some(actor) = state.actor() {
        return Ok(actor.name);
    }
    if state.with_store(|s| users::any(s))? {
        return Err(Error::WhoAreYou { profiles: true }.report(state.lang()));
    }
    Ok(NO_PROFILE.to_string())
}

#[tauri::command(async)]
pub fn portal_get(state: State<AppState>) -> Result<PortalSettings, ErrorReport> {
    let profile = profile(&state).unwrap_or_else(|_| NO_PROFILE.to_string());
    state.with_portal(|s| login::settings(s, &profile))
}

/// Saves the address and this profile's portal login. `password` None keeps the saved one.
#[tauri::command(async)]
pub fn portal_set(
    state: State<AppState>,
    url: String,
    user: String,
    password: Option<String>,
) -> Result<PortalSettings, ErrorReport> {
    let profile = profile(&state)?;
    state.with_portal(|s| login::configure(s, &profile, &url, &user, password.as_deref()))
}

/// The portal category albums go into (empty: back to "Album ảnh").
#[tauri::command(async)]
pub fn portal_set_album_category(state: State<AppState>, name: String) -> Result<PortalSettings, ErrorReport> {
    let profile = profile(&state).unwrap_or_else(|_| NO_PROFILE.to_string());
    state.with_portal(|s| {
        login::set_album_category(s, &name)?;
        login::settings(s, &profile)
    })
}

/// Forgets this profile's portal login (the address stays).
#[tauri::command(async)]
pub fn portal_forget(state: State<AppState>) -> Result<PortalSettings, ErrorReport> {
    let profile = profile(&state)?;
    state.with_portal(|s| {
        if let Some(address) = login::address(s)? {
            login::forget(&profile, &address)?;
        }
        login::settings(s, &profile)
    })
}

/// Reaches the portal with this profile's login and reports what it found. The store is held
/// only to read the address and login, not during the network exchange.
#[tauri::command(async)]
pub fn portal_test(state: State<AppState>) -> Result<Report, ErrorReport> {
    let profile = profile(&state)?;
    let (address, login) = state.with_portal(|s| {
        let address = login::address(s)?.ok_or(toasoan_portal::PortalError::NoPortal)?;
        let login = login::load(&profile, &address)?;
        Ok((address, login))
    })?;
    connection::check(&address, &login).map_err(|e| e.report(state.lang()))
}

/// "Xuất gói để đăng thủ công": asks where (a folder dialog, opened here: the page has no
/// dialog permission), writes the package there, and returns its folder; None when closed.
#[tauri::command(async)]
pub fn portal_export(app: tauri::AppHandle, state: State<AppState>, item: Item) -> Result<Option<String>, ErrorReport> {
    let lang = state.lang();
    let mut dialog = app.dialog().file().set_title(t(lang, "dialog.export_title"));
    if let Some(start) = app.path().document_dir().ok().filter(|d| d.is_dir()).or_else(|| app.path().home_dir().ok()) {
        dialog = dialog.set_directory(start);
    }
    let Some(folder) = dialog.blocking_pick_folder() else { return Ok(None) };
    let folder = folder.into_path().map_err(|e| Error::Window(e.to_string()).report(lang))?;
    let dir = state.with_portal(|s| export::package(s, item, &folder))?;
    Ok(Some(dir.display().to_string()))
}
