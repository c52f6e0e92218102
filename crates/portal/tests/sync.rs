//! Sending to the real WordPress (issue 6): the sample report with photos published and read
//! back through WordPress's own REST API, an album as a gallery in order, a contributor who may
//! not publish, exactly once after a lost answer, and a post edited on both sides.

mod common;

use std::path::{Path, PathBuf};

use chrono::Utc;
use common::{keyring, site};
use newsroom::posts::{self, as_edit, NewPost};
use newsroom::review::{self, Action, Item, State};
use newsroom::users::{self, Actor, Role};
use newsroom::{Lang, Store};
use serde_json::Value;
use toasoan_photos::album::{self as albums, PhotoEdit};
use toasoan_portal::conflict;
use toasoan_portal::login::{self, Login};
use toasoan_portal::sync;
use toasoan_portal::wordpress::Portal;

const BOSS_PASSWORD: &str = "Trưởng-ban 2020";

struct Office {
    _dir: tempfile::TempDir,
    store: Store,
    editor: Actor,
    boss: Actor,
}

/// A fresh store with an editor and a supervisor whose portal logins are `editor_login` and
/// `boss_login`. Profile names are unique per test: the keyring is shared by the tests.
fn office(tag: &str, editor_login: &str, boss_login: &str) -> Office {
    keyring();
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    toasoan_photos::open_library(&store).unwrap();
    let (e, b) = (format!("lan-{tag}"), format!("truong-{tag}"));
    users::add(&mut store, &e, "Nguyễn Thị Lan", &[Role::Editor, Role::Photographer], None).unwrap();
    users::add(&mut store, &b, "Trần Văn Trường", &[Role::Supervisor], Some(BOSS_PASSWORD)).unwrap();
    let address = login::set_address(&store, &site.url).unwrap();
    login::save(&e, &address, &site.login(editor_login)).unwrap();
    login::save(&b, &address, &site.login(boss_login)).unwrap();
    let editor = users::authenticate(&store, &e, None).unwrap();
    let boss = users::authenticate(&store, &b, Some(BOSS_PASSWORD)).unwrap();
    Office { _dir: dir, store, editor, boss }
}

/// The portal as its administrator sees it, to check results independently of the app.
fn admin() -> Portal {
    let site = site();
    Portal::connect(&site.address(), &site.login("quantri")).unwrap()
}

fn sync_now(store: &mut Store) -> sync::Report {
    sync::run(store, Lang::Vi, Utc::now, || 0.5).unwrap()
}

fn photo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/fixtures/photos")
}

fn import(store: &mut Store, name: &str, caption: &str) -> i64 {
    let id = toasoan_photos::import(store, &photo_dir().join(name)).unwrap().photo_id;
    let edit =
        PhotoEdit { caption: Some(caption.into()), alt_text: Some(caption.into()), credit: Some("Minh Đức".into()) };
    toasoan_photos::edit_photos(store, &[id], &edit).unwrap();
    id
}

fn remote_id(store: &Store, item: Item) -> i64 {
    store
        .conn()
        .query_row(
            "SELECT remote_id FROM portal_item WHERE item_kind = ?1 AND item_id = ?2",
            rusqlite::params![item.kind(), item.id()],
            |r| r.get(0),
        )
        .unwrap()
}

fn marker(store: &Store, item: Item) -> String {
    store
        .conn()
        .query_row(
            "SELECT marker FROM portal_item WHERE item_kind = ?1 AND item_id = ?2",
            rusqlite::params![item.kind(), item.id()],
            |r| r.get(0),
        )
        .unwrap()
}

