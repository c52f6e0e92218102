//! `toasoan portal set|test|show|forget` against the real WordPress and the real keyring.

use unicode_normalization::UnicodeNormalization;

mod common;
use common::{json_error, json_stdout, keyring, stderr, stdout, toasoan, toasoan_with, wordpress};

const VI: &str = "vi_VN.UTF-8";

#[test]
fn a_profile_saves_its_portal_login_and_tests_the_connection() {
    keyring();
    let site = wordpress();
    let url = site["url"].as_str().unwrap();
    let password = |who: &str| site["accounts"][who]["password"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    toasoan(d, VI, &["user", "add", "lan", "--role", "editor"]);
    toasoan_with(d, VI, &["user", "add", "truong", "--role", "supervisor", "--password-stdin"], &[], "Trưởng-ban\n");

    // Before anything is saved.
    let o = toasoan(d, VI, &["portal", "test", "--as", "lan", "--json"]);
    assert_eq!(json_error(&o)["code"], "portal_not_set", "{}", stderr(&o));

    // The application password on the first line; nothing of it on the command line.
    let o = toasoan_with(
        d,
        VI,
        &["portal", "set", "--url", url, "--user", "tacgia", "--as", "lan", "--password-stdin"],
        &[],
        &format!("{}\n", password("tacgia")),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("tài khoản «tacgia»"), "{}", stdout(&o));
    // A protected profile: the portal password first, then the profile's own.
    let o = toasoan_with(
        d,
        VI,
        &["portal", "set", "--url", url, "--user", "congtacvien", "--as", "truong", "--password-stdin"],
        &[],
        &format!("{}\nTrưởng-ban\n", password("congtacvien")),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let o = toasoan(d, VI, &["portal", "test", "--as", "lan", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = json_stdout(&o);
    assert_eq!(report["account"], "tacgia");
    assert_eq!(report["roles"], serde_json::json!(["author"]));
    assert_eq!((report["can_upload"].as_bool(), report["can_publish"].as_bool()), (Some(true), Some(true)));

    let o = toasoan_with(d, VI, &["portal", "test", "--as", "truong"], &[("TOASOAN_PASSWORD", "Trưởng-ban")], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("Cổng: Cổng thông tin điện tử xã (thử nghiệm)"), "{text}");
    assert!(text.contains("Được đăng bài: không"), "{text}");
    assert!(text.contains("chờ duyệt"), "{text}");

    // Each profile has its own login; another profile has none.
    toasoan_with(
        d,
        VI,
        &["user", "add", "minh", "--role", "editor", "--as", "truong"],
        &[("TOASOAN_PASSWORD", "Trưởng-ban")],
        "",
    );
    let o = toasoan(d, VI, &["portal", "test", "--as", "minh", "--json"]);
    assert_eq!(json_error(&o)["code"], "portal_no_login");
    let o = toasoan(d, VI, &["portal", "show", "--as", "lan", "--json"]);
    assert_eq!(json_stdout(&o)["portal"]["user"], "tacgia");

    // A wrong password is refused by the portal, in words.
    toasoan_with(
        d,
        VI,
        &["portal", "set", "--url", url, "--user", "tacgia", "--as", "lan", "--password-stdin"],
        &[],
        "sai sai sai sai\n",
    );
    let o = toasoan(d, VI, &["portal", "test", "--as", "lan"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("mật khẩu ứng dụng"), "{}", stderr(&o));

    // Plain http to another computer is refused before anything is saved.
    let o = toasoan_with(
        d,
        VI,
        &[
            "portal",
            "set",
            "--url",
            "http://cong.tayho.gov.vn",
            "--user",
            "x",
            "--as",
            "lan",
            "--password-stdin",
            "--json",
        ],
        &[],
        "x\n",
    );
    assert_eq!(json_error(&o)["code"], "portal_needs_https");

    let o = toasoan(d, VI, &["portal", "forget", "--as", "lan"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = toasoan(d, VI, &["portal", "test", "--as", "lan", "--json"]);
    assert_eq!(json_error(&o)["code"], "portal_no_login");
    // The store holds the address, never a password.
    let db = std::fs::read(d.join("toasoan.db")).unwrap();
    assert!(!String::from_utf8_lossy(&db).contains(&password("congtacvien")));
}

#[test]
fn sync_run_sends_the_outbox_and_status_says_what_failed_and_why() {
    keyring();
    let site = wordpress();
    let url = site["url"].as_str().unwrap();
    let password = |who: &str| site["accounts"][who]["password"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let boss = [("TOASOAN_PASSWORD", "Trưởng-ban")];
    toasoan(d, VI, &["user", "add", "lan-cli", "--role", "editor"]);
    toasoan_with(
        d,
        VI,
        &["user", "add", "truong-cli", "--role", "supervisor", "--password-stdin"],
        &[],
        "Trưởng-ban\n",
    );
    let set = |who: &str, account: &str, extra: &str| {
        let o = toasoan_with(
            d,
            VI,
            &["portal", "set", "--url", url, "--user", account, "--as", who, "--password-stdin"],
            &[],
            &format!("{}\n{extra}", password(account)),
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    set("lan-cli", "tacgia", "");
    set("truong-cli", "congtacvien", "Trưởng-ban\n");

    let o = toasoan(d, VI, &["post", "new", "--title", "Thông báo lịch tiếp công dân", "--as", "lan-cli"]);
    let id = stdout(&o).trim().to_string();
    toasoan(d, VI, &["review", "submit", &id, "--as", "lan-cli"]);
    toasoan_with(d, VI, &["review", "approve", &id, "--as", "truong-cli"], &boss, "");
    let o = toasoan(d, VI, &["sync", "status", "--json"]);
    assert_eq!(json_stdout(&o)["counts"]["waiting"], 2, "{}", stdout(&o));

    // The approver's account is a contributor: refused, said in words, kept for a person.
    let o = toasoan(d, VI, &["sync", "run"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("không có quyền đăng bài"), "{}", stdout(&o));
    let o = toasoan(d, VI, &["sync", "status", "--json"]);
    let status = json_stdout(&o);
    assert_eq!(status["counts"]["failed"], 2);
    let entry = status["entries"][0]["id"].as_i64().unwrap().to_string();
    assert_eq!(status["entries"][0]["error_code"], "portal_cannot_publish");

    // The supervisor gets an editor's account on the portal and retries.
    set("truong-cli", "bientap", "Trưởng-ban\n");
    let o = toasoan(d, VI, &["sync", "retry", &entry, "--as", "lan-cli", "--json"]);
    assert_eq!(json_stdout(&o)["entry"]["state"], "waiting", "{}", stderr(&o));
    let o = toasoan(d, VI, &["sync", "run", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let report = json_stdout(&o);
    assert_eq!(report["items"][0]["remote_status"], "publish");
    assert!(report["items"][0]["link"].as_str().unwrap().starts_with(url));
    let o = toasoan(d, VI, &["sync", "run"]);
    assert_eq!(stdout(&o).trim(), "Không có gì cần gửi lên cổng thông tin.");
    let o = toasoan(d, VI, &["sync", "cancel", &entry, "--as", "lan-cli", "--json"]);
    assert_eq!(json_error(&o)["code"], "not_cancellable", "a sent entry cannot be cancelled");
}

#[test]
fn a_post_exports_as_a_package_for_a_portal_without_an_api() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let photo = common::photo_file(d, "hoi-nghi.jpg", 3000, 2000, 90);
    let o = toasoan(d, VI, &["photo", "import", &photo, "--json"]);
    let photo_id = json_stdout(&o)["items"][0]["photo_id"].as_i64().unwrap().to_string();
    toasoan(d, VI, &["photo", "edit", &photo_id, "--caption", "Toàn cảnh hội nghị"]);
    let body = d.join("than.html");
    std::fs::write(
        &body,
        format!("<p>Chiều ngày 15/01/2020, hội nghị diễn ra.</p><figure data-photo-id=\"{photo_id}\"><img src=\"photo://localhost/{photo_id}/1024\" alt=\"Toàn cảnh\"><figcaption>Toàn cảnh hội nghị</figcaption></figure>"),
    )
    .unwrap();
    let o = toasoan(
        d,
        VI,
        &["post", "new", "--title", "Hội nghị tổng kết công tác dân vận", "--body-file", body.to_str().unwrap()],
    );
    let id = stdout(&o).trim().to_string();
    let out = d.join("goi");
    std::fs::create_dir_all(&out).unwrap();
    let o = toasoan(d, VI, &["portal", "export", &id, "--to", out.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let package = std::path::PathBuf::from(json_stdout(&o)["package"].as_str().unwrap());
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(package.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["title"], "Hội nghị tổng kết công tác dân vận");
    assert_eq!(manifest["photos"][0]["caption"], "Toàn cảnh hội nghị");
    let file = manifest["photos"][0]["file"].as_str().unwrap();
    assert!(package.join(file).is_file());
    let img = image::open(package.join(file)).unwrap();
    assert_eq!(img.width(), 2048, "the rendition the portal would get");
    let index = std::fs::read_to_string(package.join("index.html")).unwrap();
    assert!(index.contains(&format!("src=\"{file}\"")), "{index}");
    assert!(!index.contains("photo://"));
    assert!(index.contains("Chiều ngày 15/01/2020"));
    // A place that cannot take a folder (here a file; a full disk alike): said, nothing left.
    let not_a_folder = d.join("khong-phai-thu-muc");
    std::fs::write(&not_a_folder, "x").unwrap();
    let o = toasoan(d, VI, &["portal", "export", &id, "--to", not_a_folder.to_str().unwrap(), "--json"]);
    assert_eq!(json_error(&o)["code"], "package_write_failed", "{}", stderr(&o));
    assert!(json_error(&o)["message"].as_str().unwrap().contains("chỗ trống"));
    // No half-written package is left beside it.
    let names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn the_album_category_is_the_offices_setting() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = toasoan(d, VI, &["portal", "album-category", "--json"]);
    assert_eq!(json_stdout(&o)["album_category"], "Album ảnh");
    let o = toasoan(d, VI, &["portal", "album-category", "  Ảnh hoạt động  "]);
    assert_eq!(stdout(&o).trim(), "Album lên cổng vào chuyên mục «Ảnh hoạt động».");
    let o = toasoan(d, VI, &["portal", "album-category", "", "--json"]);
    assert_eq!(json_stdout(&o)["album_category"], "Album ảnh", "empty goes back to the default");
}

#[test]
fn the_archive_is_pulled_searched_and_used_from_the_command_line() {
    keyring();
    let site = wordpress();
    let url = site["url"].as_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = toasoan_with(
        d,
        VI,
        &["portal", "set", "--url", url, "--user", "tacgia", "--password-stdin"],
        &[],
        &format!("{}\n", site["accounts"]["tacgia"]["password"].as_str().unwrap()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // Pages on stderr as they come, the summary on stdout.
    let o = toasoan(d, VI, &["archive", "pull", "--page-size", "50"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("Trang 1/"), "{}", stderr(&o));
    assert!(stdout(&o).contains("lưu trữ có"), "{}", stdout(&o));
    let o = toasoan(d, VI, &["archive", "pull", "--json"]);
    let report = json_stdout(&o);
    assert_eq!(report["complete"], true);
    let count = report["count"].as_u64().unwrap();
    assert!(count > 0);
    let status = json_stdout(&toasoan(d, VI, &["archive", "status", "--json"]));
    assert_eq!((status["count"].as_u64(), status["complete"].as_bool()), (Some(count), Some(true)));

    // The newest, found by search from its title without diacritics, then read and used as the
    // start of a new post.
    let newest = json_stdout(&toasoan(d, VI, &["archive", "list", "--limit", "1", "--json"]));
    let first = &newest["posts"][0];
    let id = first["remote_id"].as_i64().unwrap().to_string();
    let title = first["title"].as_str().unwrap();
    let folded: String =
        title.replace(['đ', 'Đ'], "d").nfd().filter(|c| c.is_ascii()).collect::<String>().to_lowercase();
    let found = json_stdout(&toasoan(
        d,
        VI,
        &["search", &format!("{folded} "), "--kind", "archive", "--json", "--limit", "200"],
    ));
    let hits = found["hits"].as_array().unwrap();
    assert!(
        hits.iter().any(|h| h["id"].as_i64().unwrap().to_string() == id && h["kind"] == "archive"),
        "{title}: {found}"
    );
    let shown = json_stdout(&toasoan(d, VI, &["archive", "show", &id, "--json"]));
    assert_eq!(shown["remote_id"].as_i64().unwrap().to_string(), id);
    let o = toasoan(d, VI, &["archive", "new-post", &id]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let new_id = stdout(&o).trim().to_string();
    let post = json_stdout(&toasoan(d, VI, &["post", "show", &new_id, "--json"]));
    assert_eq!(post["title"], shown["title"]);
    assert_eq!(post["state"], "draft");
    let o = toasoan(d, VI, &["archive", "show", "999999999", "--json"]);
    assert_eq!(json_error(&o)["code"], "not_found");
}
