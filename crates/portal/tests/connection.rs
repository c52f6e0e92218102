//! "Test connection" against the real WordPress and the real keyring (issue 6, item 1).

mod common;

use common::{html_server, keyring, nobody_listening, site};
use toasoan_portal::connection;
use toasoan_portal::login::{self, Login};

#[test]
fn each_account_shows_its_roles_and_whether_it_may_upload_and_publish() {
    let site = site();
    let address = site.address();
    assert!(address.loopback, "the test site is on this computer, so plain http is accepted");
    for (user, roles, upload, publish) in [
        ("bientap", "editor", true, true),
        ("tacgia", "author", true, true),
        ("congtacvien", "contributor", false, false),
    ] {
        let report = connection::check(&address, &site.login(user)).unwrap();
        assert_eq!(report.site_name, "Cổng thông tin điện tử xã (thử nghiệm)");
        assert_eq!(report.account, user);
        assert_eq!(report.display_name, site.accounts[user].name);
        assert_eq!(report.roles, vec![roles.to_string()]);
        assert_eq!((report.can_upload, report.can_publish), (upload, publish), "{user}");
        assert!(report.plain_http);
    }
}

#[test]
fn a_wrong_password_or_user_is_said_in_words() {
    let site = site();
    let wrong = Login { user: "tacgia".into(), password: "abcd efgh ijkl mnop qrst uvwx".into() };
    let err = connection::check(&site.address(), &wrong).unwrap_err();
    assert_eq!(err.code(), "portal_wrong_password", "{err:?}");
    assert!(err.message(newsroom::Lang::Vi).contains("mật khẩu ứng dụng mới"));
    let nobody = Login { user: "khong-co-ai".into(), password: site.accounts["tacgia"].password.clone() };
    assert_eq!(connection::check(&site.address(), &nobody).unwrap_err().code(), "portal_wrong_password");
}

#[test]
fn no_portal_a_web_page_and_a_wrong_address_each_get_their_own_message() {
    let login = Login { user: "tacgia".into(), password: "x".into() };
    let offline = login::parse_address(&nobody_listening()).unwrap();
    assert_eq!(connection::check(&offline, &login).unwrap_err().code(), "portal_offline");

    // A Wi-Fi login page answering everything with HTML.
    let captive = login::parse_address(&html_server(200)).unwrap();
    let err = connection::check(&captive, &login).unwrap_err();
    assert_eq!(err.code(), "portal_not_json", "{err:?}");
    assert!(err.message(newsroom::Lang::Vi).contains("đòi đăng nhập"));

    // A web server that is not the portal (a mistyped address): "not found" pages.
    let wrong = login::parse_address(&html_server(404)).unwrap();
    let err = connection::check(&wrong, &login).unwrap_err();
    assert_eq!(err.code(), "portal_no_api", "{err:?}");
    assert!(err.message(newsroom::Lang::Vi).contains(&wrong.url));
}

#[test]
fn logins_live_in_the_keyring_per_profile_and_never_in_the_store() {
    keyring();
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    let address = login::set_address(&store, &format!("{}/", site.url)).unwrap();
    assert_eq!(login::address(&store).unwrap(), Some(address.clone()));

    let lan = site.login("tacgia");
    let truong = site.login("bientap");
    login::save("lan", &address, &lan).unwrap();
    login::save("truong", &address, &truong).unwrap();
    assert_eq!(login::load("lan", &address).unwrap(), lan);
    assert_eq!(login::load("truong", &address).unwrap(), truong);
    assert_eq!(login::user_name("lan", &address).unwrap().as_deref(), Some("tacgia"));
    assert_eq!(login::load("minh", &address).unwrap_err().code(), "portal_no_login");
    let report = connection::check_saved(&store, "truong").unwrap();
    assert_eq!(report.roles, vec!["editor"]);

    // Nothing of the password is in the store's files.
    drop(store);
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            let secret = lan.password.replace(' ', "");
            assert!(
                !String::from_utf8_lossy(&bytes).replace(' ', "").contains(&secret),
                "{} holds the password",
                path.display()
            );
        }
    }

    login::forget("lan", &address).unwrap();
    login::forget("lan", &address).unwrap();
    assert_eq!(login::load("lan", &address).unwrap_err().code(), "portal_no_login");
}

#[test]
fn the_keyring_is_read_once_per_login_and_again_after_the_portal_refuses_it() {
    keyring();
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let store = newsroom::open(dir.path()).unwrap();
    let address = login::set_address(&store, &site.url).unwrap();
    let right = site.login("tacgia");
    let wrong = Login { user: right.user.clone(), password: "sai1 sai2 sai3 sai4".into() };
    // Another program's view of the same keyring entry.
    let outside = keyring::Entry::new("toasoan-portal", &format!("hoa@{}", address.url)).unwrap();
    let secret = |l: &Login| format!(r#"{{"user":"{}","password":"{}"}}"#, l.user, l.password);

    login::save("hoa", &address, &right).unwrap();
    assert_eq!(login::load("hoa", &address).unwrap(), right);
    outside.set_password(&secret(&wrong)).unwrap();
    assert_eq!(
        login::load("hoa", &address).unwrap(),
        right,
        "the keyring is not asked again (a locked one would prompt)"
    );
    assert!(connection::check_saved(&store, "hoa").is_ok());

    // Saved wrong in the window, put right by another program: the refusal makes it read again.
    login::save("hoa", &address, &wrong).unwrap();
    outside.set_password(&secret(&right)).unwrap();
    assert_eq!(connection::check_saved(&store, "hoa").unwrap_err().code(), "portal_wrong_password");
    assert_eq!(connection::check_saved(&store, "hoa").unwrap().account, "tacgia");
    login::forget("hoa", &address).unwrap();
    assert_eq!(login::load("hoa", &address).unwrap_err().code(), "portal_no_login");
}