fn with_marker(slug: &str) -> Vec<Value> {
    admin()
        .get("/wp/v2/posts", &[("slug", slug), ("status", "publish,future,draft,pending,private"), ("context", "edit")])
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The sample report as an editor writes it: its paragraphs, two photos inline with captions,
/// a featured photo, the category, the signature and the publication time.
fn sample_report(o: &mut Office) -> (Item, Vec<i64>) {
    let page = newsroom::sample::parse_portal_page(newsroom::sample::MEETING_REPORT).unwrap();
    let photos = vec![
        import(&mut o.store, "DSC_0001.JPG", "Đồng chí Trưởng Ban Dân vận Quận ủy phát biểu tại hội nghị"),
        import(&mut o.store, "DSC_0002.JPG", "Các đại biểu dự hội nghị"),
        import(&mut o.store, "DSC_0003.JPG", "Toàn cảnh hội nghị tổng kết"),
    ];
    let figure = |id: i64, caption: &str| {
        format!("<figure data-photo-id=\"{id}\"><img src=\"photo://localhost/{id}/1024\" alt=\"{caption}\"><figcaption>{caption}</figcaption></figure>")
    };
    let first_end = page.body_html.find("</p>").unwrap() + 4;
    let body = format!(
        "{}{}{}{}",
        &page.body_html[..first_end],
        figure(photos[0], "Đồng chí Trưởng Ban Dân vận Quận ủy phát biểu tại hội nghị"),
        &page.body_html[first_end..],
        figure(photos[1], "Các đại biểu dự hội nghị"),
    );
    let post = posts::create_as(
        &mut o.store,
        Some(&o.editor),
        NewPost { title: page.title.clone(), body_html: body, category: page.category.clone() },
    )
    .unwrap();
    let mut edit = as_edit(&post);
    edit.sapo = "Ban Dân vận Quận ủy tổng kết công tác dân vận năm 2019.".into();
    edit.signature = page.signature.clone();
    edit.published_at = Some(page.published_at.clone());
    edit.featured_photo_id = Some(photos[2]);
    posts::edit_as(&mut o.store, Some(&o.editor), edit).unwrap();
    (Item::Post(post.id), photos)
}

#[test]
fn the_sample_report_is_published_with_its_photos_and_reads_back_from_wordpress() {
    let mut o = office("mau", "tacgia", "bientap");
    let (item, photos) = sample_report(&mut o);
    let post = posts::get(&o.store, item.id()).unwrap();
    review::transition(&mut o.store, &o.editor, item, Action::Submit, None, None).unwrap();

    // Submitted: the portal holds it as pending, sent with the editor's account.
    let report = sync_now(&mut o.store);
    assert_eq!(report.items.len(), 1, "{report:?}");
    assert_eq!((report.items[0].outcome.as_str(), report.items[0].remote_status.as_deref()), ("sent", Some("pending")));
    let id = remote_id(&o.store, item);
    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["status"], "pending");
    assert_eq!(there["author"], site().accounts["tacgia"].id);

    // Approved: published, with the supervisor's account.
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();
    let report = sync_now(&mut o.store);
    assert_eq!(report.items[0].remote_status.as_deref(), Some("publish"), "{report:?}");
    assert!(report.items[0].link.as_deref().unwrap().starts_with(&site().url));
    assert_eq!(with_marker(&marker(&o.store, item)).len(), 1, "one post, however many steps");
    // Published on the portal: this PC says so too, with the link.
    let here = review::state(&o.store, item).unwrap();
    assert_eq!(here.state, State::Published);
    assert_eq!(here.portal_status.as_deref(), Some("publish"));
    assert_eq!(here.portal_link.as_deref(), report.items[0].link.as_deref());

    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["status"], "publish");
    assert_eq!(there["title"]["raw"], post.title);
    let content = there["content"]["raw"].as_str().unwrap();
    use unicode_normalization::UnicodeNormalization;
    assert_eq!(content.nfc().collect::<String>(), content, "NFC on the portal");
    // Every paragraph of the report is there, word for word (entities such as &nbsp; aside).
    let portal_text = newsroom::text::html_to_paragraphs(content);
    for para in newsroom::text::html_to_paragraphs(&post.body_html).split('\n').filter(|p| !p.trim().is_empty()) {
        assert!(portal_text.contains(para.trim()), "missing paragraph: {para}");
    }
    assert!(content.contains("<figcaption>Đồng chí Trưởng Ban Dân vận Quận ủy phát biểu tại hội nghị</figcaption>"));
    assert!(!content.contains("photo://"), "inline photos point at the portal's copies");
    assert!(content.contains(&post.signature));
    assert_eq!(there["excerpt"]["raw"], "Ban Dân vận Quận ủy tổng kết công tác dân vận năm 2019.");
    assert_eq!(there["categories"], serde_json::json!([site().categories["Kinh tế - chính trị"]]));
    assert_eq!(format!("{}Z", there["date_gmt"].as_str().unwrap()), post.published_at.clone().unwrap());

    // Photos: three media, the featured one with its caption and alt text; inline ones linked.
    let featured = there["featured_media"].as_i64().unwrap();
    let media = admin().get(&format!("/wp/v2/media/{featured}"), &[("context", "edit")]).unwrap();
    assert_eq!(media["caption"]["raw"], "Toàn cảnh hội nghị tổng kết");
    assert_eq!(media["alt_text"], "Toàn cảnh hội nghị tổng kết");
    assert!(media["description"]["raw"].as_str().unwrap().contains("Minh Đức"));
    assert!(media["media_details"]["width"].as_i64().unwrap() <= 2048);
    let inline: Vec<i64> = photos[..2]
        .iter()
        .map(|p| {
            o.store
                .conn()
                .query_row("SELECT remote_id FROM portal_media WHERE photo_id = ?1", [p], |r| r.get(0))
                .unwrap()
        })
        .collect();
    for m in &inline {
        assert!(content.contains(&format!("wp-image-{m}")), "{content}");
    }

    // Nothing left to send: a second run sends nothing and makes nothing.
    assert!(sync_now(&mut o.store).items.is_empty());

    // A lost answer: the app forgot the portal's id and the photos' copies; the next send finds
    // them by their marks instead of making them again.
    o.store
        .conn()
        .execute(
            "UPDATE portal_item SET remote_id = NULL, modified_gmt = NULL WHERE item_id = ?1 AND item_kind = 'post'",
            [item.id()],
        )
        .unwrap();
    o.store.conn().execute("DELETE FROM portal_media", []).unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Withdraw, None, None).unwrap();
    let report = sync_now(&mut o.store);
    assert_eq!(report.items[0].remote_status.as_deref(), Some("draft"), "{report:?}");
    assert_eq!(remote_id(&o.store, item), id);
    for photo in &photos {
        let (sha, version): (String, i64) = o
            .store
            .conn()
            .query_row("SELECT sha256, version FROM photo WHERE id = ?1", [photo], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        let slug = format!("toasoan-{}-v{version}", &sha[..16]);
        let copies = admin().get("/wp/v2/media", &[("slug", &slug), ("context", "edit")]).unwrap();
        assert_eq!(copies.as_array().unwrap().len(), 1, "one copy of each photo on the portal");
    }

    assert_eq!(remote_id(&o.store, item), id);
    assert_eq!(with_marker(&marker(&o.store, item)).len(), 1);
}

