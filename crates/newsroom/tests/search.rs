//! Search (issue 7): Vietnamese folding, ranking, snippets, the index in step with every change
//! (a crash included), filters, and queries that must never become errors.

use newsroom::posts::{self, NewPost};
use newsroom::review::{self, Action, Item};
use newsroom::search::{self, fold, word_key, Kind, Query};
use newsroom::users::{self, Role};
use newsroom::Store;
use unicode_normalization::UnicodeNormalization;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    (dir, store)
}

/// A store without the sample report, for counting hits exactly.
fn empty_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = store();
    let sample = posts::list(&store, posts::Shelf::Active).unwrap()[0].id;
    posts::move_to_bin(&mut store, sample).unwrap();
    (dir, store)
}

fn post(store: &mut Store, title: &str, body: &str) -> i64 {
    let new = NewPost { title: title.into(), body_html: format!("<p>{body}</p>"), category: String::new() };
    posts::create(store, new).unwrap().id
}

fn find(store: &Store, text: &str) -> Vec<(Kind, i64)> {
    let q = Query { text: text.into(), ..Query::default() };
    search::search(store, &q).unwrap().hits.into_iter().map(|h| (h.kind, h.id)).collect()
}

fn titles(store: &Store, query: Query) -> Vec<String> {
    search::search(store, &query).unwrap().hits.into_iter().map(|h| h.title).collect()
}

#[test]
fn every_vowel_with_every_tone_folds_to_its_letter_in_both_cases_nfc_and_nfd() {
    // Base letter, and the mark that makes the Vietnamese vowel (circumflex, breve, horn).
    let vowels = [
        ('a', None),
        ('a', Some('\u{306}')),
        ('a', Some('\u{302}')),
        ('e', None),
        ('e', Some('\u{302}')),
        ('i', None),
        ('o', None),
        ('o', Some('\u{302}')),
        ('o', Some('\u{31b}')),
        ('u', None),
        ('u', Some('\u{31b}')),
        ('y', None),
    ];
    let tones = [None, Some('\u{301}'), Some('\u{300}'), Some('\u{309}'), Some('\u{303}'), Some('\u{323}')];
    let mut keys = std::collections::HashSet::new();
    for (base, mark) in vowels {
        for tone in tones {
            for upper in [false, true] {
                let mut nfd = String::new();
                nfd.push(if upper { base.to_ascii_uppercase() } else { base });
                nfd.extend(mark);
                nfd.extend(tone);
                let nfc: String = nfd.nfc().collect();
                assert_eq!(nfc.chars().count(), 1, "{nfd:?} has a precomposed form");
                assert_eq!(fold(&nfc), base.to_string(), "{nfc}");
                assert_eq!(fold(&nfd), base.to_string(), "{nfd:?}");
                assert_eq!(word_key(&nfc), word_key(&nfd), "{nfc}: NFD is the same word");
                assert_eq!(word_key(&nfc), word_key(&nfc.to_lowercase()), "{nfc}: case does not count");
                keys.insert(word_key(&nfc));
            }
        }
    }
    assert_eq!(keys.len(), 12 * 6, "each vowel with each tone is its own spelling");
    assert_eq!(fold("Đ"), "d");
    assert_eq!(fold("đ"), "d");
    assert_eq!(fold("ĐỒNG CHÍ Đỗ"), "dong chi do");
    assert_eq!(fold("DÂN VẬN KHÉO"), "dan van kheo");
    assert_eq!(fold("Dân vận khéo"), fold("dan van kheo"));
    // The old and new tone placements are one word.
    for (old, new) in [("hoà", "hòa"), ("thuỷ", "thủy"), ("Uỷ", "Ủy"), ("khoẻ", "khỏe"), ("quý", "qúy"), ("hoạ", "họa")]
    {
        assert_eq!(word_key(old), word_key(new), "{old} / {new}");
        assert_eq!(fold(old), fold(new));
    }
}

