//! Post fields, slugs and revisions against a real store.

use chrono::{Duration, TimeZone, Utc};
use newsroom::posts::{self, as_edit, NewPost, PostEdit};
use newsroom::revisions::{self, DiffOp, Kind};
use newsroom::Store;

fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    (dir, store)
}

fn new(store: &mut Store, title: &str) -> newsroom::posts::Post {
    posts::create(store, NewPost { title: title.into(), ..Default::default() }).unwrap()
}

#[test]
fn slugs_follow_the_title_and_stay_unique() {
    let (_d, mut store) = fresh();
    let a = new(&mut store, "Đỗ Anh Tuấn trao thưởng");
    assert_eq!(a.slug, "do-anh-tuan-trao-thuong");
    let b = new(&mut store, "Đỗ Anh Tuấn trao thưởng");
    assert_eq!(b.slug, "do-anh-tuan-trao-thuong-2", "a second post with the same title gets -2");

    let renamed = posts::edit(&mut store, PostEdit { title: "Hội nghị Dân vận khéo".into(), ..as_edit(&b) }).unwrap();
    assert_eq!(renamed.slug, "hoi-nghi-dan-van-kheo");
    assert!(!renamed.slug_manual);

    let sample = posts::get(&store, 1).unwrap();
    assert!(sample.slug.starts_with("ban-dan-van-to-chuc-tong-ket-cong-tac-dan-van-nam-2019"), "{}", sample.slug);
}

#[test]
fn a_typed_slug_sticks_and_a_taken_one_is_refused() {
    let (_d, mut store) = fresh();
    let a = new(&mut store, "Tin A");
    let b = new(&mut store, "Tin B");
    let typed = posts::edit(&mut store, PostEdit { slug: Some("Tin Đặc Biệt".into()), ..as_edit(&a) }).unwrap();
    assert_eq!((typed.slug.as_str(), typed.slug_manual), ("tin-dac-biet", true));
    let retitled = posts::edit(&mut store, PostEdit { title: "Tin A sửa".into(), ..as_edit(&typed) }).unwrap();
    assert_eq!(retitled.slug, "tin-dac-biet", "a typed slug does not follow the title");

    let err = posts::edit(&mut store, PostEdit { slug: Some("tin-dac-biet".into()), ..as_edit(&b) }).unwrap_err();
    assert_eq!(err.code(), "slug_taken");
    assert!(err.message(newsroom::Lang::Vi).contains("«Tin A sửa»"), "{}", err.message(newsroom::Lang::Vi));
    assert_eq!(posts::get(&store, b.id).unwrap().slug, "tin-b", "nothing saved on refusal");

    let back = posts::edit(&mut store, PostEdit { slug: Some(String::new()), ..as_edit(&retitled) }).unwrap();
    assert_eq!((back.slug.as_str(), back.slug_manual), ("tin-a-sua", false));
}

#[test]
fn fields_are_normalised() {
    let (_d, mut store) = fresh();
    let p = new(&mut store, "Tin");
    let edited = posts::edit(
        &mut store,
        PostEdit {
            sapo: " Sa\u{300}ng nay, ... ".into(),
            category: " Kinh tế - chính trị ".into(),
            tags: vec!["Dân vận".into(), " dân vận ".into(), "".into(), "Tây Hồ".into()],
            signature: "Ban Tuye\u{302}n gia\u{301}o".into(),
            published_at: Some("2020-01-16T11:19:00+07:00".into()),
            ..as_edit(&p)
        },
    )
    .unwrap();
    assert_eq!(edited.sapo, "Sàng nay, ...");
    assert_eq!(edited.category, "Kinh tế - chính trị");
    assert_eq!(edited.tags, vec!["Dân vận", "Tây Hồ"]);
    assert_eq!(edited.signature, "Ban Tuyên giáo");
    assert_eq!(edited.published_at.as_deref(), Some("2020-01-16T04:19:00Z"));

    let err = posts::edit(&mut store, PostEdit { published_at: Some("16/01/2020".into()), ..as_edit(&edited) });
    assert_eq!(err.unwrap_err().code(), "invalid_time");
}

#[test]
fn the_default_signature_signs_new_posts() {
    let (_d, mut store) = fresh();
    newsroom::settings::set_default_signature(&store, "Ban Tuyên giáo Quận Tây Hồ").unwrap();
    assert_eq!(new(&mut store, "Tin").signature, "Ban Tuyên giáo Quận Tây Hồ");
}