#[test]
fn a_contributor_account_cannot_publish_and_the_post_stays_approved() {
    let mut o = office("ctv", "tacgia", "congtacvien");
    let post = posts::create_as(
        &mut o.store,
        Some(&o.editor),
        NewPost {
            title: "Tin ngắn về lễ ra quân".into(),
            body_html: "<p>Sáng nay.</p>".into(),
            category: String::new(),
        },
    )
    .unwrap();
    let item = Item::Post(post.id);
    review::transition(&mut o.store, &o.editor, item, Action::Submit, None, None).unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();
    let report = sync_now(&mut o.store);
    let outcome = &report.items[0];
    assert_eq!(outcome.outcome, "failed", "{report:?}");
    let error = outcome.error.as_ref().unwrap();
    assert_eq!(error.code, "portal_cannot_publish");
    assert!(error.message.contains("không có quyền đăng bài"), "{}", error.message);
    assert_eq!(review::state(&o.store, item).unwrap().state, State::Approved);
    assert_eq!(report.counts.failed, 2, "both entries wait for a person");
    // It is not tried again by itself.
    assert!(sync_now(&mut o.store).items.is_empty());
}

#[test]
fn a_post_changed_on_the_portal_and_here_becomes_a_conflict_and_nothing_is_overwritten() {
    let mut o = office("xd", "tacgia", "bientap");
    let post = posts::create_as(
        &mut o.store,
        Some(&o.editor),
        NewPost {
            title: "Lịch tiếp công dân tháng 2".into(),
            body_html: "<p>Thứ Năm hằng tuần.</p>".into(),
            category: String::new(),
        },
    )
    .unwrap();
    let item = Item::Post(post.id);
    review::transition(&mut o.store, &o.editor, item, Action::Submit, None, None).unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();
    sync_now(&mut o.store);
    let id = remote_id(&o.store, item);

    // Someone fixes it on the portal…
    std::thread::sleep(std::time::Duration::from_millis(1100));
    admin()
        .post(&format!("/wp/v2/posts/{id}"), &serde_json::json!({ "content": "<p>Thứ Năm hằng tuần, từ 8 giờ.</p>" }))
        .unwrap();
    // …and here, the editor edits and the supervisor approves again.
    let mut edit = as_edit(&posts::get(&o.store, post.id).unwrap());
    edit.body_html = "<p>Thứ Năm hằng tuần, tại trụ sở.</p>".into();
    posts::edit_as(&mut o.store, Some(&o.editor), edit).unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();

    let report = sync_now(&mut o.store);
    assert_eq!(report.items[0].outcome, "conflict", "{report:?}");
    assert!(report.items[0].error.as_ref().unwrap().message.contains("giữ bản của mình"));
    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["content"]["raw"], "<p>Thứ Năm hằng tuần, từ 8 giờ.</p>", "the portal's change stays");
    let kept: String = o
        .store
        .conn()
        .query_row("SELECT content_html FROM portal_conflict WHERE item_id = ?1", [post.id], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "<p>Thứ Năm hằng tuần, từ 8 giờ.</p>", "the portal's version is kept beside ours");
    assert_eq!(posts::get(&o.store, post.id).unwrap().body_html, "<p>Thứ Năm hằng tuần, tại trụ sở.</p>");
    assert_eq!(report.counts.conflict, 1);
    assert!(sync_now(&mut o.store).items.is_empty(), "a conflict waits for the person");

    // Side by side: what differs, word by word.
    let seen = conflict::get(&o.store, item).unwrap().unwrap();
    let changed =
        |op| seen.parts.iter().filter(|p| p.op == op).map(|p| p.text.trim().to_string()).collect::<Vec<_>>().join(" ");
    assert_eq!(changed(newsroom::revisions::DiffOp::Removed), "tại trụ sở.");
    assert_eq!(changed(newsroom::revisions::DiffOp::Added), "từ 8 giờ.");

    // Take theirs: the local post becomes the portal's text; nothing is sent over it.
    conflict::resolve(&mut o.store, Some(&o.editor), item, conflict::Choice::TakeTheirs).unwrap();
    assert_eq!(posts::get(&o.store, post.id).unwrap().body_html, "<p>Thứ Năm hằng tuần, từ 8 giờ.</p>");
    assert!(conflict::get(&o.store, item).unwrap().is_none());
    assert_eq!(
        conflict::resolve(&mut o.store, None, item, conflict::Choice::KeepMine).unwrap_err().code(),
        "no_conflict"
    );

    // Merge by hand, then keep mine: the supervisor approves the merged text, which goes over.
    let mut edit = as_edit(&posts::get(&o.store, post.id).unwrap());
    edit.body_html = "<p>Thứ Năm hằng tuần, từ 8 giờ, tại trụ sở.</p>".into();
    posts::edit_as(&mut o.store, Some(&o.editor), edit).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    admin()
        .post(&format!("/wp/v2/posts/{id}"), &serde_json::json!({ "title": "Lịch tiếp công dân tháng 2 năm 2021" }))
        .unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();
    assert_eq!(sync_now(&mut o.store).items[0].outcome, "conflict");
    conflict::resolve(&mut o.store, Some(&o.boss), item, conflict::Choice::KeepMine).unwrap();
    let report = sync_now(&mut o.store);
    assert_eq!(report.items[0].remote_status.as_deref(), Some("publish"), "{report:?}");
    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["content"]["raw"], "<p>Thứ Năm hằng tuần, từ 8 giờ, tại trụ sở.</p>");
    assert_eq!(there["title"]["raw"], "Lịch tiếp công dân tháng 2", "kept mine, after seeing theirs");
}

