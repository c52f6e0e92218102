//! Opens a blank page and exits once it has loaded, printing `first-render` like the app does
//! under TOASOAN_EXIT_AFTER_FIRST_RENDER=1, so bench/startup.mjs can time both the same way.
//! BLANK_STAY=1 keeps it open, to compare memory at rest by hand.
use tauri::webview::PageLoadEvent;
use tauri::Manager;

fn main() {
    tauri::Builder::default()
        .on_page_load(|webview, payload| {
            if payload.event() == PageLoadEvent::Finished && std::env::var_os("BLANK_STAY").is_none() {
                println!("first-render");
                webview.app_handle().exit(0);
            }
        })
        .run(tauri::generate_context!())
        .expect("blank window");
}
