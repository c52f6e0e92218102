//! `toasoan album …` and the photo verbs around it, as a script would run them.

use serde_json::{json, Value};

mod common;
use common::{json_error, json_stdout, photo_file, stderr, stdout, toasoan};

const EN: &str = "en_GB.UTF-8";
const VI: &str = "vi_VN.UTF-8";

fn photo_ids(album: &Value) -> Vec<i64> {
    album["photos"].as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()).collect()
}

#[test]
fn import_into_an_album_reorder_caption_and_show() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let d = data.path();

    let out = toasoan(d, EN, &["album", "new", "--title", " Lễ khai giảng ", "--date", "2025-09-05", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let album = json_stdout(&out)["album"].clone();
    assert_eq!((album["id"].as_i64(), album["title"].as_str()), (Some(1), Some("Lễ khai giảng")));
    assert_eq!(album["event_date"], "2025-09-05");
    assert_eq!(album["photos"], json!([]));

    // Files in the order given; photo ids follow whichever finished first, the album the files.
    let files: Vec<String> = (0..4u8).map(|i| photo_file(src.path(), &format!("{i}.jpg"), 900, 600, i * 40)).collect();
    let bad = src.path().join("ghi-chu.jpg");
    std::fs::write(&bad, "không phải ảnh").unwrap();
    let bad = bad.to_str().unwrap();
    let args = ["photo", "import", &files[2], bad, &files[0], &files[1], "--album", "1", "--json"];
    let out = toasoan(d, EN, &args);
    assert_eq!(out.status.code(), Some(1), "a file failed: {}", stderr(&out));
    let report = json_stdout(&out);
    let items = report["items"].as_array().unwrap();
    assert_eq!(items[1]["error"]["code"], "not_a_photo");
    let imported: Vec<i64> = items.iter().filter_map(|i| i["photo_id"].as_i64()).collect();
    assert_eq!(imported.len(), 3);
    assert_eq!(photo_ids(&report["album"]), imported, "the album follows the files' order");

    // A duplicate stays where it is; a new photo goes at the end.
    let out = toasoan(d, VI, &["photo", "import", &files[0], &files[3], "--album", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("Đã thêm vào album số 1: 2 ảnh.\n"), "{}", stdout(&out));
    let out = toasoan(d, EN, &["album", "show", "1", "--json"]);
    let album = json_stdout(&out)["album"].clone();
    let last = album["photos"][3]["id"].as_i64().unwrap();
    assert_eq!(photo_ids(&album)[..3], imported[..]);
    assert!(!imported.contains(&last));
    assert_eq!(album["photos"][0]["width"], 900);
    assert_eq!(album["photos"][0]["version"], 1);

    // Drag and drop: the reverse order.
    let mut reversed = photo_ids(&album);
    reversed.reverse();
    let order: Vec<String> = reversed.iter().map(|id| id.to_string()).collect();
    let mut args = vec!["album", "order", "1"];
    args.extend(order.iter().map(String::as_str));
    args.push("--json");
    let out = toasoan(d, EN, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(photo_ids(&json_stdout(&out)["album"]), reversed);
    assert_eq!(photo_ids(&json_stdout(&toasoan(d, EN, &["album", "show", "1", "--json"]))["album"]), reversed);

    let out = toasoan(d, EN, &["album", "edit", "1", "--cover", &order[1], "--credit", "Ảnh: Thu Hà", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let album = json_stdout(&out)["album"].clone();
    assert_eq!((album["cover_photo_id"].as_i64(), album["credit"].as_str()), (Some(reversed[1]), Some("Ảnh: Thu Hà")));

    // One caption for two photos at once.
    let (a, b) = (order[0].as_str(), order[1].as_str());
    let args = ["photo", "edit", a, b, "--caption", " Quang cảnh buổi lễ ", "--credit", "Thu Hà", "--json"];
    let out = toasoan(d, EN, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let edited = json_stdout(&out)["photos"].clone();
    assert_eq!(edited.as_array().unwrap().len(), 2);
    for p in edited.as_array().unwrap() {
        assert_eq!((p["caption"].as_str(), p["credit"].as_str()), (Some("Quang cảnh buổi lễ"), Some("Thu Hà")));
    }
    let out = toasoan(d, EN, &["photo", "edit", a, "--alt", "Học sinh chào cờ"]);
    assert_eq!(stdout(&out).lines().next(), Some("Photos changed: 1."));

    // photo show: the original, its hash, size and time taken; each rendition; the texts.
    let out = toasoan(d, EN, &["photo", "show", a, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let p = json_stdout(&out)["photo"].clone();
    let original = p["original_path"].as_str().unwrap();
    let bytes = std::fs::read(original).unwrap();
    assert_eq!(p["bytes"].as_u64(), Some(bytes.len() as u64));
    assert_eq!(std::fs::read(&files[3]).unwrap(), bytes, "the last album photo is 3.jpg, kept byte for byte");
    let sha = p["sha256"].as_str().unwrap();
    assert!(sha.len() == 64 && sha.bytes().all(|c| c.is_ascii_hexdigit()), "{sha}");
    assert!(original.contains(sha));
    assert_eq!(p["taken_at"], Value::Null, "generated photos carry no EXIF time");
    let renditions = p["renditions"].as_array().unwrap();
    assert!(!renditions.is_empty());
    for r in renditions {
        assert!(std::path::Path::new(r["path"].as_str().unwrap()).is_file(), "{r}");
        let (w, h) = (r["width"].as_u64().unwrap(), r["height"].as_u64().unwrap());
        assert!(w.max(h) <= 900 && (w * 2).abs_diff(h * 3) <= 3, "3:2, never upscaled: {r}");
    }
    assert_eq!(p["caption"], "Quang cảnh buổi lễ");
    assert_eq!(p["alt_text"], "Học sinh chào cờ");
    assert_eq!(p["credit"], "Thu Hà");

    // The same album as a person reads it.
    let text = stdout(&toasoan(d, VI, &["album", "show", "1"]));
    assert!(text.starts_with("    1  Lễ khai giảng\nNgày sự kiện: 05/09/2025\n"), "{text}");
    assert!(text.contains(&format!("Ảnh bìa: ảnh số {}\n4 ảnh:\n", reversed[1])), "{text}");
    assert!(text.contains("Quang cảnh buổi lễ"), "{text}");
    let text = stdout(&toasoan(d, EN, &["album", "list"]));
    assert_eq!(text, "    1  05/09/2025  Lễ khai giảng (4 photos)\n");
    let list = json_stdout(&toasoan(d, EN, &["album", "list", "--json"]));
    assert_eq!(list["albums"][0]["photo_count"], 4);
    assert_eq!(list["albums"][0]["cover_photo_id"].as_i64(), Some(reversed[1]));

    // Removing and deleting keep the photos in the library.
    let out = toasoan(d, EN, &["album", "remove", "1", b, "--json"]);
    let album = json_stdout(&out)["album"].clone();
    assert_eq!(photo_ids(&album), [reversed[0], reversed[2], reversed[3]]);
    assert_eq!(album["cover_photo_id"], Value::Null, "the removed cover is cleared");
    let out = toasoan(d, EN, &["album", "delete", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Album 1 deleted; its photos are still in the library.\n");
    let photos = json_stdout(&toasoan(d, EN, &["photo", "list", "--json"]));
    assert_eq!(photos["photos"].as_array().unwrap().len(), 4);
    assert_eq!(json_stdout(&toasoan(d, EN, &["album", "list", "--json"])), json!({ "albums": [] }));
}

#[test]
fn refusals_exit_1_with_their_code_and_change_nothing() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let d = data.path();
    let a = photo_file(src.path(), "a.jpg", 300, 200, 10);
    let b = photo_file(src.path(), "b.jpg", 300, 200, 200);
    assert_eq!(toasoan(d, EN, &["album", "new", "--title", "Hội nghị"]).status.code(), Some(0));
    assert_eq!(toasoan(d, EN, &["photo", "import", &a, &b, "--album", "1"]).status.code(), Some(0));
    let before = json_stdout(&toasoan(d, EN, &["album", "show", "1", "--json"]));

    let long_caption = "x".repeat(2_001);
    let cases: [(&[&str], &str); 10] = [
        (&["album", "show", "9"], "not_found"),
        (&["album", "new", "--title", "   "], "title_required"),
        (&["album", "new", "--title", "Mới", "--date", "2025-02-30"], "invalid_date"),
        (&["album", "edit", "1", "--date", "05/09/2025"], "invalid_date"),
        (&["album", "edit", "1", "--title", ""], "title_required"),
        (&["album", "edit", "1", "--cover", "99"], "not_in_album"),
        (&["album", "add", "1", "1", "99"], "not_found"),
        (&["album", "order", "1", "2"], "order_mismatch"),
        (&["album", "remove", "1", "7"], "not_in_album"),
        (&["photo", "edit", "1", "2", "--caption", &long_caption], "too_long"),
    ];
    for (args, code) in cases {
        let mut args = args.to_vec();
        args.push("--json");
        let out = toasoan(d, EN, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        let err = json_error(&out);
        assert_eq!(err["code"], code, "{args:?}: {err}");
        assert!(!err["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(json_stdout(&toasoan(d, EN, &["album", "show", "1", "--json"])), before, "nothing changed");
    assert_eq!(json_stdout(&toasoan(d, EN, &["album", "list", "--json"]))["albums"].as_array().unwrap().len(), 1);
    let photo = json_stdout(&toasoan(d, EN, &["photo", "show", "1", "--json"]));
    assert_eq!(photo["photo"]["caption"], "");

    // Without --json: a sentence that says what to do, in the reader's language.
    let out = toasoan(d, VI, &["album", "order", "1", "2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("Thứ tự mới thiếu ảnh số 1 của album số 1"), "{}", stderr(&out));
    let out = toasoan(d, EN, &["album", "edit", "1", "--date", "2025-13-01"]);
    assert_eq!(
        stderr(&out),
        "«2025-13-01» is not a valid event date. Write it as yyyy-mm-dd (for example 2025-09-05), or leave it empty if not known.\n"
    );

    // Nothing to change is a usage error.
    assert_eq!(toasoan(d, EN, &["album", "edit", "1"]).status.code(), Some(2));
    assert_eq!(toasoan(d, EN, &["photo", "edit", "1"]).status.code(), Some(2));
    assert_eq!(toasoan(d, EN, &["album", "add", "1"]).status.code(), Some(2));
}

#[test]
fn an_unknown_album_is_refused_before_anything_is_imported() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let d = data.path();
    let a = photo_file(src.path(), "a.jpg", 300, 200, 10);

    let out = toasoan(d, EN, &["photo", "import", &a, "--album", "5", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "", "no report: nothing was imported");
    let err = json_error(&out);
    assert_eq!(err["code"], "not_found");
    assert_eq!(err["message"], "Album 5 was not found. It may have been deleted; check the album list.");
    assert_eq!(json_stdout(&toasoan(d, EN, &["photo", "list", "--json"])), json!({ "photos": [] }));
    assert!(!d.join("photos").join("originals").exists(), "no file was written");
    assert_eq!(
        stdout(&toasoan(d, VI, &["photo", "list"])),
        "Thư viện chưa có ảnh. Nhập ảnh bằng: toasoan photo import TỆP_HOẶC_THƯ_MỤC…\n"
    );
    assert!(stdout(&toasoan(d, EN, &["album", "list"])).starts_with("No albums yet."));
}
