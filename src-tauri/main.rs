//! The window: a thin shell that hands each IPC call to the core (`newsroom`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::PathBuf;

use tauri::{Emitter, Manager};

fn main() {
    let state = state::AppState::open(&data_dir());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(commands::sync::Sync::default())
        .manage(commands::search::Archive::default())
        .register_asynchronous_uri_scheme_protocol("photo", |ctx, request, responder| {
            // Reading a 2048-px JPEG must not hold up the window's event loop.
            let app = ctx.app_handle().clone();
            std::thread::spawn(move || responder.respond(commands::albums::serve_photo(&app, request.uri())));
        })
        .setup(|app| {
            // The window is made here rather than from tauri.conf.json alone, to hand the page
            // its first screen's data (see `boot_script`).
            let config = app.config().app.windows.first().cloned().expect("tauri.conf.json has the main window");
            let script = app.state::<state::AppState>().boot_script();
            tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.initialization_script(&script).build()?;
            commands::sync::start(app.handle());
            Ok(())
        })
        .on_window_event(|window, event| {
            // Photos dropped onto the window: the shell keeps the paths and tells the page how
            // many, and the page asks for them to be imported into the album it shows.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                if !paths.is_empty() {
                    let count = paths.len();
                    *window.state::<state::AppState>().dropped.lock().unwrap_or_else(|p| p.into_inner()) =
                        paths.clone();
                    let _ = window.emit("photos-dropped", serde_json::json!({ "count": count }));
                }
                return;
            }
            // Closing the window first lets the UI save what is being typed (it then calls
            // `app_quit`); a UI that does not answer within 3 s is closed anyway.
            if let tauri::WindowEvent::CloseRequested { api, .. } = event {
                let app = window.app_handle().clone();
                if !app.state::<state::AppState>().begin_closing() {
                    return;
                }
                api.prevent_close();
                let _ = window.emit("close-requested", ());
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_secs(3));
                    app.exit(0);
                });
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_ready,
            commands::posts::post_page,
            commands::albums::photo_page,
            commands::albums::album_page,
            commands::search::search,
            commands::search::archive_status,
            commands::search::archive_get,
            commands::search::archive_to_post,
            commands::search::archive_pull,
            commands::search::archive_cancel,
            commands::app::app_quit,
            commands::posts::post_get,
            commands::posts::post_create,
            commands::posts::post_edit,
            commands::posts::post_move_to_bin,
            commands::posts::post_restore,
            commands::posts::post_discard_if_empty,
            commands::posts::post_import_file,
            commands::settings::settings_get,
            commands::settings::settings_set_language,
            commands::settings::store_info,
            commands::posts::post_categories,
            commands::posts::post_history,
            commands::posts::post_save_version,
            commands::posts::revision_diff,
            commands::posts::revision_restore,
            commands::settings::settings_set_default_signature,
            commands::people::people_list,
            commands::people::people_import,
            commands::people::people_suggest,
            commands::people::people_check,
            commands::people::post_check,
            commands::meeting::meeting_get,
            commands::meeting::meeting_preview,
            commands::meeting::meeting_apply,
            commands::albums::photo_get,
            commands::albums::photo_edit,
            commands::albums::photo_frame,
            commands::albums::photo_import_pick,
            commands::albums::photo_import_dropped,
            commands::albums::photo_import_cancel,
            commands::albums::album_new,
            commands::albums::album_get,
            commands::albums::album_edit,
            commands::albums::album_add,
            commands::albums::album_remove,
            commands::albums::album_reorder,
            commands::albums::album_delete,
            commands::sync::sync_status,
            commands::sync::sync_run,
            commands::sync::sync_retry,
            commands::sync::sync_cancel,
            commands::sync::sync_conflict,
            commands::sync::sync_resolve,
            commands::portal::portal_get,
            commands::portal::portal_set,
            commands::portal::portal_forget,
            commands::portal::portal_test,
            commands::portal::portal_export,
            commands::portal::portal_set_album_category,
            commands::review::user_list,
            commands::review::user_current,
            commands::review::user_switch,
            commands::review::user_sign_out,
            commands::review::user_add,
            commands::review::user_edit,
            commands::review::user_set_password,
            commands::review::user_remove,
            commands::review::review_state,
            commands::review::review_transition,
            commands::review::review_queue,
            commands::review::review_going_out,
            commands::review::review_counts,
            commands::review::review_notes,
            commands::review::review_note_add,
            commands::review::review_note_resolve,
            commands::review::review_diff,
            commands::review::review_log,
            commands::settings::settings_set_photo_sizes,
            commands::settings::settings_set_photo_copyright,
        ])
        .run(tauri::generate_context!())
        .expect("the window could not start");
}

/// `--data-dir DIR` (used by the end-to-end tests), else `TOASOAN_DATA_DIR`, else the OS's
/// app-data folder: the same rule as the `toasoan` CLI.
fn data_dir() -> PathBuf {
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            if let Some(dir) = args.next() {
                return PathBuf::from(dir);
            }
        }
    }
    newsroom::store::default_data_dir()
}
