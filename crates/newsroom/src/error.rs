//! One error type for the core. Each error has a stable `code` the UI and scripts branch on,
//! and a sentence in the reader's language that says what to do.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::i18n::{tf, Lang};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("data folder {path} is not writable: {detail}")]
    DataDirNotWritable { path: PathBuf, detail: String },
    #[error("{path} is not an SQLite store")]
    StoreNotSqlite { path: PathBuf },
    #[error("store {path} has schema {found}, newer than {supported}")]
    StoreTooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("disk full")]
    DiskFull,
    #[error("store error: {0}")]
    Store(#[source] rusqlite::Error),
    #[error("post {0} not found")]
    PostNotFound(i64),
    /// A featured photo that is not in the library.
    #[error("photo {0} not found")]
    PhotoNotFound(i64),
    #[error("cannot read {path}: {detail}")]
    FileUnreadable { path: PathBuf, detail: String },
    #[error("{path} is not UTF-8 text")]
    FileNotText { path: PathBuf },
    /// A people list in a format other than .csv or .xlsx.
    #[error("{path}: only .csv and .xlsx people lists can be imported")]
    ImportUnsupported { path: PathBuf },
    #[error("cannot read the people list {path}: {detail}")]
    ImportUnreadable { path: PathBuf, detail: String },
    #[error("{path} is not UTF-8 CSV")]
    ImportNotUtf8 { path: PathBuf },
    /// No row of the list names a "Họ và tên" column.
    #[error("{path} has no header row with a name column")]
    ImportNoHeader { path: PathBuf },
    #[error("{0} is not a date")]
    InvalidDate(String),
    #[error("slug {slug} is used by {other}")]
    SlugTaken { slug: String, other: String },
    #[error("not a time: {0}")]
    BadTime(String),
    #[error("revision {0} not found")]
    RevisionNotFound(i64),
    #[error("a post needs a title")]
    TitleRequired,
    #[error("body of {0} bytes is too large")]
    BodyTooLarge(usize),
    /// Rendition sizes outside what the settings allow.
    #[error("photo sizes {0} refused")]
    PhotoSizes(String),
    /// Something outside the core (a dialog, the window system) failed.
    #[error("window: {0}")]
    Window(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DiskFull) => Error::DiskFull,
            _ => Error::Store(e),
        }
    }
}

/// What crosses the IPC boundary and what `--json` prints under `"error"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorReport {
    pub code: String,
    pub message: String,
}

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::DataDirNotWritable { .. } => "data_dir_not_writable",
            Error::StoreNotSqlite { .. } => "store_not_sqlite",
            Error::StoreTooNew { .. } => "store_too_new",
            Error::DiskFull => "disk_full",
            Error::Store(_) => "store_failed",
            Error::PostNotFound(_) | Error::PhotoNotFound(_) => "not_found",
            Error::FileUnreadable { .. } => "file_unreadable",
            Error::FileNotText { .. } => "file_not_text",
            Error::ImportUnsupported { .. } => "import_unsupported",
            Error::ImportUnreadable { .. } => "import_unreadable",
            Error::ImportNotUtf8 { .. } => "import_not_utf8",
            Error::ImportNoHeader { .. } => "import_no_header",
            Error::InvalidDate(_) => "invalid_date",
            Error::Window(_) => "window_failed",
            Error::PhotoSizes(_) => "invalid_photo_sizes",
            Error::SlugTaken { .. } => "slug_taken",
            Error::BadTime(_) => "invalid_time",
            Error::RevisionNotFound(_) => "not_found",
            Error::TitleRequired => "title_required",
            Error::BodyTooLarge(_) => "body_too_large",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::DataDirNotWritable { path, detail } => {
                tf(lang, "error.data_dir_not_writable", &[("path", &path.display()), ("detail", detail)])
            }
            Error::StoreNotSqlite { path } => tf(lang, "error.store_not_sqlite", &[("path", &path.display())]),
            Error::StoreTooNew { path, found, supported } => tf(
                lang,
                "error.store_too_new",
                &[("path", &path.display()), ("found", found), ("supported", supported)],
            ),
            Error::DiskFull => tf(lang, "error.disk_full", &[]),
            Error::Store(e) => tf(lang, "error.store_failed", &[("detail", e)]),
            Error::PostNotFound(id) => tf(lang, "error.post_not_found", &[("id", id)]),
            Error::PhotoNotFound(id) => tf(lang, "error.featured_photo_not_found", &[("id", id)]),
            Error::FileUnreadable { path, detail } => {
                tf(lang, "error.file_unreadable", &[("path", &path.display()), ("detail", detail)])
            }
            Error::FileNotText { path } => tf(lang, "error.file_not_text", &[("path", &path.display())]),
            Error::ImportUnsupported { path } => tf(lang, "error.import_unsupported", &[("path", &path.display())]),
            Error::ImportUnreadable { path, detail } => {
                tf(lang, "error.import_unreadable", &[("path", &path.display()), ("detail", detail)])
            }
            Error::ImportNotUtf8 { path } => tf(lang, "error.import_not_utf8", &[("path", &path.display())]),
            Error::ImportNoHeader { path } => tf(lang, "error.import_no_header", &[("path", &path.display())]),
            Error::InvalidDate(value) => tf(lang, "error.invalid_date", &[("value", value)]),
            Error::Window(detail) => tf(lang, "error.window_failed", &[("detail", detail)]),
            Error::PhotoSizes(sizes) => tf(lang, "error.invalid_photo_sizes", &[("sizes", sizes)]),
            Error::SlugTaken { slug, other } => tf(lang, "error.slug_taken", &[("slug", slug), ("other", other)]),
            Error::BadTime(text) => tf(lang, "error.invalid_time", &[("text", text)]),
            Error::RevisionNotFound(id) => tf(lang, "error.revision_not_found", &[("id", id)]),
            Error::TitleRequired => tf(lang, "error.title_required", &[]),
            Error::BodyTooLarge(bytes) => tf(
                lang,
                "error.body_too_large",
                &[("mb", &(bytes / (1024 * 1024))), ("max", &(crate::posts::MAX_BODY_BYTES / (1024 * 1024)))],
            ),
        }
    }

    pub fn report(&self, lang: Lang) -> ErrorReport {
        ErrorReport { code: self.code().to_string(), message: self.message(lang) }
    }
}