#[test]
fn dan_van_kheo_is_found_however_it_is_typed() {
    let (_d, store) = store();
    let sample = posts::list(&store, posts::Shelf::Active).unwrap()[0].id;
    let nfd: String = "Dân vận khéo".nfd().collect();
    for typed in ["dan van kheo", "DÂN VẬN KHÉO", "Dân vận khéo", nfd.as_str(), "dân vận khé", "DAN VAN KHEO "]
    {
        assert_eq!(find(&store, typed), vec![(Kind::Post, sample)], "{typed:?}");
    }
    assert!(find(&store, "dân vận khéo léo").is_empty(), "every word must be there");
}

#[test]
fn a_query_with_diacritics_ranks_the_exact_spelling_first() {
    let (_d, mut store) = empty_store();
    // Newest first by default: the ranking, not the order of creation, must decide.
    post(&mut store, "Ban chỉ đạo", "Ban chỉ đạo họp.");
    post(&mut store, "Người bạn", "Một người bạn cũ.");
    post(&mut store, "Giá bán", "Giá bán lúa tăng.");
    let q = |store: &Store, text: &str| titles(store, Query { text: format!("{text} "), ..Query::default() });
    assert_eq!(q(&store, "bán"), ["Giá bán", "Người bạn", "Ban chỉ đạo"]);
    assert_eq!(q(&store, "bạn"), ["Người bạn", "Giá bán", "Ban chỉ đạo"]);
    assert_eq!(q(&store, "ban").len(), 3, "without diacritics every spelling is found");

    // Both tone placements are the exact spelling.
    post(&mut store, "Hòa giải ở cơ sở", "Tổ hòa giải.");
    post(&mut store, "Hóa đơn", "Hóa đơn điện tử.");
    assert_eq!(q(&store, "hoà")[0], "Hòa giải ở cơ sở");
    let hits = search::search(&store, &Query { text: "hoà giải ".into(), ..Query::default() }).unwrap().hits;
    assert!(hits[0].exact);
}

#[test]
fn the_title_weighs_more_than_the_body_and_snippets_keep_their_diacritics() {
    let (_d, mut store) = empty_store();
    post(&mut store, "Tin văn hóa", "Quận ủy chỉ đạo công tác thi đua.");
    post(&mut store, "Quận ủy tổng kết năm", "Hội nghị diễn ra sáng nay.");
    let hits = search::search(&store, &Query { text: "quan uy".into(), ..Query::default() }).unwrap().hits;
    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles[..2], ["Quận ủy tổng kết năm", "Tin văn hóa"]);
    let in_body = &hits[1];
    assert_eq!(in_body.snippet, "Quận ủy chỉ đạo công tác thi đua.");
    let marked: Vec<&str> = in_body.snippet_parts.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["Quận", "ủy"]);
    let marked: Vec<&str> = hits[0].title_parts.iter().filter(|p| p.hit).map(|p| p.text.as_str()).collect();
    assert_eq!(marked, ["Quận", "ủy"]);
    // A long text is cut around the match, with "…".
    let long =
        format!("{} Ban Dân vận Quận ủy tổ chức hội nghị. {}", "Mở đầu bài. ".repeat(40), "Kết thúc. ".repeat(40));
    let id = post(&mut store, "Bài dài", &long);
    let hit = search::search(&store, &Query { text: "dân vận".into(), ..Query::default() })
        .unwrap()
        .hits
        .into_iter()
        .find(|h| h.id == id)
        .unwrap();
    assert!(hit.snippet.starts_with('…') && hit.snippet.ends_with('…'), "{}", hit.snippet);
    assert!(hit.snippet.contains("Ban Dân vận Quận ủy"), "{}", hit.snippet);
}

