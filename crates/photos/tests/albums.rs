//! Albums and photo texts against a real store with real (small) photos: making, filling,
//! ordering, covers, deleting, bulk captions, and refusals that leave everything as it was.

use std::path::Path;

use image::{Rgb, RgbImage};
use newsroom::{Lang, Store};
use toasoan_photos::album::{self, AlbumEdit, OrderProblem, PhotoEdit, TextField};
use toasoan_photos::{self as photos, PhotoError};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

/// Imports `n` small photos, each different, and returns their ids in import order.
fn import_photos(store: &mut Store, dir: &Path, n: u8) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let img = RgbImage::from_fn(48, 32, |x, y| Rgb([i.wrapping_mul(37), x as u8 * 5, y as u8 * 7]));
            let path = dir.join(format!("anh-{i}.jpg"));
            img.save_with_format(&path, image::ImageFormat::Jpeg).unwrap();
            photos::import(store, &path).unwrap().photo_id
        })
        .collect()
}

fn ids(album: &album::Album) -> Vec<i64> {
    album.photos.iter().map(|p| p.id).collect()
}

/// The stored positions, in order: they must stay 0, 1, 2…
fn positions(store: &Store, album_id: i64) -> Vec<i64> {
    let mut stmt =
        store.conn().prepare("SELECT position FROM album_photo WHERE album_id = ?1 ORDER BY position").unwrap();
    stmt.query_map([album_id], |r| r.get(0)).unwrap().collect::<rusqlite::Result<_>>().unwrap()
}

/// Sets `updated_at` far back, so a later write shows whether it touched the album.
fn age(store: &Store, album_id: i64) {
    store.conn().execute("UPDATE album SET updated_at = '2001-01-01T00:00:00Z' WHERE id = ?1", [album_id]).unwrap();
}

#[test]
fn an_album_is_made_filled_reordered_and_thinned_in_order() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 5);
    let a = album::create(&mut store, "  Lễ khai giảng năm học mới ").unwrap();
    assert_eq!(a.title, "Lễ khai giảng năm học mới", "titles are trimmed");
    assert!(a.photos.is_empty() && a.cover_photo_id.is_none() && a.event_date.is_none());
    assert_eq!(a.created_at, a.updated_at);

    let a = album::add_photos(&mut store, a.id, &[p[2], p[0], p[1]]).unwrap();
    assert_eq!(ids(&a), [p[2], p[0], p[1]], "appended in the order given");
    let a = album::add_photos(&mut store, a.id, &[p[4], p[0], p[3], p[4]]).unwrap();
    assert_eq!(ids(&a), [p[2], p[0], p[1], p[4], p[3]], "photos already in it stay where they are, each once");
    assert_eq!(positions(&store, a.id), [0, 1, 2, 3, 4]);
    assert_eq!(album::get(&store, a.id).unwrap(), a);
    assert_eq!(a.photos[0].width, 48);
    assert_eq!(a.photos[0].version, 1);

    let a = album::reorder(&mut store, a.id, &[p[0], p[1], p[2], p[3], p[4]]).unwrap();
    assert_eq!(ids(&a), p);
    assert_eq!(album::get(&store, a.id).unwrap(), a, "the new order is stored");

    let a = album::remove_photos(&mut store, a.id, &[p[1], p[3]]).unwrap();
    assert_eq!(ids(&a), [p[0], p[2], p[4]]);
    assert_eq!(positions(&store, a.id), [0, 1, 2], "positions stay dense");
    let a = album::add_photos(&mut store, a.id, &[p[1]]).unwrap();
    assert_eq!(ids(&a), [p[0], p[2], p[4], p[1]], "a photo added back goes at the end");

    let list = album::list(&store).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].id, list[0].photo_count, list[0].cover_photo_id), (a.id, 4, Some(p[0])));
    assert_eq!(list[0].title, a.title);
}

