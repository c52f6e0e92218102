//! Where the portal is, and who each person is on it. The address is a setting (in SQLite: it
//! is no secret); each profile's portal user name and WordPress application password live
//! only in the OS keyring, under the service "toasoan-portal" and the account
//! "PROFILE@ADDRESS", so two profiles on one PC, or one person on two portals, never mix.

use std::fmt;

use newsroom::Store;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::{Host, Url};

use crate::{PortalError, Result};

const SERVICE: &str = "toasoan-portal";
const URL_SETTING: &str = "portal_url";

/// The keyring account of a store without profiles (one person, or a PC set up before them).
pub const NO_PROFILE: &str = "-";

/// A portal account: a WordPress user name and one of its application passwords.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Login {
    pub user: String,
    pub password: String,
}

// Never print the password, even in a debug log or a panic message.
impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login").field("user", &self.user).field("password", &"…").finish()
    }
}

/// A portal address as it is kept: scheme, host, port and path, without a trailing slash or a
/// query. https is required, except for this computer itself (a test site, a local mirror),
/// which `loopback` marks so the window can say why plain http is accepted there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub url: String,
    pub loopback: bool,
}

/// Checks and normalises what a person typed as the portal's address: "cong.xa.gov.vn" gets
/// https://, a trailing slash or "/wp-json" goes.
pub fn parse_address(typed: &str) -> Result<Address> {
    let typed = typed.trim();
    let with_scheme = if typed.contains("://") { typed.to_string() } else { format!("https://{typed}") };
    let url = Url::parse(&with_scheme).map_err(|_| PortalError::BadUrl(typed.to_string()))?;
    // A user name or password in the address would end up in logs and settings.
    let credentials = !url.username().is_empty() || url.password().is_some();
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() || url.cannot_be_a_base() || credentials {
        return Err(PortalError::BadUrl(typed.to_string()));
    }
    let loopback = match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if url.scheme() == "http" && !loopback {
        return Err(PortalError::NeedsHttps(typed.to_string()));
    }
    let mut clean = url.clone();
    clean.set_query(None);
    clean.set_fragment(None);
    let path = clean.path().trim_end_matches('/').trim_end_matches("/wp-json").to_string();
    clean.set_path(&path);
    Ok(Address { url: clean.as_str().trim_end_matches('/').to_string(), loopback })
}

/// The saved portal address, if any.
pub fn address(store: &Store) -> Result<Option<Address>> {
    Ok(match store.setting(URL_SETTING)? {
        Some(url) if !url.is_empty() => Some(parse_address(&url)?),
        _ => None,
    })
}

pub fn set_address(store: &Store, typed: &str) -> Result<Address> {
    let address = parse_address(typed)?;
    store.set_setting(URL_SETTING, &address.url)?;
    Ok(address)
}

fn account(profile: &str, address: &Address) -> String {
    format!("{profile}@{}", address.url)
}

fn entry(profile: &str, address: &Address) -> Result<keyring::Entry> {
    keyring::Entry::new(SERVICE, &account(profile, address)).map_err(keyring_error)
}

/// Logins read from the keyring in this process, so the background sender (every minute) asks
/// the keyring once per login rather than each time: a locked desktop keyring would otherwise
/// prompt again and again. Held in memory only; saving, forgetting and a refused password
/// ([`drop_kept`]) change or drop it.
static KEPT: std::sync::Mutex<Option<std::collections::HashMap<String, Login>>> = std::sync::Mutex::new(None);

fn kept(f: impl FnOnce(&mut std::collections::HashMap<String, Login>) -> Option<Login>) -> Option<Login> {
    let mut guard = KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    f(guard.get_or_insert_with(Default::default))
}

/// Forgets the copy in memory of `profile`'s login, so the next use reads the keyring again
/// (the portal refused it: it may have been changed by another program).
pub fn drop_kept(profile: &str, address: &Address) {
    kept(|m| m.remove(&account(profile, address)));
}

fn keyring_error(e: keyring::Error) -> PortalError {
    PortalError::Keyring(e.to_string())
}

/// Keeps `login` for `profile` on the portal at `address`, replacing any before.
pub fn save(profile: &str, address: &Address, login: &Login) -> Result<()> {
    let user = login.user.trim();
    if user.is_empty() || login.password.trim().is_empty() {
        return Err(PortalError::NoLogin(profile.to_string()));
    }
    // WordPress shows application passwords in groups of four ("abcd efgh …"); it accepts them
    // with or without the spaces, so keep them as given.
    let secret = serde_json::to_string(&Login { user: user.to_string(), password: login.password.trim().to_string() })
        .expect("strings serialise");
    entry(profile, address)?.set_password(&secret).map_err(keyring_error)?;
    let login = Login { user: user.to_string(), password: login.password.trim().to_string() };
    kept(|m| m.insert(account(profile, address), login));
    Ok(())
}

