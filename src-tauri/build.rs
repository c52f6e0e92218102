// The webview may call these commands and nothing else (see src-tauri/capabilities/main.json);
// tauri-build turns each into an `allow-…` permission.
const COMMANDS: &[&str] = &[
    "app_ready",
    "app_quit",
    "post_list",
    "post_get",
    "post_create",
    "post_edit",
    "post_move_to_bin",
    "post_restore",
    "post_discard_if_empty",
    "post_import_file",
    "settings_get",
    "settings_set_language",
    "store_info",
    "post_categories",
    "post_history",
    "post_save_version",
    "revision_diff",
    "revision_restore",
    "settings_set_default_signature",
    "people_list",
    "people_import",
    "people_suggest",
    "people_check",
    "post_check",
    "meeting_get",
    "meeting_preview",
    "meeting_apply",
    "photo_list",
    "photo_get",
    "photo_edit",
    "photo_frame",
    "photo_import_pick",
    "photo_import_dropped",
    "photo_import_cancel",
    "album_list",
    "album_new",
    "album_get",
    "album_edit",
    "album_add",
    "album_remove",
    "album_reorder",
    "album_delete",
    "settings_set_photo_sizes",
    "settings_set_photo_copyright",
];

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/*.json")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build");
}