#[test]
fn the_cover_is_one_of_the_albums_photos() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 4);
    let a = album::create(&mut store, "Đại hội Đoàn phường").unwrap();
    let a = album::add_photos(&mut store, a.id, &p[..3]).unwrap();
    let cover = |id| AlbumEdit { cover_photo_id: Some(id), ..AlbumEdit::default() };

    let a = album::edit(&mut store, a.id, &cover(p[1])).unwrap();
    assert_eq!(a.cover_photo_id, Some(p[1]));
    assert_eq!(album::list(&store).unwrap()[0].cover_photo_id, Some(p[1]), "the chosen cover");

    for stranger in [p[3], 999, -1] {
        let err = album::edit(&mut store, a.id, &cover(stranger)).unwrap_err();
        assert!(matches!(err, PhotoError::NotInAlbum { photo_id, .. } if photo_id == stranger), "{err:?}");
        assert_eq!(err.code(), "not_in_album");
    }
    assert_eq!(album::get(&store, a.id).unwrap(), a, "a refused cover changes nothing");

    let a = album::edit(&mut store, a.id, &cover(0)).unwrap();
    assert_eq!(a.cover_photo_id, None, "0 goes back to the first photo");
    assert_eq!(album::list(&store).unwrap()[0].cover_photo_id, Some(p[0]));

    let a = album::edit(&mut store, a.id, &cover(p[2])).unwrap();
    let a = album::remove_photos(&mut store, a.id, &[p[2]]).unwrap();
    assert_eq!(a.cover_photo_id, None, "removing the cover clears it");

    let a = album::edit(&mut store, a.id, &cover(p[1])).unwrap();
    store.conn().execute("DELETE FROM photo WHERE id = ?1", [p[1]]).unwrap();
    let a = album::get(&store, a.id).unwrap();
    assert_eq!((a.cover_photo_id, ids(&a)), (None, vec![p[0]]), "a photo deleted from the library leaves its albums");

    let empty = album::create(&mut store, "Trống").unwrap();
    assert_eq!(album::list(&store).unwrap().iter().find(|s| s.id == empty.id).unwrap().cover_photo_id, None);
}

#[test]
fn edits_are_validated_and_refusals_leave_the_album_as_it_was() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 2);
    let a = album::create(&mut store, "Hội nghị").unwrap();
    let a = album::add_photos(&mut store, a.id, &p).unwrap();
    let a = album::edit(
        &mut store,
        a.id,
        &AlbumEdit {
            title: Some(" Hội nghị tổng kết ".into()),
            event_date: Some("2025-01-15".into()),
            description: Some("  Sáng 15/1, UBND phường tổ chức hội nghị.\n\nDự có…  ".into()),
            credit: Some(" Ảnh: Minh Anh ".into()),
            cover_photo_id: Some(p[1]),
        },
    )
    .unwrap();
    assert_eq!(a.title, "Hội nghị tổng kết");
    assert_eq!(a.event_date.as_deref(), Some("2025-01-15"));
    assert_eq!(a.description, "Sáng 15/1, UBND phường tổ chức hội nghị.\n\nDự có…");
    assert_eq!(a.credit, "Ảnh: Minh Anh");
    assert_eq!(a.cover_photo_id, Some(p[1]));

    let refused = [
        (AlbumEdit { title: Some("   ".into()), ..AlbumEdit::default() }, "title_required"),
        (AlbumEdit { title: Some("x".repeat(201)), ..AlbumEdit::default() }, "too_long"),
        (AlbumEdit { description: Some("x".repeat(5_001)), ..AlbumEdit::default() }, "too_long"),
        (AlbumEdit { credit: Some("x".repeat(201)), ..AlbumEdit::default() }, "too_long"),
        (AlbumEdit { event_date: Some("2025-02-30".into()), ..AlbumEdit::default() }, "invalid_date"),
        (AlbumEdit { event_date: Some("2025-9-5".into()), ..AlbumEdit::default() }, "invalid_date"),
        (AlbumEdit { event_date: Some("05/09/2025".into()), ..AlbumEdit::default() }, "invalid_date"),
        (AlbumEdit { event_date: Some("hôm qua".into()), ..AlbumEdit::default() }, "invalid_date"),
        // A valid field beside a refused one is not saved either.
        (
            AlbumEdit {
                title: Some("Tên mới".into()), event_date: Some("2025-13-01".into()), ..AlbumEdit::default()
            },
            "invalid_date",
        ),
    ];
    for (edit, code) in refused {
        let err = album::edit(&mut store, a.id, &edit).unwrap_err();
        assert_eq!(err.code(), code, "{edit:?}");
        assert_eq!(album::get(&store, a.id).unwrap(), a, "{edit:?} changed the album");
    }

    // Lengths count characters, not bytes: 200 Vietnamese letters are a valid title.
    let long = "ệ".repeat(200);
    assert_eq!(
        album::edit(&mut store, a.id, &AlbumEdit { title: Some(long.clone()), ..Default::default() }).unwrap().title,
        long
    );
    let cleared =
        album::edit(&mut store, a.id, &AlbumEdit { event_date: Some(String::new()), ..Default::default() }).unwrap();
    assert_eq!(cleared.event_date, None, "an empty date clears it");
    assert_eq!(
        album::edit(&mut store, a.id, &AlbumEdit { event_date: Some("2024-02-29".into()), ..Default::default() })
            .unwrap()
            .event_date
            .as_deref(),
        Some("2024-02-29"),
        "a leap day is a real day"
    );

    assert_eq!(album::create(&mut store, " ").unwrap_err().code(), "title_required");
    let before = album::list(&store).unwrap().len();
    let bad_new =
        AlbumEdit { title: Some("Mới".into()), event_date: Some("2025-02-30".into()), ..Default::default() };
    assert_eq!(album::create_with(&mut store, &bad_new).unwrap_err().code(), "invalid_date");
    assert_eq!(album::list(&store).unwrap().len(), before, "a refused new album is not made");
}

