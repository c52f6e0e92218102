//! `toasoan people …` as a script would run it, against a fresh data folder.

use std::path::PathBuf;

mod common;
use common::{stderr, stdout, toasoan};

fn fixture() -> String {
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "..", "fixtures", "people.csv"].iter().collect();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_then_list_in_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["people", "import", &fixture()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "Đã thêm 7 người, cập nhật 0, giữ nguyên 0.\n");

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["people", "import", &fixture(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    assert_eq!(report["added"], 0);
    assert_eq!(report["unchanged"], 7);
    assert_eq!(report["rows"], serde_json::json!([]));

    let list = stdout(&toasoan(dir.path(), "vi_VN.UTF-8", &["people", "list"]));
    assert!(list.contains("Lê Thị Thu Hằng — Đảng ủy phường Tây Hồ\n"), "{list}");
    assert!(list.contains("Trưởng Ban Tuyên giáo Quận ủy, Quận ủy Tây Hồ (01/10/2020 – 30/06/2025)\n"), "{list}");
    assert!(list.contains("Phó Bí thư Đảng ủy phường (01/07/2025 –)\n"), "{list}");
    let tuan = list.find("Đỗ Anh Tuấn").unwrap();
    assert!(list.find("Nguyễn Thị Ánh").unwrap() < tuan, "by given name: {list}");

    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["people", "list", "--json"]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let people = doc["people"].as_array().unwrap();
    assert_eq!(people.len(), 7);
    assert_eq!(people[0]["name"], "Nguyễn Thị Ánh");
    assert_eq!(people[0]["titles"][0]["held_from"], "2019-03-01");
}

#[test]
fn skipped_rows_are_listed_under_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("danh-ba.csv");
    std::fs::write(
        &csv,
        "Họ và tên,Chức vụ,Đơn vị,Từ ngày,Đến ngày\n\
         Nguyễn Anh Tuấn,Phó Bí thư thường trực Quận ủy,Quận ủy Tây Hồ,,\n\
         ,Chủ tịch UBND Quận,UBND quận Tây Hồ,,\n\
         Trần Văn Nam,Phó Chủ tịch UBND quận,UBND quận Tây Hồ,15/07/2021,30/06/2020\n",
    )
    .unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["people", "import", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "Đã thêm 1 người, cập nhật 0, giữ nguyên 0; bỏ qua 2 dòng:\n  \
         Dòng 3: Thiếu họ tên. Hãy điền họ tên rồi nhập lại.\n  \
         Dòng 4: Ngày kết thúc 30/06/2020 sớm hơn ngày bắt đầu 15/07/2021. Hãy sửa lại một trong hai ngày.\n"
    );

    let out = toasoan(dir.path(), "en_US.UTF-8", &["people", "import", csv.to_str().unwrap()]);
    assert!(stdout(&out).starts_with("Added 0 people, updated 0, unchanged 1; 2 row(s) skipped:\n  Row 3: "));

    let out = toasoan(dir.path(), "en_US.UTF-8", &["people", "import", csv.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["rows"][1]["row"], 4);
    assert_eq!(report["rows"][1]["code"], "dates_reversed");
}

#[test]
fn suggest_finds_both_tuans_without_accents() {
    let dir = tempfile::tempdir().unwrap();
    toasoan(dir.path(), "vi_VN.UTF-8", &["people", "import", &fixture()]);
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["people", "suggest", "tuan", "--on", "16/01/2020"]);
    let lines: Vec<String> = stdout(&out).lines().map(|l| l.trim_start().to_string()).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].ends_with("đồng chí Đỗ Anh Tuấn - Chủ tịch UBND Quận"), "{lines:?}");
    assert!(lines[1].ends_with("đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy"), "{lines:?}");
}

#[test]
fn an_empty_directory_and_a_file_it_cannot_import() {
    let dir = tempfile::tempdir().unwrap();
    assert!(stdout(&toasoan(dir.path(), "vi_VN.UTF-8", &["people", "list"])).starts_with("Danh bạ chưa có ai."));

    let doc = dir.path().join("danh-ba.docx");
    std::fs::write(&doc, "Nguyễn Anh Tuấn").unwrap();
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["people", "import", doc.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).starts_with("Tòa Soạn chỉ nhập được danh bạ từ tệp .xlsx (Excel) hoặc .csv"),
        "{}",
        stderr(&out)
    );

    let broken = dir.path().join("hong.xlsx");
    std::fs::write(&broken, "not a spreadsheet").unwrap();
    let out = toasoan(dir.path(), "en_US.UTF-8", &["people", "import", broken.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err: serde_json::Value = serde_json::from_str(&stderr(&out)).expect("a JSON error");
    assert_eq!(err["error"]["code"], "import_unreadable");
    assert!(err["error"]["message"].as_str().unwrap().contains("The directory was left as it was."));
    assert!(stdout(&toasoan(dir.path(), "vi_VN.UTF-8", &["people", "list"])).starts_with("Danh bạ chưa có ai."));
}