#[test]
fn the_index_follows_edits_the_bin_and_restores() {
    let (_d, mut store) = empty_store();
    let id = post(&mut store, "Lễ ra quân", "Tuổi trẻ tình nguyện.");
    assert_eq!(find(&store, "ra quân"), [(Kind::Post, id)]);
    let mut edit = posts::as_edit(&posts::get(&store, id).unwrap());
    edit.title = "Lễ xuất quân".into();
    edit.sapo = "Mùa hè xanh".into();
    edit.tags = vec!["thanh niên".into()];
    edit.signature = "Minh Châu".into();
    posts::edit(&mut store, edit).unwrap();
    assert!(find(&store, "ra quân").is_empty(), "the old title is gone");
    for typed in ["xuất quân", "mua he xanh", "thanh nien", "minh chau", "tình nguyện"] {
        assert_eq!(find(&store, typed), [(Kind::Post, id)], "{typed}");
    }
    posts::move_to_bin(&mut store, id).unwrap();
    assert!(find(&store, "xuất quân").is_empty(), "not found in the bin");
    posts::restore(&mut store, id).unwrap();
    assert_eq!(find(&store, "xuất quân"), [(Kind::Post, id)], "found again once restored");
    // An empty new post, discarded, leaves nothing behind.
    let empty = posts::create(&mut store, NewPost::default()).unwrap().id;
    assert!(posts::discard_if_empty(&mut store, empty).unwrap());
    let count: i64 = store.conn().query_row("SELECT count(*) FROM search_index", [], |r| r.get(0)).unwrap();
    // (The sample is in the bin.)
    let posts_now: i64 =
        store.conn().query_row("SELECT count(*) FROM post WHERE deleted_at IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(count, posts_now);
}

#[test]
fn people_and_their_titles_are_found() {
    let (dir, mut store) = empty_store();
    let csv = dir.path().join("nguoi.csv");
    std::fs::write(&csv, "Họ và tên,Chức vụ,Đơn vị\nNguyễn Văn Thuỷ,Chủ tịch,UBND phường Phúc Xá\n").unwrap();
    newsroom::people::import_file(&mut store, &csv, newsroom::Lang::Vi).unwrap();
    let found = search::search(
        &store,
        &Query { text: "nguyen van thuy".into(), kinds: vec![Kind::Person], ..Query::default() },
    )
    .unwrap()
    .hits;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title, "Nguyễn Văn Thuỷ");
    assert_eq!(find(&store, "chủ tịch phúc xá").len(), 1, "found by title and unit");
}

