//! "Kiểm tra kết nối": reaches the portal with a profile's login and says what it found — the
//! site's name, the account, its WordPress roles, and whether it may upload and publish.

use newsroom::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::login::{self, Address, Login};
use crate::wordpress::{Portal, Routes};
use crate::{PortalError, Result};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "PortalReport")]
pub struct Report {
    pub url: String,
    /// The site's name as WordPress gives it.
    pub site_name: String,
    /// The portal user name the login is for.
    pub account: String,
    pub display_name: String,
    /// WordPress roles: "administrator", "editor", "author", "contributor"…
    pub roles: Vec<String>,
    pub can_upload: bool,
    /// May publish (`publish_posts`); a contributor may only send posts for review.
    pub can_publish: bool,
    /// Plain http, accepted only because the portal is on this computer.
    pub plain_http: bool,
    /// The site answers at /wp-json/ (pretty permalinks); otherwise at /?rest_route=.
    pub pretty_routes: bool,
}

/// What the portal says about `login` at `address`.
pub fn check(address: &Address, login: &Login) -> Result<Report> {
    let portal = Portal::connect(address, login)?;
    let me = portal.me()?;
    let caps = &me["capabilities"];
    let can = |cap: &str| caps[cap].as_bool().unwrap_or(false);
    Ok(Report {
        url: address.url.clone(),
        site_name: portal.index["name"].as_str().unwrap_or_default().to_string(),
        account: me["username"].as_str().or(me["slug"].as_str()).unwrap_or(&login.user).to_string(),
        display_name: me["name"].as_str().unwrap_or_default().to_string(),
        roles: me["roles"].as_array().into_iter().flatten().filter_map(|r| r.as_str().map(String::from)).collect(),
        can_upload: can("upload_files"),
        can_publish: can("publish_posts"),
        plain_http: address.url.starts_with("http://"),
        pretty_routes: portal.routes() == Routes::Pretty,
    })
}

/// [`check`] with the saved address and `profile`'s saved login.
pub fn check_saved(store: &Store, profile: &str) -> Result<Report> {
    let address = login::address(store)?.ok_or(PortalError::NoPortal)?;
    let login = login::load(profile, &address)?;
    let report = check(&address, &login);
    if matches!(report, Err(PortalError::WrongPassword)) {
        // Perhaps changed in the keyring by another program: read it again next time.
        login::drop_kept(profile, &address);
    }
    report
}
