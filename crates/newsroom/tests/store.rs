//! The store against a real SQLite file in a temp folder, as the window and the CLI use it.

use newsroom::posts::{self, NewPost, PostEdit, Shelf};
use newsroom::{Error, Store};

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    (dir, store)
}

fn pragma(store: &Store, name: &str) -> String {
    store
        .conn()
        .query_row(&format!("PRAGMA {name}"), [], |r| r.get::<_, rusqlite::types::Value>(0))
        .map(|v| format!("{v:?}"))
        .unwrap()
}

#[test]
fn a_new_store_is_migrated_durable_and_holds_the_sample() {
    let (dir, store) = fresh();
    assert!(dir.path().join("toasoan.db").is_file());
    assert_eq!(store.schema_version().unwrap(), newsroom::store::SCHEMA_VERSION);
    assert_eq!(pragma(&store, "journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma(&store, "synchronous"), "Integer(2)", "FULL");
    assert_eq!(pragma(&store, "foreign_keys"), "Integer(1)");
    assert_eq!(pragma(&store, "busy_timeout"), "Integer(5000)");

    let list = posts::list(&store, Shelf::Active).unwrap();
    assert_eq!(list.len(), 1, "a newcomer sees the sample report");
    let sample = posts::get(&store, list[0].id).unwrap();
    assert!(sample.is_sample);
    assert!(sample.title.starts_with("Ban Dân vận tổ chức tổng kết công tác dân vận năm 2019"));
    assert_eq!(sample.published_at.as_deref(), Some("2020-01-16T04:19:00Z"));
    assert_eq!(sample.category, "Kinh tế - chính trị");
    assert_eq!(sample.signature, "Ban Tuyên giáo Quận Tây Hồ");
    assert_eq!(store.info().unwrap().integrity, vec!["ok".to_string()]);
}

#[test]
fn posts_are_created_edited_binned_restored_and_survive_reopening() {
    let (dir, mut store) = fresh();
    let post = posts::create(
        &mut store,
        NewPost {
            title: "  Hội nghị giao ban quý I ".into(),
            body_html: "<p>Sáng nay…</p>".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(post.title, "Hội nghị giao ban quý I", "titles are trimmed");
    assert!(post.published_at.is_none());

    let edited = posts::edit(
        &mut store,
        PostEdit {
            id: post.id,
            title: "Hội nghị giao ban quý II".into(),
            body_html: "<p>Chiều nay</p>".into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(edited.title, "Hội nghị giao ban quý II");
    assert_eq!(edited.body_html, "<p>Chiều nay</p>");

    posts::move_to_bin(&mut store, post.id).unwrap();
    assert!(!posts::list(&store, Shelf::Active).unwrap().iter().any(|p| p.id == post.id));
    let bin = posts::list(&store, Shelf::Bin).unwrap();
    assert_eq!(bin.len(), 1);
    assert_eq!(bin[0].title, "Hội nghị giao ban quý II", "the bin keeps the whole post");
    posts::restore(&mut store, post.id).unwrap();
    drop(store);

    let store = newsroom::open(dir.path()).unwrap();
    let again = posts::get(&store, post.id).unwrap();
    assert_eq!(again.title, "Hội nghị giao ban quý II");
    assert_eq!(again.body_html, "<p>Chiều nay</p>");
    assert!(again.deleted_at.is_none());
    assert_eq!(posts::list(&store, Shelf::Active).unwrap().len(), 2, "the sample is not seeded twice");
}

#[test]
fn a_deleted_sample_stays_deleted_after_restart() {
    let (dir, mut store) = fresh();
    let sample = posts::list(&store, Shelf::Active).unwrap()[0].id;
    posts::move_to_bin(&mut store, sample).unwrap();
    drop(store);
    let store = newsroom::open(dir.path()).unwrap();
    assert!(posts::list(&store, Shelf::Active).unwrap().is_empty());
}

#[test]
fn text_is_stored_nfc_and_body_html_sanitised() {
    let (_dir, mut store) = fresh();
    let nfd_title = "Ba\u{300}i vie\u{302}\u{301}t";
    let post = posts::create(
        &mut store,
        NewPost {
            title: nfd_title.into(),
            body_html: "<p onmouseover=\"steal()\">Tie\u{302}\u{301}ng Vie\u{323}\u{302}t<script>x()</script></p>"
                .into(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(post.title, "Bài viết");
    assert_eq!(post.body_html, "<p>Tiếng Việt</p>");
}

#[test]
fn saving_unchanged_text_does_not_touch_the_post() {
    let (_dir, mut store) = fresh();
    let post =
        posts::create(&mut store, NewPost { title: "A".into(), body_html: "<p>b</p>".into(), ..Default::default() })
            .unwrap();
    store.conn().execute("UPDATE post SET updated_at = '2001-01-01T00:00:00Z' WHERE id = ?1", [post.id]).unwrap();
    let same = posts::edit(
        &mut store,
        PostEdit { id: post.id, title: "A".into(), body_html: "<p>b</p>".into(), ..Default::default() },
    )
    .unwrap();
    assert_eq!(same.updated_at, "2001-01-01T00:00:00Z");
}

#[test]
fn a_missing_post_is_not_found() {
    let (_dir, mut store) = fresh();
    assert!(matches!(posts::get(&store, 999), Err(Error::PostNotFound(999))));
    let err = posts::edit(
        &mut store,
        PostEdit { id: 999, title: "x".into(), body_html: String::new(), ..Default::default() },
    )
    .unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(posts::move_to_bin(&mut store, 999).unwrap_err().code(), "not_found");
}

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn a_store_from_a_newer_version_is_refused_and_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(dir.path().join("toasoan.db")).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;").unwrap();
    }
    let before = snapshot(dir.path());
    let err = newsroom::open(dir.path()).err().expect("refused");
    assert!(matches!(err, Error::StoreTooNew { found: 99, .. }), "{err:?}");
    assert_eq!(err.code(), "store_too_new");
    let msg = err.message(newsroom::Lang::Vi);
    assert!(msg.contains("phiên bản Tòa Soạn mới hơn") && msg.contains("Hãy cài phiên bản"), "{msg}");
    assert_eq!(snapshot(dir.path()), before, "not a byte changed, no -wal file made");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Biên bản họp — đây không phải cơ sở dữ liệu.\n".repeat(200);
    std::fs::write(dir.path().join("toasoan.db"), &text).unwrap();
    let before = snapshot(dir.path());
    let err = newsroom::open(dir.path()).err().expect("refused");
    assert_eq!(err.code(), "store_not_sqlite", "{err:?}");
    assert!(err.message(newsroom::Lang::En).contains("is not a Tòa Soạn store"));
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_data_folder_that_cannot_be_written_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    // A folder "inside" a regular file can never be created, even by root.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let err = newsroom::open(&file.join("data")).err().expect("refused");
    assert_eq!(err.code(), "data_dir_not_writable");
    let msg = err.message(newsroom::Lang::Vi);
    assert!(msg.contains("Không ghi được vào thư mục dữ liệu") && msg.contains("a-file"), "{msg}");
}