#[test]
fn filters_narrow_by_kind_state_category_author_date_and_photos() {
    let (_d, mut store) = store();
    users::add(&mut store, "lan", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    let lan = users::authenticate(&store, "lan", None).unwrap();
    let mine = posts::create_as(
        &mut store,
        Some(&lan),
        NewPost {
            title: "Hội nghị dân vận".into(), body_html: "<p>x</p>".into(), category: "Văn hóa - xã hội".into()
        },
    )
    .unwrap()
    .id;
    review::transition(&mut store, &lan, Item::Post(mine), Action::Submit, None, None).unwrap();
    let other = post(&mut store, "Dân vận ở khu phố", "y");
    let sample = posts::list(&store, posts::Shelf::Active).unwrap().into_iter().find(|p| p.is_sample).unwrap().id;
    let ids = |q: Query| -> Vec<i64> {
        let mut v: Vec<i64> = search::search(&store, &q).unwrap().hits.into_iter().map(|h| h.id).collect();
        v.sort();
        v
    };
    let q = || Query { text: "dân vận ".into(), ..Query::default() };
    assert_eq!(ids(q()).len(), 3);
    assert_eq!(ids(Query { state: Some("submitted".into()), ..q() }), [mine]);
    assert_eq!(ids(Query { category: Some("Văn hóa - xã hội".into()), ..q() }), [mine]);
    assert_eq!(ids(Query { author_id: Some(lan.id), ..q() }), [mine]);
    assert_eq!(ids(Query { from: Some("2020-01-16".into()), to: Some("2020-01-16".into()), ..q() }), [sample]);
    assert_eq!(ids(Query { has_photos: Some(false), ..q() }).len(), 3);
    assert!(ids(Query { has_photos: Some(true), ..q() }).is_empty());
    assert!(ids(Query { kinds: vec![Kind::Album, Kind::Person], ..q() }).is_empty());
    assert!(ids(q()).contains(&other));
    // Pages.
    let first = search::search(&store, &Query { limit: 2, ..q() }).unwrap();
    assert!(first.more && first.hits.len() == 2);
    let rest = search::search(&store, &Query { limit: 2, offset: 2, ..q() }).unwrap();
    assert!(!rest.more && rest.hits.len() == 1);
}

#[test]
fn no_query_becomes_an_error() {
    let (_d, store) = store();
    let long = "dân vận ".repeat(1250);
    let nasty = [
        "\"",
        "\"\"\"",
        "'",
        "*",
        "dân*",
        "-",
        "AND",
        "OR OR",
        "NOT",
        "NEAR(dân vận)",
        "title:dân",
        "{title body}: x",
        "^dân",
        "(",
        ")",
        "dân\" OR \"1\"=\"1",
        "'; DROP TABLE post; --",
        "🎉",
        "🇻🇳 dân",
        "...!!!???",
        "\u{0}",
        "\u{301}\u{301}",
        long.as_str(),
        "",
        "   ",
    ];
    for q in nasty {
        let r = search::search(&store, &Query { text: q.into(), ..Query::default() });
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    assert_eq!(long.chars().count(), 10_000);
    assert_eq!(find(&store, &long).len(), 1, "a long query is cut to its first words");
    assert_eq!(find(&store, "🇻🇳 dân vận khéo").len(), 1, "emoji are not words");
    let posts: i64 = store.conn().query_row("SELECT count(*) FROM post", [], |r| r.get(0)).unwrap();
    assert_eq!(posts, 1);
}

/// Runs inside a child process (see below): starts a change and dies before committing.
#[test]
#[ignore = "run by a_crash_mid_write_leaves_the_index_as_it_was"]
fn crash_helper() {
    let Some(dir) = std::env::var_os("TOASOAN_CRASH_DIR") else { return };
    let store = newsroom::open(std::path::Path::new(&dir)).unwrap();
    store.conn().execute_batch("BEGIN IMMEDIATE; UPDATE post SET title = 'Tiêu đề chưa lưu xong';").unwrap();
    std::process::abort();
}

#[test]
fn a_crash_mid_write_leaves_the_index_as_it_was() {
    let (dir, mut store) = store();
    let id = post(&mut store, "Hội thi tiếng hát", "Các đội thi.");
    drop(store);
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_helper", "--ignored", "--nocapture"])
        .env("TOASOAN_CRASH_DIR", dir.path())
        .status()
        .unwrap();
    assert!(!status.success(), "the helper died");
    let mut store = newsroom::open(dir.path()).unwrap();
    assert_eq!(posts::get(&store, id).unwrap().title, "Hội thi tiếng hát");
    assert_eq!(find(&store, "tiếng hát"), [(Kind::Post, id)]);
    assert!(find(&store, "chưa lưu xong").is_empty());
    store.conn().execute("INSERT INTO search_index (search_index) VALUES ('integrity-check')", []).unwrap();
    // A rebuild finds the same.
    let n = search::rebuild(&mut store).unwrap();
    assert_eq!(n, 2, "the sample and this post");
    assert_eq!(find(&store, "tiếng hát"), [(Kind::Post, id)]);
}
#[test]
fn a_word_in_thousands_of_posts_ranks_the_newest_matches_titles_first() {
    let (_d, mut store) = empty_store();
    let n = search::WINDOW as usize + 100;
    store
        .with_tx(|tx| {
            for i in 0..n {
                let title = if i == 0 || i == n - 50 { format!("Công tác dân vận {i}") } else { format!("Tin {i}") };
                tx.execute(
                    "INSERT INTO post (title, body_html, created_at, updated_at) VALUES (?1, '<p>Ban Dân vận họp.</p>', ?2, ?2)",
                    rusqlite::params![title, "2026-01-01T00:00:00Z"],
                )?;
            }
            Ok(())
        })
        .unwrap();
    let found = search::search(&store, &Query { text: "dân vận ".into(), ..Query::default() }).unwrap();
    assert!(found.more);
    assert_eq!(found.hits[0].title, format!("Công tác dân vận {}", n - 50), "the title first");
    assert_eq!(found.hits[1].title, format!("Tin {}", n - 1), "then the newest");
    assert!(found.hits.iter().all(|h| h.title != "Công tác dân vận 0"), "the oldest is past the ranked window");
    // One letter finds nothing yet; two do.
    assert!(search::search(&store, &Query { text: "d".into(), ..Query::default() }).unwrap().hits.is_empty());
    assert!(!search::search(&store, &Query { text: "dâ".into(), ..Query::default() }).unwrap().hits.is_empty());
}