#[test]
fn unknown_photos_and_wrong_orders_are_refused_and_change_nothing() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 4);
    let a = album::create(&mut store, "Ra quân mùa hè xanh").unwrap();
    let a = album::add_photos(&mut store, a.id, &p[..3]).unwrap();
    age(&store, a.id);
    let a = album::get(&store, a.id).unwrap();

    let err = album::add_photos(&mut store, a.id, &[p[3], 404]).unwrap_err();
    assert!(matches!(err, PhotoError::NotFound(404)), "{err:?}");
    assert_eq!(err.code(), "not_found");
    assert_eq!(album::get(&store, a.id).unwrap(), a, "the known photo before the unknown one was not added");

    let err = album::remove_photos(&mut store, a.id, &[p[0], p[3]]).unwrap_err();
    assert!(matches!(err, PhotoError::NotInAlbum { photo_id, .. } if photo_id == p[3]), "{err:?}");
    assert_eq!(album::get(&store, a.id).unwrap(), a);

    let orders: [(&[i64], i64, OrderProblem); 4] = [
        (&[p[2], p[1]], p[0], OrderProblem::Missing),
        (&[p[2], p[1], p[0], p[1]], p[1], OrderProblem::Repeated),
        (&[p[2], p[1], p[0], p[3]], p[3], OrderProblem::NotInAlbum),
        (&[], p[0], OrderProblem::Missing),
    ];
    for (order, photo, problem) in orders {
        let err = album::reorder(&mut store, a.id, order).unwrap_err();
        assert!(
            matches!(err, PhotoError::BadOrder { photo_id, problem: pr, .. } if photo_id == photo && pr == problem),
            "{order:?}: {err:?}"
        );
        assert_eq!(err.code(), "order_mismatch");
        assert_eq!(album::get(&store, a.id).unwrap(), a, "{order:?} changed the album");
    }
    let msg = album::reorder(&mut store, a.id, &[p[2], p[1]]).unwrap_err().message(Lang::Vi);
    assert!(msg.starts_with(&format!("Thứ tự mới thiếu ảnh số {} của album số {}", p[0], a.id)), "{msg}");

    for err in [
        album::get(&store, 77).unwrap_err(),
        album::edit(&mut store, 77, &AlbumEdit::default()).unwrap_err(),
        album::add_photos(&mut store, 77, &p).unwrap_err(),
        album::remove_photos(&mut store, 77, &p).unwrap_err(),
        album::reorder(&mut store, 77, &p).unwrap_err(),
        album::delete(&mut store, 77).unwrap_err(),
    ] {
        assert!(matches!(err, PhotoError::AlbumNotFound(77)), "{err:?}");
        assert_eq!(err.code(), "not_found");
        assert_eq!(err.message(Lang::En), "Album 77 was not found. It may have been deleted; check the album list.");
    }
}

