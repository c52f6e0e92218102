//! The `toasoan` binary as a script would run it, against a fresh data folder.

use std::path::Path;
use std::process::Command;

mod common;
use common::{stderr, stdout, toasoan};

#[test]
fn new_list_show_round_trip_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.txt");
    std::fs::write(&body, "Sáng ngày 20/3/2025, Quận ủy họp.\n\nMột là, giữ vững kỷ cương.\n").unwrap();

    let out = toasoan(
        dir.path(),
        "vi_VN.UTF-8",
        &["post", "new", "--title", "Hội nghị quý I", "--body-file", body.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let id: i64 = stdout(&out).trim().parse().expect("prints the new id alone");

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["post", "list"]);
    let list = stdout(&out);
    assert!(list.contains("Hội nghị quý I"), "{list}");
    assert!(list.contains("[mẫu]"), "the sample is marked: {list}");
    assert!(list.contains("16/01/2020 | 11:19"));

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["post", "show", &id.to_string()]);
    let shown = stdout(&out);
    assert!(shown.starts_with(&format!("#{id} Hội nghị quý I\nSửa lần cuối: ")), "{shown}");
    assert!(shown.ends_with("\n\nSáng ngày 20/3/2025, Quận ủy họp.\n\nMột là, giữ vững kỷ cương.\n"), "{shown}");

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["post", "list", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    let posts = doc["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 2);
    assert_eq!(posts[0]["id"], id, "newest edit first");
    assert_eq!(posts[1]["is_sample"], true);

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["--json", "post", "show", &id.to_string()]);
    let post: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(post["body_html"], "<p>Sáng ngày 20/3/2025, Quận ủy họp.</p>\n<p>Một là, giữ vững kỷ cương.</p>\n");
}

#[test]
fn the_sample_shows_as_the_portal_printed_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["post", "show", "1"]);
    let text = stdout(&out);
    assert!(text.starts_with("#1 Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019"), "{text}");
    assert!(text.contains("Chuyên mục: Kinh tế - chính trị\nNgày đăng 16/01/2020 | 11:19\n"), "{text}");
    assert!(text.trim_end().ends_with("trên địa bàn quận.\n\nBan Tuyên giáo Quận Tây Hồ"), "{text}");
}

#[test]
fn bin_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let out = toasoan(dir.path(), "en_US.UTF-8", &["post", "delete", "1"]);
    assert_eq!(stdout(&out).trim(), "Moved post 1 to the bin.");
    assert!(stdout(&toasoan(dir.path(), "en_US.UTF-8", &["post", "list"])).contains("No posts yet."));
    assert!(stdout(&toasoan(dir.path(), "en_US.UTF-8", &["post", "list", "--bin"])).contains("Ban Dân vận"));
    toasoan(dir.path(), "en_US.UTF-8", &["post", "restore", "1"]);
    assert!(stdout(&toasoan(dir.path(), "en_US.UTF-8", &["post", "list"])).contains("Ban Dân vận"));
}

#[test]
fn errors_are_sentences_in_the_users_language_and_json_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["post", "show", "42"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out).trim(),
        "Không tìm thấy bài viết số 42. Có thể bài đã bị xoá hẳn; hãy xem lại danh sách bài viết."
    );

    let out = toasoan(dir.path(), "en_GB.UTF-8", &["post", "show", "42"]);
    assert!(stderr(&out).starts_with("Post 42 was not found."));

    let out = toasoan(dir.path(), "en_GB.UTF-8", &["post", "show", "42", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stderr(&out)).expect("a JSON error");
    assert_eq!(err["error"]["code"], "not_found");
    assert!(err["error"]["message"].as_str().unwrap().starts_with("Post 42 was not found."));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(toasoan(dir.path(), "C", &["post", "fly"]).status.code(), Some(2));
    assert_eq!(toasoan(dir.path(), "C", &["post", "new"]).status.code(), Some(2), "--title is required");
    let out = toasoan(dir.path(), "C", &["post", "show", "abc", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(err["error"]["code"], "usage");
}

#[test]
fn doctor_reports_path_schema_and_integrity() {
    let dir = tempfile::tempdir().unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["doctor"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let path = dir.path().join("toasoan.db");
    assert!(text.contains(&format!("Kho dữ liệu: {}", path.display())), "{text}");
    let schema = newsroom::store::SCHEMA_VERSION;
    assert!(text.contains(&format!("Phiên bản lược đồ: {schema}\nKiểm tra toàn vẹn: tốt")), "{text}");

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["doctor", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["healthy"], true);
    assert_eq!(doc["store"]["schema_version"], schema);
    assert_eq!(doc["store"]["integrity"][0], "ok");
}

#[test]
fn a_store_that_is_not_sqlite_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("toasoan.db");
    std::fs::write(&db, "not a database at all, but a letter to the editor\n".repeat(100)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["doctor", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(err["error"]["code"], "store_not_sqlite");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert!(!dir.path().join("toasoan.db-wal").exists());
}

#[test]
fn toasoan_data_dir_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_toasoan"))
        .args(["post", "new", "--title", "Tin ngắn"])
        .env("TOASOAN_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("toasoan.db").is_file());
}

#[cfg(target_os = "linux")]
#[test]
fn the_cli_does_not_link_webkit() {
    let out = Command::new("ldd").arg(env!("CARGO_BIN_EXE_toasoan")).output().expect("ldd");
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(!libs.contains("webkit") && !libs.contains("gtk"), "{libs}");
}

#[test]
fn a_store_from_a_newer_version_is_refused_in_english_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("toasoan.db");
    newer_store(&db);
    let before = std::fs::read(&db).unwrap();
    let out = toasoan(dir.path(), "en_US.UTF-8", &["post", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("was written by a newer version of Tòa Soạn"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

fn newer_store(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch("CREATE TABLE later (x); PRAGMA user_version = 9999;").unwrap();
}
