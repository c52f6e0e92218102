//! The real portal and the real keyring for the portal tests: WordPress started by
//! tests/portal/wordpress.sh (once per test binary), and the Secret Service that
//! tests/portal/with-keyring.sh provides. Missing either fails the test saying what to do.
#![allow(dead_code)]

pub mod proxy;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use serde::Deserialize;
use toasoan_portal::login::{self, Address, Login};

#[derive(Debug, Deserialize)]
pub struct Account {
    pub id: i64,
    pub role: String,
    pub name: String,
    pub password: String,
}

#[derive(Debug, Deserialize)]
pub struct Site {
    pub url: String,
    pub accounts: HashMap<String, Account>,
    pub categories: HashMap<String, i64>,
}

impl Site {
    pub fn address(&self) -> Address {
        login::parse_address(&self.url).unwrap()
    }

    pub fn login(&self, user: &str) -> Login {
        Login { user: user.to_string(), password: self.accounts[user].password.clone() }
    }
}

/// The test WordPress, started if it is not running.
pub fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/portal/wordpress.sh");
        let out = Command::new("bash").arg(&script).arg("start").output().expect("bash runs");
        assert!(
            out.status.success(),
            "the test WordPress did not start ({}): {}\nRun ./scripts/test, which installs it.",
            script.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let path = String::from_utf8(out.stdout).unwrap().trim().to_string();
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).expect("site.json")
    })
}

/// Fails unless a Secret Service is reachable: these tests keep passwords in the real keyring.
pub fn keyring() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session, so no keyring: run the tests through tests/portal/with-keyring.sh (./scripts/test does)"
    );
}

/// A web server on this computer that answers every request with `status` and an HTML page,
/// as a hotel's Wi-Fi login does. Returns its address.
pub fn html_server(status: u16) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let body = "<html><body>Đăng nhập Wi-Fi</body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

/// An address on this computer where nothing listens.
pub fn nobody_listening() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}