#[test]
fn xss_payloads_never_reach_the_store() {
    let (_d, mut store) = fresh();
    let payloads = [
        r#"<img src=x onerror=alert(1)>"#,
        r#"<svg onload=alert(1)>"#,
        r#"<a href="javascript:alert(1)">x</a>"#,
        r#"<a href="JaVaScRiPt:alert(1)">x</a>"#,
        r#"<a href="&#106;avascript:alert(1)">x</a>"#,
        r#"<iframe src="https://evil.example"></iframe>"#,
        r#"<p style="background:url(javascript:alert(1))">x</p>"#,
        r#"<object data="x.swf"></object><embed src="x">"#,
        r#"<form action="https://evil.example"><input></form>"#,
        r#"<math><mtext><script>alert(1)</script></mtext></math>"#,
        r#"<scr<script>ipt>alert(1)</script>"#,
        r#"<p onmouseover="alert(1)">x</p>"#,
        r#"<base href="https://evil.example/">"#,
        r#"<meta http-equiv="refresh" content="0;url=https://evil.example">"#,
    ];
    let p = new(&mut store, "XSS");
    for payload in payloads {
        let saved = posts::edit(&mut store, PostEdit { body_html: payload.into(), ..as_edit(&p) }).unwrap();
        let body = saved.body_html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "onmouseover",
            "javascript:",
            "<iframe",
            "style=",
            "<object",
            "<embed",
            "<form",
            "<base",
            "<meta",
            "<svg",
            "<img",
        ] {
            assert!(!body.contains(bad), "{payload} left {bad}: {body}");
        }
    }
}

#[test]
fn autosave_bursts_make_one_revision_each() {
    let (_d, mut store) = fresh();
    let p = new(&mut store, "Tin");
    let t0 = Utc.with_ymd_and_hms(2026, 3, 20, 1, 0, 0).unwrap();
    let mut cur = p.clone();
    for (i, word) in ["Sáng", "Sáng nay", "Sáng nay, Quận ủy"].iter().enumerate() {
        let at = t0 + Duration::seconds(i as i64 * 30);
        cur =
            posts::edit_at(&mut store, PostEdit { body_html: format!("<p>{word}</p>"), ..as_edit(&cur) }, at).unwrap();
    }
    // A pause, then a second burst.
    let later = t0 + Duration::minutes(10);
    cur = posts::edit_at(
        &mut store,
        PostEdit { body_html: "<p>Sáng nay, Quận ủy họp.</p>".into(), ..as_edit(&cur) },
        later,
    )
    .unwrap();

    let history = revisions::history(&store, p.id).unwrap();
    let kinds: Vec<Kind> = history.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, vec![Kind::Autosave, Kind::Autosave, Kind::Created]);
    assert_eq!(history[1].body_html, "<p>Sáng nay, Quận ủy</p>", "a burst keeps its last save");
    assert_eq!(history[0].body_html, cur.body_html);

    // Saving the same text again makes nothing new.
    posts::edit(&mut store, as_edit(&cur)).unwrap();
    assert_eq!(revisions::history(&store, p.id).unwrap().len(), 3);
}

#[test]
fn versions_diffs_and_restores() {
    let (_d, mut store) = fresh();
    let p = new(&mut store, "Tin");
    let t0 = Utc::now() - Duration::hours(1);
    let first =
        posts::edit_at(&mut store, PostEdit { body_html: "<p>Chiều ngày 15/01/2020</p>".into(), ..as_edit(&p) }, t0)
            .unwrap();
    let v1 = revisions::save_version(&mut store, p.id, "Bản gửi trưởng ban").unwrap();
    assert_eq!((v1.kind, v1.label.as_str()), (Kind::Version, "Bản gửi trưởng ban"));
    let second =
        posts::edit(&mut store, PostEdit { body_html: "<p>Sáng ngày 15/01/2020</p>".into(), ..as_edit(&first) })
            .unwrap();
    let latest = revisions::history(&store, p.id).unwrap()[0].clone();
    assert_eq!(latest.body_html, second.body_html);

    let diff = revisions::diff(&store, v1.id, latest.id).unwrap();
    assert!(diff.iter().any(|d| d.op == DiffOp::Removed && d.text == "Chiều"));
    assert!(diff.iter().any(|d| d.op == DiffOp::Added && d.text == "Sáng"));

    let restored = revisions::restore(&mut store, v1.id).unwrap();
    assert_eq!(restored.body_html, "<p>Chiều ngày 15/01/2020</p>");
    let history = revisions::history(&store, p.id).unwrap();
    assert_eq!(history[0].kind, Kind::Restore);
    assert!(history.iter().any(|r| r.body_html == "<p>Sáng ngày 15/01/2020</p>"), "the replaced text is kept");

    assert_eq!(revisions::restore(&mut store, 9999).unwrap_err().code(), "not_found");
}

