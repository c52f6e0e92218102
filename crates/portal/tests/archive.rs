//! The portal's archive (issue 7, item 3) against the real WordPress: every published post
//! pulled page by page, a page that fails half way and a pull that goes on from there, later
//! pulls asking only for what changed, and search covering what was pulled.

mod common;

use std::sync::atomic::AtomicBool;

use common::proxy::{Fault, Proxy};
use common::site;
use newsroom::archive;
use newsroom::search::{self, Kind, Query};
use serde_json::json;
use toasoan_portal::archive as pull;
use toasoan_portal::login;
use toasoan_portal::wordpress::Portal;

fn admin() -> Portal {
    let site = site();
    Portal::connect(&site.address(), &site.login("quantri")).unwrap()
}

/// Every published post's id, as WordPress lists them to anyone.
fn published() -> Vec<i64> {
    let public = Portal::connect_public(&site().address()).unwrap();
    let mut ids = Vec::new();
    for page in 1.. {
        let page_text = page.to_string();
        let (list, pages) =
            public.get_page("/wp/v2/posts", &[("per_page", "100"), ("page", &page_text), ("_fields", "id")]).unwrap();
        ids.extend(list.as_array().unwrap().iter().map(|p| p["id"].as_i64().unwrap()));
        if page >= pages {
            break;
        }
    }
    ids.sort();
    ids
}

fn publish(title: &str, content: &str) -> i64 {
    let category = site().categories["Văn hóa - xã hội"];
    let post = admin()
        .post(
            "/wp/v2/posts",
            &json!({ "title": title, "content": content, "status": "publish", "categories": [category] }),
        )
        .unwrap();
    post["id"].as_i64().unwrap()
}

fn found(store: &newsroom::Store, text: &str) -> Vec<i64> {
    let q = Query { text: text.into(), kinds: vec![Kind::Archive], ..Query::default() };
    search::search(store, &q).unwrap().hits.into_iter().map(|h| h.id).collect()
}

