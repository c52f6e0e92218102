//! Every way talking to the portal goes wrong, as one typed error whose message tells the
//! person what to do (Vietnamese first). HTTP answers are turned into these in one place,
//! [`crate::wordpress`]; nothing else looks at status codes.

use newsroom::i18n::{t, tf};
use newsroom::{ErrorReport, Lang};

#[derive(Debug, thiserror::Error)]
pub enum PortalError {
    /// No portal address saved yet.
    #[error("no portal address")]
    NoPortal,
    #[error("{0} is not a web address")]
    BadUrl(String),
    /// Plain http to anything but this computer: the password would cross the network readable.
    #[error("{0} is not https")]
    NeedsHttps(String),
    /// No portal account saved for this profile on this PC.
    #[error("no portal login for {0}")]
    NoLogin(String),
    /// The OS keyring cannot be reached (no Secret Service running, locked and no prompt…).
    #[error("keyring: {0}")]
    Keyring(String),
    /// 401: the user name or the application password is wrong, or was revoked.
    #[error("the portal refused the login")]
    WrongPassword,
    /// `rest_cannot_publish`: the account may write but not publish.
    #[error("the portal account cannot publish")]
    CannotPublish,
    /// Another 403: the account lacks a right the step needs.
    #[error("the portal refused: {0}")]
    Forbidden(String),
    /// 413 or WordPress's upload limit: `limit` in bytes when the portal said it.
    #[error("the file is too large for the portal")]
    TooLarge { size: u64, limit: Option<u64> },
    /// The address answers, but not with WordPress's REST API (wrong address, or REST disabled).
    #[error("no WordPress REST API at {0}")]
    NoApi(String),
    /// HTML (or anything else) where JSON was expected: a captive portal, a proxy's login page.
    #[error("the portal answered {status} with {content_type}, not JSON")]
    NotJson { status: u16, content_type: String },
    #[error("TLS: {0}")]
    Tls(String),
    #[error("the portal did not answer in time")]
    Timeout,
    /// Cannot reach the portal at all: no network, DNS, refused.
    #[error("cannot reach the portal: {0}")]
    Offline(String),
    /// 5xx: the portal's own failure; worth retrying later.
    #[error("the portal failed with {status}: {detail}")]
    Server { status: u16, detail: String },
    /// Any other refusal, with WordPress's own code and message.
    #[error("the portal refused with {status} {code}: {message}")]
    Rejected { status: u16, code: String, message: String },
    /// "Take theirs" on an album: the portal's gallery cannot become the album's photos.
    #[error("an album keeps its own version")]
    AlbumTakesMine,
    /// A category the portal does not have (only its administrator makes categories).
    #[error("no category {0} on the portal")]
    NoCategory(String),
    /// Resolving a conflict that is not (or no longer) there.
    #[error("no conflict")]
    NoConflict,
    /// A library photo's file that cannot be read for upload.
    #[error("photo: {0}")]
    Photo(String),
    /// The photo library's own refusal (a photo or album that is gone…), in its words.
    #[error(transparent)]
    Library(#[from] toasoan_photos::PhotoError),
    /// A package that cannot be written (a full disk, a folder one may not write in).
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
    #[error(transparent)]
    Store(#[from] newsroom::Error),
}

impl From<rusqlite::Error> for PortalError {
    fn from(e: rusqlite::Error) -> Self {
        PortalError::Store(e.into())
    }
}

impl PortalError {
    pub fn code(&self) -> &'static str {
        match self {
            PortalError::NoPortal => "portal_not_set",
            PortalError::BadUrl(_) => "portal_bad_url",
            PortalError::NeedsHttps(_) => "portal_needs_https",
            PortalError::NoLogin(_) => "portal_no_login",
            PortalError::Keyring(_) => "keyring_failed",
            PortalError::WrongPassword => "portal_wrong_password",
            PortalError::CannotPublish => "portal_cannot_publish",
            PortalError::Forbidden(_) => "portal_forbidden",
            PortalError::TooLarge { .. } => "portal_too_large",
            PortalError::NoApi(_) => "portal_no_api",
            PortalError::NotJson { .. } => "portal_not_json",
            PortalError::Tls(_) => "portal_tls",
            PortalError::Timeout => "portal_timeout",
            PortalError::Offline(_) => "portal_offline",
            PortalError::Server { .. } => "portal_server_error",
            PortalError::Rejected { .. } => "portal_rejected",
            PortalError::Photo(_) => "portal_photo_unreadable",
            PortalError::Library(e) => e.code(),
            PortalError::Write { .. } => "package_write_failed",
            PortalError::NoConflict => "no_conflict",
            PortalError::NoCategory(_) => "portal_no_category",
            PortalError::AlbumTakesMine => "album_takes_mine",
            PortalError::Store(e) => e.code(),
        }
    }

    /// Worth trying again later by itself (the network or the portal may come back); the others
    /// need a person to change something first.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            PortalError::Timeout | PortalError::Offline(_) | PortalError::Server { .. } | PortalError::NotJson { .. }
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        let mib = |b: u64| format!("{:.1}", b as f64 / (1024.0 * 1024.0));
        match self {
            PortalError::NoPortal => t(lang, "error.portal_not_set"),
            PortalError::BadUrl(url) => tf(lang, "error.portal_bad_url", &[("url", url)]),
            PortalError::NeedsHttps(url) => tf(lang, "error.portal_needs_https", &[("url", url)]),
            PortalError::NoLogin(user) => tf(lang, "error.portal_no_login", &[("user", user)]),
            PortalError::Keyring(detail) => tf(lang, "error.keyring_failed", &[("detail", detail)]),
            PortalError::WrongPassword => t(lang, "error.portal_wrong_password"),
            PortalError::CannotPublish => t(lang, "error.portal_cannot_publish"),
            PortalError::Forbidden(detail) => tf(lang, "error.portal_forbidden", &[("detail", detail)]),
            PortalError::TooLarge { size, limit: Some(limit) } => {
                tf(lang, "error.portal_too_large_limit", &[("size", &mib(*size)), ("limit", &mib(*limit))])
            }
            PortalError::TooLarge { size, limit: None } => tf(lang, "error.portal_too_large", &[("size", &mib(*size))]),
            PortalError::NoApi(url) => tf(lang, "error.portal_no_api", &[("url", url)]),
            PortalError::NotJson { status, content_type } => {
                tf(lang, "error.portal_not_json", &[("status", status), ("type", content_type)])
            }
            PortalError::Tls(detail) => tf(lang, "error.portal_tls", &[("detail", detail)]),
            PortalError::Timeout => t(lang, "error.portal_timeout"),
            PortalError::Offline(detail) => tf(lang, "error.portal_offline", &[("detail", detail)]),
            PortalError::Server { status, detail } => {
                tf(lang, "error.portal_server_error", &[("status", status), ("detail", detail)])
            }
            PortalError::Rejected { status, code, message } => {
                tf(lang, "error.portal_rejected", &[("status", status), ("code", code), ("message", message)])
            }
            PortalError::NoConflict => t(lang, "error.no_conflict"),
            PortalError::NoCategory(name) => tf(lang, "error.portal_no_category", &[("name", name)]),
            PortalError::AlbumTakesMine => t(lang, "error.album_takes_mine"),
            PortalError::Photo(detail) => tf(lang, "error.portal_photo_unreadable", &[("detail", detail)]),
            PortalError::Library(e) => e.message(lang),
            PortalError::Write { path, detail } => {
                tf(lang, "error.package_write_failed", &[("path", path), ("detail", detail)])
            }
            PortalError::Store(e) => e.message(lang),
        }
    }

    pub fn report(&self, lang: Lang) -> ErrorReport {
        ErrorReport { code: self.code().to_string(), message: self.message(lang) }
    }
}