#[test]
fn a_ten_megabyte_paste_is_cleaned_and_a_huge_one_refused_without_loss() {
    let (_d, mut store) = fresh();
    let p = new(&mut store, "Dán lớn");
    let para = "<p style=\"mso-line-height:1\" onclick=\"x()\">Ban Dân vận Quận ủy đã chủ động xây dựng chương trình công tác.<script>x()</script></p>";
    let big = para.repeat(10 * 1024 * 1024 / para.len());
    let saved = posts::edit(&mut store, PostEdit { body_html: big, ..as_edit(&p) }).unwrap();
    assert!(saved.body_html.len() > 5_000_000);
    assert!(
        !saved.body_html.contains("<script")
            && !saved.body_html.contains("mso-")
            && !saved.body_html.contains("onclick")
    );

    let huge = "<p>x</p>".repeat(posts::MAX_BODY_BYTES / 8 + 1);
    let err = posts::edit(&mut store, PostEdit { body_html: huge, ..as_edit(&saved) }).unwrap_err();
    assert_eq!(err.code(), "body_too_large");
    assert!(err.message(newsroom::Lang::Vi).contains("bản đã lưu trước đó vẫn còn nguyên"));
    assert_eq!(posts::get(&store, p.id).unwrap().body_html, saved.body_html, "nothing saved is lost");
}

#[test]
fn an_untouched_new_post_is_discarded_and_a_written_one_kept() {
    let (_d, mut store) = fresh();
    let empty = posts::create(&mut store, NewPost::default()).unwrap();
    assert!(posts::discard_if_empty(&mut store, empty.id).unwrap());
    assert_eq!(posts::get(&store, empty.id).unwrap_err().code(), "not_found");

    let written = posts::create(&mut store, NewPost::default()).unwrap();
    posts::edit(&mut store, PostEdit { body_html: "<p>Một chữ</p>".into(), ..as_edit(&written) }).unwrap();
    assert!(!posts::discard_if_empty(&mut store, written.id).unwrap());
    assert!(!posts::discard_if_empty(&mut store, 1).unwrap(), "the sample is never discarded");
    assert_eq!(posts::get(&store, written.id).unwrap().body_html, "<p>Một chữ</p>");
}

#[test]
fn posts_from_before_slugs_get_one_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    // As a store migrated from schema 2 looks: titled posts without slugs, never filled.
    store.conn().execute_batch("UPDATE post SET slug = ''; DELETE FROM setting WHERE key = 'slugs_filled';").unwrap();
    drop(store);
    let store = newsroom::open(dir.path()).unwrap();
    assert!(posts::get(&store, 1).unwrap().slug.starts_with("ban-dan-van-to-chuc"));

    // Filled once: a later start leaves the posts alone.
    store.conn().execute("UPDATE post SET slug = '' WHERE id = 1", []).unwrap();
    drop(store);
    let store = newsroom::open(dir.path()).unwrap();
    assert_eq!(posts::get(&store, 1).unwrap().slug, "");
}

#[test]
fn a_featured_photo_must_be_in_the_library_and_goes_when_the_photo_goes() {
    let (_d, mut store) = fresh();
    let p = new(&mut store, "Ảnh đại diện");
    let err = posts::edit(&mut store, PostEdit { featured_photo_id: Some(99), ..as_edit(&p) }).unwrap_err();
    assert_eq!(err.code(), "not_found");
    assert_eq!(posts::get(&store, p.id).unwrap().featured_photo_id, None, "a refused save changes nothing");

    store
        .conn()
        .execute(
            "INSERT INTO photo (id, sha256, original_path, bytes, width, height, created_at)
             VALUES (7, 'abc', 'photos/originals/ab/abc.jpg', 1, 1, 1, '2020-01-16T04:19:00Z')",
            [],
        )
        .unwrap();
    let saved = posts::edit(&mut store, PostEdit { featured_photo_id: Some(7), ..as_edit(&p) }).unwrap();
    assert_eq!(saved.featured_photo_id, Some(7));
    // Saving the other fields keeps it (the CLI and autosave send the whole post).
    let saved = posts::edit(&mut store, PostEdit { title: "Ảnh đại diện mới".into(), ..as_edit(&saved) }).unwrap();
    assert_eq!(saved.featured_photo_id, Some(7));

    store.conn().execute("DELETE FROM photo WHERE id = 7", []).unwrap();
    assert_eq!(posts::get(&store, p.id).unwrap().featured_photo_id, None);
}
