//! Every fault of a bad network or a failing portal, injected by a proxy between the app and
//! the real WordPress, ends with exactly one post and one copy of each photo on the portal once
//! the network is back (issue 6: exactly once, portal errors in words).

mod common;

use chrono::{Duration, Utc};
use common::proxy::{Fault, Proxy};
use common::{keyring, site};
use newsroom::posts::{self, as_edit, NewPost};
use newsroom::review::{self, Action, Item};
use newsroom::users::{self, Role};
use newsroom::Lang;
use serde_json::Value;
use toasoan_portal::login;
use toasoan_portal::sync;
use toasoan_portal::wordpress::Portal;

fn admin() -> Portal {
    Portal::connect(&site().address(), &site().login("quantri")).unwrap()
}

fn count(route: &str, slug: &str) -> usize {
    let statuses = if route.contains("media") { "inherit" } else { "publish,future,draft,pending,private" };
    admin()
        .get(route, &[("slug", slug), ("status", statuses), ("context", "edit")])
        .unwrap()
        .as_array()
        .map(Vec::len)
        .unwrap_or(0)
}

#[test]
fn every_fault_ends_with_one_post_and_one_copy_of_each_photo() {
    keyring();
    // Stalls are judged against a short timeout, so the test does not wait half a minute.
    std::env::set_var("TOASOAN_PORTAL_TIMEOUT_MS", "2500");
    let site = site();
    let proxy = Proxy::start(site.url.trim_start_matches("http://"));
    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    toasoan_photos::open_library(&store).unwrap();
    users::add(&mut store, "lan-loi", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    users::add(&mut store, "truong-loi", "Trần Văn Trường", &[Role::Supervisor], Some("mk")).unwrap();
    let address = login::set_address(&store, &proxy.url).unwrap();
    login::save("lan-loi", &address, &site.login("tacgia")).unwrap();
    login::save("truong-loi", &address, &site.login("bientap")).unwrap();
    let lan = users::authenticate(&store, "lan-loi", None).unwrap();
    let boss = users::authenticate(&store, "truong-loi", Some("mk")).unwrap();

    let faults = [
        ("POST", "/wp/v2/posts", Fault::DropAnswer, "portal_offline"),
        ("POST", "/wp/v2/posts", Fault::Status(500), "portal_server_error"),
        ("GET", "/wp/v2/media", Fault::Status(503), "portal_server_error"),
        ("POST", "/wp/v2/posts", Fault::Stall(std::time::Duration::from_millis(4000)), "portal_timeout"),
        ("POST", "/wp/v2/media", Fault::CutUpload, "portal_offline"),
        ("POST", "/wp/v2/posts", Fault::Html, "portal_not_json"),
        ("POST", "/wp/v2/media", Fault::DropAnswer, "portal_offline"),
    ];
    let photos = tempfile::tempdir().unwrap();
    let stamp = std::process::id() as u8;
    for (n, (method, path, fault, code)) in faults.into_iter().enumerate() {
        // A post of its own with a photo of its own, approved and ready to go.
        let file = photos.path().join(format!("loi-{n}.jpg"));
        let shade = (n as u8).wrapping_mul(31).wrapping_add(stamp);
        image::RgbImage::from_fn(800, 533, |x, y| image::Rgb([shade, (x % 256) as u8, (y % 256) as u8]))
            .save(&file)
            .unwrap();
        let photo = toasoan_photos::import(&mut store, &file).unwrap().photo_id;
        let title = format!("Tin thử lỗi {n} ({fault:?})");
        let post = posts::create_as(
            &mut store,
            Some(&lan),
            NewPost { title: title.clone(), body_html: "<p>Nội dung.</p>".into(), category: String::new() },
        )
        .unwrap();
        let mut edit = as_edit(&post);
        edit.featured_photo_id = Some(photo);
        posts::edit_as(&mut store, Some(&lan), edit).unwrap();
        let item = Item::Post(post.id);
        review::transition(&mut store, &lan, item, Action::Submit, None, None).unwrap();
        review::transition(&mut store, &boss, item, Action::Approve, None, None).unwrap();

        proxy.once(method, path, fault);
        let t0 = Utc::now();
        let first = sync::run(&mut store, Lang::Vi, || t0, || 0.5).unwrap();
        assert_eq!(proxy.pending_faults(), 0, "{fault:?} was met");
        let outcome = first.items.iter().find(|i| i.item == item).unwrap();
        assert_eq!(outcome.outcome, "waiting", "{fault:?}: {first:?}");
        let error = outcome.error.as_ref().unwrap();
        assert_eq!(error.code, code, "{fault:?}: {}", error.message);
        assert!(error.message.contains("giữ trên máy") || error.message.contains("đăng nhập"), "{}", error.message);

        // The network is back; after the backoff it goes by itself.
        let later = t0 + Duration::hours(2);
        let second = sync::run(&mut store, Lang::Vi, || later, || 0.5).unwrap();
        let outcome = second.items.iter().find(|i| i.item == item).unwrap_or_else(|| panic!("{fault:?}: {second:?}"));
        assert_eq!(outcome.remote_status.as_deref(), Some("publish"), "{fault:?}: {second:?}");

        let marker: String = store
            .conn()
            .query_row("SELECT marker FROM portal_item WHERE item_id = ?1 AND item_kind = 'post'", [post.id], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(count("/wp/v2/posts", &marker), 1, "{fault:?}: exactly one post");
        let sha: String =
            store.conn().query_row("SELECT sha256 FROM photo WHERE id = ?1", [photo], |r| r.get(0)).unwrap();
        assert_eq!(count("/wp/v2/media", &format!("toasoan-{}-v1", &sha[..16])), 1, "{fault:?}: one copy of the photo");
        let there: Value = admin().get("/wp/v2/posts", &[("slug", &marker), ("context", "edit")]).unwrap();
        assert_eq!(there[0]["title"]["raw"], title.as_str());
    }
}

#[test]
fn a_photo_too_large_for_the_portal_goes_as_the_next_smaller_rendition() {
    keyring();
    let site = site();
    let proxy = Proxy::start(site.url.trim_start_matches("http://"));
    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    toasoan_photos::open_library(&store).unwrap();
    let address = login::set_address(&store, &proxy.url).unwrap();
    login::save(login::NO_PROFILE, &address, &site.login("bientap")).unwrap();
    let file = dir.path().join("lon.jpg");
    let shade = (std::process::id() % 251) as u8;
    image::RgbImage::from_fn(3000, 2000, |x, y| image::Rgb([shade, (x % 256) as u8, (y % 200) as u8]))
        .save(&file)
        .unwrap();
    let photo = toasoan_photos::import(&mut store, &file).unwrap().photo_id;
    let post = posts::create_as(
        &mut store,
        None,
        NewPost { title: "Ảnh lớn".into(), body_html: "<p>x</p>".into(), category: String::new() },
    )
    .unwrap();
    let mut edit = as_edit(&post);
    edit.featured_photo_id = Some(photo);
    posts::edit_as(&mut store, None, edit).unwrap();
    // No profiles: the PC's one login sends; the first upload is refused as too large.
    store.conn().execute("UPDATE post SET state = 'approved' WHERE id = ?1", [post.id]).unwrap();
    store
        .conn()
        .execute(
            "INSERT INTO outbox (item_kind, item_id, reason, created_at) VALUES ('post', ?1, 'approve', 'x')",
            [post.id],
        )
        .unwrap();
    proxy.once("POST", "/wp/v2/media", Fault::Status(413));
    let report = sync::run(&mut store, Lang::Vi, Utc::now, || 0.5).unwrap();
    let renditions: Vec<u32> =
        toasoan_photos::get(&store, photo).unwrap().renditions.iter().map(|r| r.long_edge).collect();
    assert_eq!(
        report.items[0].remote_status.as_deref(),
        Some("publish"),
        "{report:?}\nrenditions {renditions:?}\nthrough the proxy: {:?}",
        proxy.seen.lock().unwrap()
    );
    let media: i64 = store
        .conn()
        .query_row("SELECT remote_id FROM portal_media WHERE photo_id = ?1", [photo], |r| r.get(0))
        .unwrap();
    let there = admin().get(&format!("/wp/v2/media/{media}"), &[("context", "edit")]).unwrap();
    assert_eq!(there["media_details"]["width"], 1024, "the 1024-px rendition went instead of the 2048");
}

#[test]
fn offline_for_a_while_then_online_everything_arrives_in_order() {
    keyring();
    let site = site();
    let proxy = Proxy::start(site.url.trim_start_matches("http://"));
    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    users::add(&mut store, "lan-mat", "Nguyễn Thị Lan", &[Role::Editor], None).unwrap();
    users::add(&mut store, "truong-mat", "Trần Văn Trường", &[Role::Supervisor], Some("mk")).unwrap();
    let address = login::set_address(&store, &proxy.url).unwrap();
    login::save("lan-mat", &address, &site.login("tacgia")).unwrap();
    login::save("truong-mat", &address, &site.login("bientap")).unwrap();
    let lan = users::authenticate(&store, "lan-mat", None).unwrap();
    let boss = users::authenticate(&store, "truong-mat", Some("mk")).unwrap();

    // The office's line is down: every request fails, the work goes on.
    proxy.always("/", Fault::Status(503));
    let t0 = Utc::now();
    let mut items = Vec::new();
    for n in 0..3 {
        let title = format!("Tin mất mạng {n} ({})", std::process::id());
        let post = posts::create_as(
            &mut store,
            Some(&lan),
            NewPost { title, body_html: "<p>x</p>".into(), category: String::new() },
        )
        .unwrap();
        let item = Item::Post(post.id);
        review::transition(&mut store, &lan, item, Action::Submit, None, None).unwrap();
        items.push(item);
    }
    review::transition(&mut store, &boss, items[0], Action::Approve, None, None).unwrap();
    review::transition(&mut store, &boss, items[2], Action::Approve, None, None).unwrap();
    for hour in 0..3 {
        let at = t0 + Duration::hours(hour);
        let report = sync::run(&mut store, Lang::Vi, || at, || 0.5).unwrap();
        assert!(report.items.iter().all(|i| i.outcome == "waiting"), "{report:?}");
    }
    assert_eq!(newsroom::outbox::counts(&store).unwrap().waiting, 5, "nothing lost, nothing given up");

    // Back online: everything arrives, each item as its last step left it.
    proxy.heal();
    let later = t0 + Duration::hours(5);
    let report = sync::run(&mut store, Lang::Vi, || later, || 0.5).unwrap();
    let status = |item: Item| report.items.iter().find(|i| i.item == item).and_then(|i| i.remote_status.clone());
    assert_eq!(status(items[0]).as_deref(), Some("publish"), "{report:?}");
    assert_eq!(status(items[1]).as_deref(), Some("pending"));
    assert_eq!(status(items[2]).as_deref(), Some("publish"));
    // In order: the oldest entry's item went first.
    let order: Vec<Item> = report.items.iter().map(|i| i.item).collect();
    assert_eq!(order, items);
    assert_eq!(newsroom::outbox::counts(&store).unwrap().waiting, 0);
}

#[test]
fn a_site_without_pretty_permalinks_is_reached_at_rest_route() {
    let site = site();
    let proxy = Proxy::start(site.url.trim_start_matches("http://"));
    // /wp-json/ answers "not found", as on a site with plain permalinks behind some servers.
    proxy.always("/wp-json", Fault::Status(404));
    let address = login::parse_address(&proxy.url).unwrap();
    let report = toasoan_portal::connection::check(&address, &site.login("tacgia")).unwrap();
    assert!(!report.pretty_routes);
    assert_eq!(report.roles, vec!["author"]);
    assert!(proxy.seen.lock().unwrap().iter().any(|r| r.contains("rest_route=/wp/v2/users/me")));
}

#[test]
fn https_to_something_that_is_not_tls_says_so() {
    let plain = common::html_server(200);
    let address = login::parse_address(&plain.replace("http://", "https://")).unwrap();
    let err = toasoan_portal::connection::check(&address, &site().login("tacgia")).unwrap_err();
    assert_eq!(err.code(), "portal_tls", "{err:?}");
    assert!(err.message(Lang::Vi).contains("chứng chỉ"));
}

/// A real TLS server (openssl s_server) with a certificate no one vouches for, as a portal with
/// a self-made or expired certificate, or a box on the network listening in, would present.
#[test]
fn a_certificate_no_one_vouches_for_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = std::process::Command::new("openssl")
        .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl is installed by scripts/setup.sh");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = std::process::Command::new("openssl")
        .args(["s_server", "-quiet", "-www", "-accept", &port.to_string()])
        .arg("-cert")
        .arg(&cert)
        .arg("-key")
        .arg(&key)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let up = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "openssl s_server did not start");
    let address = login::parse_address(&format!("https://127.0.0.1:{port}")).unwrap();
    let err = toasoan_portal::connection::check(&address, &site().login("tacgia")).unwrap_err();
    server.kill().ok();
    server.wait().ok();
    assert_eq!(err.code(), "portal_tls", "{err:?}");
    let message = err.message(Lang::Vi);
    assert!(message.contains("chứng chỉ") && message.contains("ngày giờ"), "{message}");
}
