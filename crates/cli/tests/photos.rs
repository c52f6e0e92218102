//! `toasoan photo …` as a script would run it, against a fresh data folder.

use std::path::Path;

mod common;
use common::{stderr, stdout, toasoan};

fn photo(dir: &Path, name: &str, w: u32, h: u32) -> String {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([x as u8, y as u8, 90]));
    let path = dir.join(name);
    img.save_with_format(&path, image::ImageFormat::Jpeg).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_reports_each_file_and_fails_when_one_did() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let a = photo(src.path(), "a.jpg", 1200, 800);
    let bad = src.path().join("ghi-chu.jpg");
    std::fs::write(&bad, "không phải ảnh").unwrap();
    let bad = bad.to_str().unwrap().to_string();

    let out = toasoan(data.path(), "vi_VN.UTF-8", &["photo", "import", &a, &bad]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "{a}: đã nhập, ảnh số 1\n\
             {bad}: Tệp {bad} không phải ảnh. Hãy chọn tệp JPEG, PNG, WebP hoặc TIFF.\n\
             Đã nhập 1 ảnh, 0 ảnh trùng, 1 tệp lỗi.\n"
        )
    );

    let out = toasoan(data.path(), "en_GB.UTF-8", &["photo", "import", &a, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!(report["items"][0]["photo_id"], 1);
    assert_eq!(report["items"][0]["duplicate"], true);
    assert_eq!((report["imported"].as_u64(), report["duplicates"].as_u64()), (Some(0), Some(1)));

    let out = toasoan(data.path(), "en_GB.UTF-8", &["photo", "import", &bad, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["items"][0]["error"]["code"], "not_a_photo");
    assert_eq!(report["items"][0]["photo_id"], serde_json::Value::Null);
    assert!(report["items"][0]["error"]["message"]
        .as_str()
        .unwrap()
        .ends_with("Choose a JPEG, PNG, WebP or TIFF file."));
}

#[test]
fn show_lists_the_original_and_renditions() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let a = photo(src.path(), "a.jpg", 1200, 800);
    assert_eq!(toasoan(data.path(), "vi_VN.UTF-8", &["photo", "import", &a]).status.code(), Some(0));

    let out = toasoan(data.path(), "vi_VN.UTF-8", &["photo", "show", "1", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let p = &doc["photo"];
    assert_eq!((p["width"].as_u64(), p["height"].as_u64()), (Some(1200), Some(800)));
    assert_eq!(p["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(std::fs::read(p["original_path"].as_str().unwrap()).unwrap(), std::fs::read(&a).unwrap());
    let sizes: Vec<_> = p["renditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["width"].as_u64().unwrap(), r["height"].as_u64().unwrap()))
        .collect();
    assert_eq!(sizes, [(1200, 800), (1024, 683), (320, 213)], "the photo's own size stands in for 2048");
    assert_eq!(p["taken_at"], serde_json::Value::Null);
    assert_eq!(p["caption"], "");

    let text = stdout(&toasoan(data.path(), "vi_VN.UTF-8", &["photo", "show", "1"]));
    assert!(text.contains("Kích thước: 1200 × 800\n"), "{text}");
    assert!(text.contains("Chụp lúc: không rõ\n"), "{text}");
    assert!(text.contains("  1024 × 683 "), "{text}");

    let out = toasoan(data.path(), "en_GB.UTF-8", &["photo", "show", "7", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stderr(&out)).unwrap();
    assert_eq!(err["error"]["code"], "not_found");
}

#[test]
fn a_folder_is_walked_and_an_empty_file_gets_its_own_line() {
    let data = tempfile::tempdir().unwrap();
    let src = tempfile::tempdir().unwrap();
    let dcim = src.path().join("DCIM").join("100MEDIA");
    std::fs::create_dir_all(&dcim).unwrap();
    photo(&dcim, "IMG_0001.JPG", 400, 300);
    photo(&dcim, "IMG_0002.JPG", 300, 400);
    let empty = dcim.join("IMG_0003.JPG");
    std::fs::write(&empty, b"").unwrap();

    let out = toasoan(data.path(), "en_GB.UTF-8", &["photo", "import", src.path().to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let codes: Vec<_> = report["items"].as_array().unwrap().iter().map(|i| i["error"]["code"].clone()).collect();
    assert_eq!(codes, [serde_json::Value::Null, serde_json::Value::Null, serde_json::json!("empty_file")]);
    assert_eq!(report["imported"], 2);
}