#[test]
fn an_album_of_twelve_photos_becomes_a_gallery_in_order_in_the_album_category() {
    let mut o = office("album", "tacgia", "bientap");
    let dir = tempfile::tempdir().unwrap();
    let mut ids = Vec::new();
    for i in 0..12u8 {
        let path = dir.path().join(format!("anh-{i:02}.jpg"));
        let img = image::RgbImage::from_fn(640, 427, |x, y| {
            image::Rgb([(x as u8).wrapping_add(i * 20), (y as u8).wrapping_mul(2), i * 19])
        });
        img.save(&path).unwrap();
        let id = toasoan_photos::import(&mut o.store, &path).unwrap().photo_id;
        let caption = format!("Ảnh số {} của lễ khai giảng", i + 1);
        toasoan_photos::edit_photos(&mut o.store, &[id], &PhotoEdit { caption: Some(caption), ..PhotoEdit::default() })
            .unwrap();
        ids.push(id);
    }
    let album = albums::create(&mut o.store, "Lễ khai giảng năm học 2020 – 2021").unwrap();
    // Added in reverse: the album's order, not the import order, is what the gallery shows.
    let order: Vec<i64> = ids.iter().rev().copied().collect();
    albums::add_photos(&mut o.store, album.id, &order).unwrap();
    let item = Item::Album(album.id);
    review::claim(&mut o.store, &o.editor, item).unwrap();
    review::transition(&mut o.store, &o.editor, item, Action::Submit, None, None).unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();
    let report = sync_now(&mut o.store);
    assert_eq!(report.items[0].remote_status.as_deref(), Some("publish"), "{report:?}");

    let there = admin().get(&format!("/wp/v2/posts/{}", remote_id(&o.store, item)), &[("context", "edit")]).unwrap();
    assert_eq!(there["title"]["raw"], "Lễ khai giảng năm học 2020 – 2021");
    assert_eq!(there["categories"], serde_json::json!([site().categories["Album ảnh"]]));
    let content = there["content"]["raw"].as_str().unwrap();
    assert!(content.contains("wp-block-gallery"));
    let positions: Vec<usize> =
        (1..=12).rev().map(|n| content.find(&format!(">Ảnh số {n} của lễ khai giảng<")).expect("caption")).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "the gallery follows the album's order");
    let cover: i64 = o
        .store
        .conn()
        .query_row("SELECT remote_id FROM portal_media WHERE photo_id = ?1", [order[0]], |r| r.get(0))
        .unwrap();
    assert_eq!(there["featured_media"], cover);

    // Changed on the portal and here: a conflict, compared caption by caption; an album keeps
    // its own version (the gallery cannot become library photos).
    let id = remote_id(&o.store, item);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    admin().post(&format!("/wp/v2/posts/{id}"), &serde_json::json!({ "title": "Lễ khai giảng (ảnh)" })).unwrap();
    let first = order[0];
    toasoan_photos::edit_photos(
        &mut o.store,
        &[first],
        &PhotoEdit { caption: Some("Học sinh chào cờ".into()), ..PhotoEdit::default() },
    )
    .unwrap();
    review::transition(&mut o.store, &o.boss, item, Action::Approve, None, None).unwrap();
    assert_eq!(sync_now(&mut o.store).items[0].outcome, "conflict");
    let seen = conflict::get(&o.store, item).unwrap().unwrap();
    assert_eq!(seen.portal_title, "Lễ khai giảng (ảnh)");
    let removed: String =
        seen.parts.iter().filter(|p| p.op == newsroom::revisions::DiffOp::Removed).map(|p| p.text.as_str()).collect();
    assert!(removed.contains("chào"), "{seen:?}");
    let err = conflict::resolve(&mut o.store, Some(&o.boss), item, conflict::Choice::TakeTheirs).unwrap_err();
    assert_eq!(err.code(), "album_takes_mine");
    conflict::resolve(&mut o.store, Some(&o.boss), item, conflict::Choice::KeepMine).unwrap();
    assert_eq!(sync_now(&mut o.store).items[0].remote_status.as_deref(), Some("publish"));
    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert!(there["content"]["raw"].as_str().unwrap().contains(">Học sinh chào cờ<"));
    let _ = Login { user: String::new(), password: String::new() };
}