/// The login kept for `profile`, or `NoLogin`.
pub fn load(profile: &str, address: &Address) -> Result<Login> {
    if let Some(login) = kept(|m| m.get(&account(profile, address)).cloned()) {
        return Ok(login);
    }
    match entry(profile, address)?.get_password() {
        Ok(secret) => {
            let login: Login = serde_json::from_str(&secret).map_err(|_| PortalError::NoLogin(profile.to_string()))?;
            kept(|m| m.insert(account(profile, address), login.clone()));
            Ok(login)
        }
        Err(keyring::Error::NoEntry) => Err(PortalError::NoLogin(profile.to_string())),
        Err(e) => Err(keyring_error(e)),
    }
}

/// The portal user name kept for `profile`, without reading out the password to anyone.
pub fn user_name(profile: &str, address: &Address) -> Result<Option<String>> {
    match load(profile, address) {
        Ok(login) => Ok(Some(login.user)),
        Err(PortalError::NoLogin(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What Cài đặt → Cổng thông tin shows: the address and, for the profile at the keyboard, the
/// portal user name kept in the keyring (never the password).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PortalSettings {
    pub url: Option<String>,
    /// Plain http accepted because the portal is on this computer.
    pub loopback: bool,
    /// The portal user name kept for this profile; None when none is kept.
    pub user: Option<String>,
    /// The category albums go into on the portal.
    pub album_category: String,
}

const ALBUM_CATEGORY_SETTING: &str = "portal_album_category";

/// The category albums go into: the setting, else "Album ảnh".
pub fn album_category(store: &Store) -> Result<String> {
    Ok(store
        .setting(ALBUM_CATEGORY_SETTING)?
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(|| crate::sync::DEFAULT_ALBUM_CATEGORY.to_string()))
}

/// Sets the album category (an empty name goes back to "Album ảnh").
pub fn set_album_category(store: &Store, name: &str) -> Result<String> {
    store.set_setting(ALBUM_CATEGORY_SETTING, &newsroom::text::nfc(name.trim()))?;
    album_category(store)
}

pub fn settings(store: &Store, profile: &str) -> Result<PortalSettings> {
    let album_category = album_category(store)?;
    let Some(address) = address(store)? else {
        return Ok(PortalSettings { url: None, loopback: false, user: None, album_category });
    };
    let user = user_name(profile, &address)?;
    Ok(PortalSettings { url: Some(address.url), loopback: address.loopback, user, album_category })
}

/// Saves the address, and `profile`'s login on it: `password` None keeps the one kept before
/// (changing only the user name or the address still needs it again, since it is kept per both).
pub fn configure(
    store: &Store,
    profile: &str,
    url: &str,
    user: &str,
    password: Option<&str>,
) -> Result<PortalSettings> {
    let address = parse_address(url)?;
    let password = match password.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p.to_string(),
        None => match load(profile, &address) {
            Ok(kept) if kept.user == user.trim() => kept.password,
            Ok(_) | Err(PortalError::NoLogin(_)) => return Err(PortalError::NoLogin(profile.to_string())),
            Err(e) => return Err(e),
        },
    };
    save(profile, &address, &Login { user: user.trim().to_string(), password })?;
    store.set_setting(URL_SETTING, &address.url)?;
    settings(store, profile)
}

/// Forgets `profile`'s login (nothing to forget is fine).
pub fn forget(profile: &str, address: &Address) -> Result<()> {
    drop_kept(profile, address);
    match entry(profile, address)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_normalised_and_plain_http_only_on_this_computer() {
        let ok = |typed: &str| parse_address(typed).unwrap();
        assert_eq!(ok("cong.tayho.gov.vn").url, "https://cong.tayho.gov.vn");
        assert_eq!(ok(" https://Cong.TayHo.gov.vn/ ").url, "https://cong.tayho.gov.vn");
        assert_eq!(ok("https://tayho.gov.vn/tin-tuc/wp-json/").url, "https://tayho.gov.vn/tin-tuc");
        assert_eq!(ok("https://tayho.gov.vn/?rest_route=/").url, "https://tayho.gov.vn");
        let local = ok("http://127.0.0.1:8089");
        assert_eq!((local.url.as_str(), local.loopback), ("http://127.0.0.1:8089", true));
        assert!(ok("http://localhost/wp").loopback);
        assert!(ok("http://[::1]:8080").loopback);
        assert!(!ok("https://tayho.gov.vn").loopback);
        for bad in ["", "ftp://tayho.gov.vn", "https://", "mailto:a@b.vn"] {
            assert_eq!(parse_address(bad).unwrap_err().code(), "portal_bad_url", "{bad}");
        }
        assert_eq!(parse_address("http://tayho.gov.vn").unwrap_err().code(), "portal_needs_https");
        assert_eq!(parse_address("http://192.168.1.10").unwrap_err().code(), "portal_needs_https");
    }

    #[test]
    fn a_login_never_shows_its_password_in_debug_output() {
        let login = Login { user: "tacgia".into(), password: "abcd efgh ijkl".into() };
        assert!(!format!("{login:?}").contains("abcd"));
    }
}