#[test]
fn writes_bump_updated_at_and_saving_nothing_new_does_not() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 2);
    let a = album::create(&mut store, "Tết trồng cây").unwrap();
    let old = "2001-01-01T00:00:00Z";

    age(&store, a.id);
    assert_ne!(album::add_photos(&mut store, a.id, &p).unwrap().updated_at, old);
    age(&store, a.id);
    assert_eq!(album::add_photos(&mut store, a.id, &p).unwrap().updated_at, old, "nothing new to add");
    assert_eq!(album::reorder(&mut store, a.id, &p).unwrap().updated_at, old, "the same order");
    let same = AlbumEdit { title: Some(" Tết trồng cây".into()), cover_photo_id: Some(0), ..Default::default() };
    assert_eq!(album::edit(&mut store, a.id, &same).unwrap().updated_at, old, "the same fields");
    assert_ne!(album::reorder(&mut store, a.id, &[p[1], p[0]]).unwrap().updated_at, old);
    age(&store, a.id);
    assert_ne!(
        album::edit(&mut store, a.id, &AlbumEdit { credit: Some("TTVH".into()), ..Default::default() })
            .unwrap()
            .updated_at,
        old
    );
    age(&store, a.id);
    assert_ne!(album::remove_photos(&mut store, a.id, &[p[0]]).unwrap().updated_at, old);
}

#[test]
fn albums_list_newest_event_first() {
    let (_dir, mut store) = store();
    let dated = |store: &mut Store, title: &str, date: &str| {
        let edit = AlbumEdit { title: Some(title.into()), event_date: Some(date.into()), ..Default::default() };
        album::create_with(store, &edit).unwrap().id
    };
    let old = dated(&mut store, "Cũ", "2001-03-02");
    let older = dated(&mut store, "Cũ hơn", "2001-03-01");
    let undated = album::create(&mut store, "Chưa có ngày").unwrap().id;
    let future = dated(&mut store, "Sắp diễn ra", "2999-12-31");
    let same_day = dated(&mut store, "Cũng ngày 02/03", "2001-03-02");
    store.conn().execute("UPDATE album SET updated_at = '2001-03-05T00:00:00Z' WHERE id = ?1", [old]).unwrap();
    let order: Vec<i64> = album::list(&store).unwrap().iter().map(|a| a.id).collect();
    // An undated album counts as of the day it was changed (today); a day's albums come most
    // recently changed first.
    assert_eq!(order, [future, undated, same_day, old, older]);
}

#[test]
fn deleting_an_album_keeps_its_photos_and_other_albums() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 3);
    let a = album::create(&mut store, "A").unwrap();
    let b = album::create(&mut store, "B").unwrap();
    album::add_photos(&mut store, a.id, &p).unwrap();
    let b = album::add_photos(&mut store, b.id, &[p[1]]).unwrap();

    album::delete(&mut store, a.id).unwrap();
    assert_eq!(album::get(&store, a.id).unwrap_err().code(), "not_found");
    assert_eq!(photos::list(&store).unwrap().len(), 3, "the photos stay in the library");
    for id in &p {
        let info = photos::get(&store, *id).unwrap();
        assert!(Path::new(&info.original_path).is_file(), "the original stays on disk");
    }
    assert_eq!(album::get(&store, b.id).unwrap(), b, "the other album keeps its photo");
    let rows: i64 = store.conn().query_row("SELECT count(*) FROM album_photo", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn one_caption_for_many_photos_in_one_go() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 4);
    photos::edit_photos(&mut store, &[p[3]], &PhotoEdit { alt_text: Some("Cờ đỏ".into()), ..Default::default() })
        .unwrap();

    let edit = PhotoEdit {
        caption: Some("  Quang cảnh hội nghị ".into()),
        credit: Some("Ảnh: Thu Hà".into()),
        ..Default::default()
    };
    let edited = photos::edit_photos(&mut store, &[p[3], p[1], p[3]], &edit).unwrap();
    assert_eq!(edited.iter().map(|s| s.id).collect::<Vec<_>>(), [p[3], p[1]], "in the order given, each once");
    for s in &edited {
        assert_eq!((s.caption.as_str(), s.credit.as_str()), ("Quang cảnh hội nghị", "Ảnh: Thu Hà"));
    }
    assert_eq!(edited[0].alt_text, "Cờ đỏ", "a field not given stays");
    let info = photos::get(&store, p[1]).unwrap();
    assert_eq!(
        (&info.caption, &info.credit, &info.alt_text),
        (&edited[1].caption, &edited[1].credit, &edited[1].alt_text)
    );
    assert_eq!(photos::get(&store, p[0]).unwrap().caption, "", "photos not listed are not touched");

    // An album shows its photos' own texts.
    let a = album::create(&mut store, "Hội nghị").unwrap();
    let a = album::add_photos(&mut store, a.id, &[p[1], p[0]]).unwrap();
    assert_eq!(a.photos[0].caption, "Quang cảnh hội nghị");

    let snapshot = photos::list(&store).unwrap();
    let refused = [
        (vec![p[0], 999], PhotoEdit { caption: Some("Mới".into()), ..Default::default() }, "not_found"),
        (vec![p[0]], PhotoEdit { caption: Some("x".repeat(2_001)), ..Default::default() }, "too_long"),
        (vec![p[0]], PhotoEdit { alt_text: Some("x".repeat(501)), ..Default::default() }, "too_long"),
        (
            vec![p[0], p[1]],
            PhotoEdit { caption: Some("Mới".into()), credit: Some("x".repeat(201)), ..Default::default() },
            "too_long",
        ),
    ];
    for (ids, edit, code) in refused {
        let err = photos::edit_photos(&mut store, &ids, &edit).unwrap_err();
        assert_eq!(err.code(), code, "{edit:?}");
        assert_eq!(photos::list(&store).unwrap(), snapshot, "{edit:?} changed a photo");
    }
    let ok =
        photos::edit_photos(&mut store, &[p[0]], &PhotoEdit { caption: Some("ả".repeat(2_000)), ..Default::default() });
    assert!(ok.is_ok(), "2,000 characters is the most a caption takes");

    let err =
        photos::edit_photos(&mut store, &[p[0]], &PhotoEdit { caption: Some("x".repeat(2_001)), ..Default::default() })
            .unwrap_err();
    assert!(matches!(err, PhotoError::TooLong { field: TextField::Caption, len: 2_001, max: 2_000 }), "{err:?}");
    assert_eq!(
        err.message(Lang::Vi),
        "Chú thích ảnh dài 2001 ký tự, quá mức tối đa 2000 ký tự, nên chưa được lưu. Hãy rút gọn rồi lưu lại."
    );
    assert!(err.message(Lang::En).starts_with("The caption is 2001 characters long"));
}

