use tauri::AppHandle;

/// The UI calls this once after its first render. With `TOASOAN_EXIT_AFTER_FIRST_RENDER=1`
/// the app then prints `first-render` and exits: the startup benchmark measures up to here.
#[tauri::command]
pub fn app_ready(app: AppHandle) {
    if std::env::var_os("TOASOAN_EXIT_AFTER_FIRST_RENDER").is_some_and(|v| v == "1") {
        println!("first-render");
        app.exit(0);
    }
}

/// The UI has saved everything after a close request: quit now.
#[tauri::command]
pub fn app_quit(app: AppHandle) {
    app.exit(0);
}