#[test]
fn the_archive_is_pulled_page_by_page_resumes_after_a_failure_and_then_follows_changes() {
    let site = site();
    let tag = std::process::id();
    // Enough posts for several pages of ten, one of them with a photo, markup and entities.
    let first = publish(
        &format!("Hội diễn văn nghệ quần chúng &#8211; đợt {tag}"),
        &format!(
            "<p>Các đội văn nghệ phường tham gia hội diễn {tag}.</p>\
             <figure><img src=\"{}/wp-content/uploads/x.jpg\" alt=\"\"><figcaption>Tiết mục múa</figcaption></figure>\
             <script>alert(1)</script><p onclick=\"x()\">Kết thúc.</p>",
            site.url
        ),
    );
    for i in 0..24 {
        publish(&format!("Tin ngắn số {i} ({tag})"), "<p>Nội dung ngắn.</p>");
    }

    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    let proxy = Proxy::start(site.url.trim_start_matches("http://"));
    login::set_address(&store, &proxy.url).unwrap();
    let portal = pull::connect(&store, None).unwrap();

    // Page 3 fails: what came before is kept, and the pull says where it stopped.
    proxy.once("GET", "&page=3&", Fault::Status(500));
    let mut pages_seen = Vec::new();
    let err = pull::pull(&mut store, &portal, 10, &AtomicBool::new(false), |p| pages_seen.push(p.page)).unwrap_err();
    assert_eq!(err.code(), "portal_server_error", "{err:?}");
    assert_eq!(pages_seen, [1, 2]);
    let status = archive::status(&store).unwrap();
    assert_eq!((status.count, status.resume_page, status.complete), (20, Some(3), false));

    // The next pull goes on from page 3, not from the start.
    proxy.seen.lock().unwrap().clear();
    let mut progress = Vec::new();
    let report = pull::pull(&mut store, &portal, 10, &AtomicBool::new(false), |p| progress.push(p.clone())).unwrap();
    let asked: Vec<String> = proxy.seen.lock().unwrap().iter().filter(|r| r.contains("wp/v2/posts")).cloned().collect();
    assert!(asked[0].contains("&page=3&"), "{asked:?}");
    assert!(asked.iter().all(|r| !r.contains("&page=1&") && !r.contains("&page=2&")), "{asked:?}");
    assert!(report.complete);
    let all = published();
    assert_eq!(report.count as usize, all.len(), "every published post, once");
    assert_eq!(progress.last().unwrap().page, progress.last().unwrap().pages);
    let status = archive::status(&store).unwrap();
    assert_eq!((status.resume_page, status.complete), (None, true));

    // As pulled: the title's entity decoded, NFC, the body sanitised (no remote image, no script,
    // no handler), the category by name, the link.
    let post = archive::get(&store, first).unwrap();
    assert_eq!(post.title, format!("Hội diễn văn nghệ quần chúng – đợt {tag}"));
    assert!(post.content_html.contains(&format!("Các đội văn nghệ phường tham gia hội diễn {tag}.")));
    assert!(post.content_html.contains("Tiết mục múa"));
    for bad in ["<img", "<script", "alert(", "onclick"] {
        assert!(!post.content_html.contains(bad), "{bad} in {}", post.content_html);
    }
    assert_eq!(post.categories, "Văn hóa - xã hội");
    assert!(post.link.starts_with(&site.url) || post.link.contains("?p="), "{}", post.link);
    assert!(post.published_at.ends_with('Z'));

    // Search covers it, accents optional, and it can start a new post.
    assert_eq!(found(&store, &format!("hoi dien van nghe {tag}")), [first]);
    let draft = archive::to_post(&mut store, None, first).unwrap();
    assert_eq!(draft.title, post.title);
    assert_eq!(draft.category, "Văn hóa - xã hội");
    assert!(draft.body_html.contains("Tiết mục múa"));
    assert_eq!(draft.state, "draft");

    // Later: only what changed is asked for, and a post edited on the portal follows.
    admin()
        .post(&format!("/wp/v2/posts/{first}"), &json!({ "title": format!("Hội diễn văn nghệ {tag} (đã sửa)") }))
        .unwrap();
    let newer = publish(&format!("Tin mới sau lần tải {tag}"), "<p>Vừa đăng.</p>");
    proxy.seen.lock().unwrap().clear();
    let report = pull::pull(&mut store, &portal, 10, &AtomicBool::new(false), |_| {}).unwrap();
    let asked: Vec<String> = proxy.seen.lock().unwrap().iter().filter(|r| r.contains("wp/v2/posts")).cloned().collect();
    assert!(asked.iter().all(|r| r.contains("modified_after")), "{asked:?}");
    assert!(report.received >= 2 && report.received < 10, "{report:?}");
    assert_eq!(archive::get(&store, first).unwrap().title, format!("Hội diễn văn nghệ {tag} (đã sửa)"));
    assert_eq!(found(&store, &format!("tin moi sau lan tai {tag}")), [newer]);
    assert!(found(&store, &format!("quần chúng {tag}")).is_empty(), "the old title is gone from the index");

    // Stopped by the person: nothing lost, the next pull finishes.
    let dir2 = tempfile::tempdir().unwrap();
    let mut other = newsroom::open(dir2.path()).unwrap();
    login::set_address(&other, &site.url).unwrap();
    let direct = pull::connect(&other, None).unwrap();
    let stop = AtomicBool::new(false);
    let report = pull::pull(&mut other, &direct, 10, &stop, |p| {
        if p.page == 2 {
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    })
    .unwrap();
    assert!(!report.complete);
    assert_eq!(archive::status(&other).unwrap().resume_page, Some(3));
    let report = pull::pull(&mut other, &direct, 10, &AtomicBool::new(false), |_| {}).unwrap();
    assert!(report.complete);
    assert_eq!(report.count as usize, published().len());
}

#[test]
fn without_a_portal_address_the_pull_says_where_to_enter_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    let err = pull::connect(&store, None).unwrap_err();
    assert_eq!(err.code(), "portal_not_set");
    assert!(err.message(newsroom::Lang::Vi).contains("Cài đặt"), "{}", err.message(newsroom::Lang::Vi));
}