#[test]
fn two_pcs_work_together_through_the_portal() {
    // The editor's PC: only the editor, with the author account.
    keyring();
    let site = site();
    let pc = |tag: &str| {
        let dir = tempfile::tempdir().unwrap();
        let store = newsroom::open(dir.path()).unwrap();
        login::set_address(&store, &site.url).unwrap();
        (dir, store, tag.to_string())
    };
    let (_a, mut editor_pc, _) = pc("a");
    users::add(&mut editor_pc, "lan-2pc", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    login::save("lan-2pc", &site.address(), &site.login("tacgia")).unwrap();
    let lan = users::authenticate(&editor_pc, "lan-2pc", None).unwrap();
    // The supervisor's PC, in another room.
    let (_b, mut boss_pc, _) = pc("b");
    users::add(&mut boss_pc, "truong-2pc", "Trần Văn Trường", &[Role::Supervisor], Some(BOSS_PASSWORD)).unwrap();
    login::save("truong-2pc", &site.address(), &site.login("bientap")).unwrap();
    let boss = users::authenticate(&boss_pc, "truong-2pc", Some(BOSS_PASSWORD)).unwrap();

    let title = format!("Kế hoạch trực Tết Nguyên đán {}", std::process::id());
    // A photo in the body and a featured one: the supervisor must see what will be published.
    let inline = import(&mut editor_pc, "DSC_0002.JPG", "Các đại biểu dự hội nghị");
    let cover = import(&mut editor_pc, "DSC_0003.JPG", "Toàn cảnh hội nghị");
    let figure = |id: i64| {
        format!(
            "<figure data-photo-id=\"{id}\"><img src=\"photo://localhost/{id}/1024\" alt=\"Các đại biểu dự hội nghị\">\
             <figcaption>Các đại biểu dự hội nghị</figcaption></figure>"
        )
    };
    let post = posts::create_as(
        &mut editor_pc,
        Some(&lan),
        NewPost {
            title: title.clone(),
            body_html: format!("<p>Các cơ quan bố trí trực Tết.</p>{}", figure(inline)),
            category: "Kinh tế - chính trị".into(),
        },
    )
    .unwrap();
    let mut edit = posts::as_edit(&post);
    edit.featured_photo_id = Some(cover);
    let post = posts::edit_as(&mut editor_pc, Some(&lan), edit).unwrap();
    let mine = Item::Post(post.id);
    review::transition(&mut editor_pc, &lan, mine, Action::Submit, None, None).unwrap();
    let sent = sync_now(&mut editor_pc);
    assert_eq!(sent.items[0].remote_status.as_deref(), Some("pending"), "{sent:?}");

    // The supervisor's PC receives it into the review queue.
    let got = sync_now(&mut boss_pc);
    let received: Vec<_> = got.received.iter().filter(|r| r.title == title).collect();
    assert_eq!(received.len(), 1, "{got:?}");
    assert_eq!(received[0].outcome, "received");
    let theirs = received[0].item;
    let queue = review::queue(&boss_pc, &boss).unwrap();
    assert!(queue.iter().any(|q| q.item == theirs && q.title == title), "{queue:?}");
    // With its photos, fetched into this PC's library with their words.
    let received_post = posts::get(&boss_pc, theirs.id()).unwrap();
    let library = toasoan_photos::list(&boss_pc).unwrap();
    assert_eq!(library.len(), 2, "{library:?}");
    let here =
        |caption: &str| library.iter().find(|p| p.caption == caption).unwrap_or_else(|| panic!("{library:?}")).id;
    let (inline_here, cover_here) = (here("Các đại biểu dự hội nghị"), here("Toàn cảnh hội nghị"));
    // The editor's body, its photo now this library's.
    let as_here = |body: &str| {
        body.replace(&format!("\"{inline}\""), &format!("\"{inline_here}\""))
            .replace(&format!("/{inline}/"), &format!("/{inline_here}/"))
    };
    assert_eq!(received_post.body_html, as_here(&post.body_html));
    assert_eq!(received_post.featured_photo_id, Some(cover_here));
    let credit = toasoan_photos::get(&boss_pc, cover_here).unwrap().credit;
    assert_eq!(credit, "Minh Đức");
    // The portal's categories are there to choose from, offline too.
    let categories = posts::categories(&boss_pc).unwrap();
    for name in ["Kinh tế - chính trị", "Văn hóa - xã hội", "Album ảnh"] {
        assert!(categories.iter().any(|c| c == name), "{categories:?}");
    }
    // Receiving again makes nothing twice.
    assert!(sync_now(&mut boss_pc).received.iter().all(|r| r.title != title));

    // The editor changes the post while it waits: the portal's pending copy follows, and so
    // does the copy waiting in the supervisor's queue. (WordPress dates changes to the second.)
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let mut edit = posts::as_edit(&posts::get(&editor_pc, post.id).unwrap());
    edit.body_html = format!("<p>Các cơ quan bố trí trực Tết đủ 24 giờ.</p>{}", figure(inline));
    posts::edit_as(&mut editor_pc, Some(&lan), edit).unwrap();
    let sent = sync_now(&mut editor_pc);
    assert_eq!(sent.items.iter().map(|i| i.outcome.as_str()).collect::<Vec<_>>(), ["sent"], "{sent:?}");
    let id = remote_id(&editor_pc, mine);
    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["status"], "pending");
    let raw = there["content"]["raw"].as_str().unwrap();
    assert!(raw.starts_with("<p>Các cơ quan bố trí trực Tết đủ 24 giờ.</p>") && raw.contains("wp-image-"), "{raw}");
    let got = sync_now(&mut boss_pc);
    let changed: Vec<_> = got.received.iter().filter(|r| r.item == theirs).collect();
    assert_eq!(changed.len(), 1, "{got:?}");
    assert_eq!(changed[0].outcome, "received_edit");
    let edited = posts::get(&editor_pc, post.id).unwrap().body_html;
    assert_eq!(posts::get(&boss_pc, theirs.id()).unwrap().body_html, as_here(&edited));
    assert_eq!(toasoan_photos::list(&boss_pc).unwrap().len(), 2, "a photo already fetched is not fetched again");
    assert!(sync_now(&mut boss_pc).received.is_empty(), "read once");
    let history = newsroom::revisions::history(&boss_pc, theirs.id()).unwrap();
    assert!(
        history.iter().any(|r| r.body_html == received_post.body_html),
        "what was read before stays in the history"
    );

    // Approved there: published on the portal, with the supervisor's account.
    review::transition(&mut boss_pc, &boss, theirs, Action::Approve, None, None).unwrap();
    let out = sync_now(&mut boss_pc);
    let pushed = out.items.iter().find(|i| i.item == theirs).unwrap();
    assert_eq!(pushed.remote_status.as_deref(), Some("publish"), "{out:?}");
    let id = remote_id(&editor_pc, mine);
    let there = admin().get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["content"]["raw"].as_str(), Some(raw), "the editor's text, untouched");
    assert_eq!(there["author"], site.accounts["tacgia"].id, "still the editor's post");

    // The editor's PC shows it published, with the portal's link.
    let back = sync_now(&mut editor_pc);
    let followed = back.received.iter().find(|r| r.item == mine).unwrap_or_else(|| panic!("followed: {back:?}"));
    assert_eq!(followed.outcome, "published_elsewhere");
    assert!(back.received.iter().all(|r| r.outcome != "received"), "an editor's PC takes no one else's posts in");
    assert!(followed.link.as_deref().unwrap().starts_with(&site.url));
    assert_eq!(review::state(&editor_pc, mine).unwrap().state, State::Published);
    let listed = posts::list(&editor_pc, posts::Shelf::Active).unwrap();
    assert_eq!(
        listed.iter().find(|p| p.id == mine.id()).unwrap().portal.as_deref(),
        Some("publish"),
        "the list says it is live"
    );
    let log = review::log(&editor_pc, mine).unwrap();
    assert_eq!(log.last().unwrap().action, "portal_publish");
    assert_eq!(log.last().unwrap().user_id, None);
    review::verify_log(&editor_pc).unwrap();
    review::verify_log(&boss_pc).unwrap();
}

#[test]
fn a_category_the_portal_does_not_have_stops_the_post_with_a_question() {
    let mut o = office("cm", "tacgia", "bientap");
    let new = NewPost {
        title: "Tin chuyên mục lạ".into(),
        body_html: "<p>x</p>".into(),
        category: "Chuyên mục không có".into(),
    };
    let post = posts::create_as(&mut o.store, Some(&o.editor), new).unwrap();
    let item = Item::Post(post.id);
    review::transition(&mut o.store, &o.editor, item, Action::Submit, None, None).unwrap();
    let report = sync_now(&mut o.store);
    let error = report.items[0].error.as_ref().unwrap();
    assert_eq!((report.items[0].outcome.as_str(), error.code.as_str()), ("failed", "portal_no_category"));
    assert!(error.message.contains("«Chuyên mục không có»"), "{}", error.message);
    let made: i64 = o
        .store
        .conn()
        .query_row("SELECT count(*) FROM portal_item WHERE item_kind = 'post' AND item_id = ?1", [post.id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(made, 0, "nothing made on the portal");
}
