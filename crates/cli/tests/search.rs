//! `toasoan search` as a script runs it: the office's query set, with every way of typing.

use unicode_normalization::UnicodeNormalization;

mod common;
use common::{stderr, stdout, toasoan};

fn hits(dir: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["--json", "search"];
    all.extend_from_slice(args);
    let out = toasoan(dir, "vi_VN.UTF-8", &all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");
    doc["hits"].as_array().unwrap().clone()
}

#[test]
fn the_query_set_finds_the_same_post_however_it_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.txt");
    std::fs::write(&body, "Đồng chí Chủ tịch UBND phường chủ trì buổi tiếp công dân. Tổ hoà giải báo cáo.\n").unwrap();
    let out = toasoan(
        dir.path(),
        "vi_VN.UTF-8",
        &["post", "new", "--title", "Tiếp công dân định kỳ", "--body-file", body.to_str().unwrap()],
    );
    let id: i64 = stdout(&out).trim().parse().unwrap();

    let nfd: String = "Tiếp công dân".nfd().collect();
    for query in [
        "tiep cong dan",
        "TIẾP CÔNG DÂN",
        nfd.as_str(),
        "tiếp công d",
        "ĐỒNG CHÍ",
        "dong chi chu tich",
        "hòa giải",
        "HOÀ GIẢI",
    ] {
        let found = hits(dir.path(), &[query, "--kind", "post"]);
        assert!(found.iter().any(|h| h["id"] == id), "{query:?}: {found:?}");
        let hit = found.iter().find(|h| h["id"] == id).unwrap();
        assert_eq!(hit["kind"], "post");
        assert!(hit["score"].as_f64().unwrap() > 0.0);
        assert!(!hit["snippet"].as_str().unwrap().is_empty());
    }
    let found = hits(dir.path(), &["hoa giai", "--kind", "post"]);
    let hit = found.iter().find(|h| h["id"] == id).unwrap();
    assert_eq!(hit["snippet"], "Đồng chí Chủ tịch UBND phường chủ trì buổi tiếp công dân. Tổ hoà giải báo cáo.");

    // Human output marks the words that matched.
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["search", "cong dan", "--kind", "post"]);
    let text = stdout(&out);
    assert!(text.contains("Tiếp «công» «dân» định kỳ"), "{text}");
    assert!(text.starts_with("Bài viết"), "{text}");

    // Bad input: never an error, a clear usage message for a kind that does not exist.
    for q in ["\"", "*", "NEAR(", "🎉", "'; DROP TABLE post; --"] {
        let _ = hits(dir.path(), &[q]);
    }
    let out = toasoan(dir.path(), "vi_VN.UTF-8", &["search", "x", "--kind", "tin"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("post, album, photo, person or archive"));
}