#[test]
fn text_typed_in_nfd_comes_back_nfc() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 1);
    // "Lễ" and "Hà Nội" with combining marks, as some keyboards and PDFs give them.
    let nfd_title = "Le\u{302}\u{303} ra ma\u{306}\u{301}t";
    let a = album::create(&mut store, nfd_title).unwrap();
    assert_eq!(a.title, "Lễ ra mắt");
    let a = album::edit(
        &mut store,
        a.id,
        &AlbumEdit {
            description: Some("Ta\u{323}i Ha\u{300} No\u{323}\u{302}i".into()),
            credit: Some("A\u{309}nh: Đa\u{306}\u{301}c".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!((a.description.as_str(), a.credit.as_str()), ("Tại Hà Nội", "Ảnh: Đắc"));
    assert_eq!(album::get(&store, a.id).unwrap().title, "Lễ ra mắt", "stored NFC, not just returned");

    let edit = PhotoEdit {
        caption: Some("Ha\u{300} No\u{323}\u{302}i".into()),
        alt_text: Some("Ca\u{301}c đa\u{323}i bie\u{302}\u{309}u".into()),
        credit: Some("Đa\u{306}\u{301}c".into()),
    };
    photos::edit_photos(&mut store, &p, &edit).unwrap();
    let info = photos::get(&store, p[0]).unwrap();
    assert_eq!(
        (info.caption.as_str(), info.alt_text.as_str(), info.credit.as_str()),
        ("Hà Nội", "Các đại biểu", "Đắc")
    );
}

#[test]
fn the_library_lists_newest_taken_first() {
    let (dir, mut store) = store();
    let p = import_photos(&mut store, dir.path(), 4);
    let c = store.conn();
    c.execute("UPDATE photo SET taken_at = '2024-05-01T08:00:00' WHERE id = ?1", [p[0]]).unwrap();
    c.execute("UPDATE photo SET taken_at = '2025-01-01T08:00:00' WHERE id = ?1", [p[2]]).unwrap();
    c.execute("UPDATE photo SET created_at = '2020-01-01T00:00:00Z' WHERE id = ?1", [p[3]]).unwrap();
    let order: Vec<i64> = photos::list(&store).unwrap().iter().map(|s| s.id).collect();
    assert_eq!(order, [p[2], p[0], p[1], p[3]], "by time taken, then by import; unknown times last");
}

#[test]
fn search_finds_albums_by_their_photos_captions_and_follows_every_change() {
    use newsroom::search::{self, Kind, Query};
    let (dir, mut store) = store();
    let shots = import_photos(&mut store, dir.path(), 3);
    let find = |store: &Store, text: &str| -> Vec<(Kind, i64)> {
        let q = Query { text: format!("{text} "), kinds: vec![Kind::Album, Kind::Photo], ..Query::default() };
        let mut v: Vec<(Kind, i64)> =
            search::search(store, &q).unwrap().hits.into_iter().map(|h| (h.kind, h.id)).collect();
        v.sort_by_key(|(k, id)| (k.name(), *id));
        v
    };
    let edit = AlbumEdit { title: Some("Khai giảng năm học mới".into()), ..AlbumEdit::default() };
    let a = album::create_with(&mut store, &edit).unwrap().id;
    album::add_photos(&mut store, a, &shots[..2]).unwrap();
    assert_eq!(find(&store, "khai giang"), [(Kind::Album, a)]);

    let caption = |c: &str| PhotoEdit { caption: Some(c.into()), ..PhotoEdit::default() };
    photos::edit_photos(&mut store, &[shots[0]], &caption("Học sinh đánh trống khai trường")).unwrap();
    assert_eq!(
        find(&store, "đánh trống"),
        [(Kind::Album, a), (Kind::Photo, shots[0])],
        "the album shows its photos' words"
    );
    photos::edit_photos(&mut store, &[shots[0]], &caption("Lễ chào cờ")).unwrap();
    assert!(find(&store, "đánh trống").is_empty(), "the old caption is gone everywhere");
    assert_eq!(find(&store, "chao co"), [(Kind::Album, a), (Kind::Photo, shots[0])]);
    album::remove_photos(&mut store, a, &[shots[0]]).unwrap();
    assert_eq!(find(&store, "chao co"), [(Kind::Photo, shots[0])], "out of the album, out of its words");
    photos::edit_photos(&mut store, &[shots[2]], &caption("Trao học bổng")).unwrap();
    album::add_photos(&mut store, a, &[shots[2]]).unwrap();
    assert_eq!(find(&store, "hoc bong"), [(Kind::Album, a), (Kind::Photo, shots[2])]);
    album::delete(&mut store, a).unwrap();
    assert_eq!(find(&store, "khai giang"), []);
}

#[test]
fn the_library_and_the_albums_are_read_a_page_at_a_time_in_order() {
    let (dir, mut store) = store();
    let shots = import_photos(&mut store, dir.path(), 9);
    // Some with a camera time (two the same), the rest without.
    for (i, id) in shots.iter().enumerate().take(5) {
        let taken = if i < 2 { "2024-05-01T08:00:00Z".to_string() } else { format!("2024-05-0{}T08:00:00Z", i) };
        store.conn().execute("UPDATE photo SET taken_at = ?2 WHERE id = ?1", rusqlite::params![id, taken]).unwrap();
    }
    let whole: Vec<i64> = photos::list(&store).unwrap().iter().map(|p| p.id).collect();
    assert_eq!(whole.len(), 9);
    for size in [1, 2, 4, 9] {
        let mut ids = Vec::new();
        let mut after = None;
        loop {
            let page = photos::page(&store, after.as_ref(), size).unwrap();
            assert_eq!(page.total, 9);
            ids.extend(page.items.iter().map(|p| p.id));
            match page.next {
                Some(n) => after = Some(n),
                None => break,
            }
        }
        assert_eq!(ids, whole, "pages of {size}");
    }
    // Those with a time first, newest first; then those without.
    assert!(whole[..5].iter().all(|id| shots[..5].contains(id)));

    for (i, title) in ["Khai giảng", "Hội thao", "Trung thu"].iter().enumerate() {
        let edit = AlbumEdit {
            title: Some(title.to_string()),
            event_date: Some(format!("2024-09-0{}", i + 1)),
            ..AlbumEdit::default()
        };
        album::create_with(&mut store, &edit).unwrap();
    }
    let first = album::page(&store, None, 2).unwrap();
    assert_eq!(first.total, 3);
    let rest = album::page(&store, first.next.as_ref(), 2).unwrap();
    let titles: Vec<String> = first.items.iter().chain(&rest.items).map(|a| a.title.clone()).collect();
    assert_eq!(titles, ["Trung thu", "Hội thao", "Khai giảng"]);
    assert!(rest.next.is_none());
}
