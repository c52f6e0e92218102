//! One error type for the core. Each error has a stable `code` the UI and scripts branch on,
//! and a sentence in the reader's language that says what to do.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

use crate::i18n::{t, tf, Lang};
use crate::review::{Action, Item, LogBroken, LogProblem, Need, State};

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
    #[error("archive post {0} not found")]
    ArchiveNotFound(i64),
    #[error("the archive is already being pulled")]
    ArchiveBusy,
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
    #[error("album {0} not found")]
    AlbumNotFound(i64),
    /// A review step the actor may not take: their roles never allow it, or the item is someone
    /// else's work (`need` says which).
    #[error("{who} may not {action:?} {item:?}: needs {need:?}")]
    Forbidden { item: Item, action: Action, need: Need, who: String },
    /// A review step nobody may take from the item's state (also the loser of two windows).
    #[error("{item:?} is {state:?}: cannot {action:?}")]
    InvalidTransition { item: Item, state: State, action: Action },
    /// An approval of a text that changed while the supervisor was reading it.
    #[error("{0:?} changed since it was shown")]
    ChangedSinceSeen(Item),
    /// A protected profile without its password (`missing`) or with a wrong one.
    #[error("wrong password for {name}")]
    WrongPassword { name: String, missing: bool },
    #[error("no user {0}")]
    UnknownUser(String),
    /// Requesting changes without saying what to change, or an empty note.
    #[error("a note is required")]
    NoteRequired,
    /// A supervisor profile without a password.
    #[error("a supervisor needs a password")]
    PasswordRequired,
    #[error("user {0} exists")]
    UserExists(String),
    #[error("{0} is not a user name")]
    UserNameInvalid(String),
    #[error("a profile needs a role")]
    RoleRequired,
    /// Once a supervisor exists, only a supervisor adds profiles.
    #[error("only a supervisor may add profiles")]
    UserAddForbidden,
    /// Changing someone else's profile, or roles, without being a supervisor.
    #[error("only a supervisor may change other people's profiles")]
    UserManageForbidden,
    /// Removing the last supervisor, or their role: nobody could approve anything.
    #[error("{0} is the last supervisor")]
    LastSupervisor(String),
    /// `user password` without --password-stdin: a password is never an argument (it would
    /// stay in the shell's history).
    #[error("--password-stdin is required")]
    PasswordStdinRequired,
    #[error("no outbox entry {0}")]
    OutboxNotFound(i64),
    /// Cancelling an entry that is being sent, or is done.
    #[error("outbox entry {0} cannot be cancelled now")]
    OutboxNotCancellable(i64),
    #[error("a display name is required")]
    DisplayNameRequired,
    #[error("cannot hash the password: {0}")]
    PasswordHash(String),
    /// An acting command without saying who acts (`profiles`: whether any profile exists yet).
    #[error("who is acting?")]
    WhoAreYou { profiles: bool },
    #[error("a time is required")]
    TimeRequired,
    /// A publication time that has passed (shown in Vietnam's time).
    #[error("{0} is in the past")]
    TimeInPast(String),
    #[error("{0:?} is in the bin")]
    InBin(Item),
    #[error("note {0} not found")]
    NoteNotFound(i64),
    /// Resolving a note that is neither one's own, nor on one's own item, without being a supervisor.
    #[error("may not resolve note {0}")]
    NoteForbidden(i64),
    #[error("passage not in the text: {0}")]
    PassageNotFound(String),
    /// The review log's hash chain does not check.
    #[error("review log broken at {0:?}")]
    LogBroken(LogBroken),
    /// A content snapshot in the log that is not JSON.
    #[error("bad snapshot: {0}")]
    BadSnapshot(String),
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
            Error::PostNotFound(_) | Error::PhotoNotFound(_) | Error::ArchiveNotFound(_) => "not_found",
            Error::ArchiveBusy => "archive_busy",
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
            Error::AlbumNotFound(_) | Error::NoteNotFound(_) => "not_found",
            Error::Forbidden { .. }
            | Error::UserAddForbidden
            | Error::UserManageForbidden
            | Error::NoteForbidden(_) => "forbidden",
            Error::LastSupervisor(_) => "last_supervisor",
            Error::DisplayNameRequired => "display_name_required",
            Error::OutboxNotFound(_) => "not_found",
            Error::OutboxNotCancellable(_) => "not_cancellable",
            Error::PasswordStdinRequired => "password_stdin_required",
            Error::InvalidTransition { .. } => "invalid_transition",
            Error::ChangedSinceSeen(_) => "changed_since_seen",
            Error::WrongPassword { .. } => "wrong_password",
            Error::UnknownUser(_) => "unknown_user",
            Error::NoteRequired => "note_required",
            Error::PasswordRequired => "password_required",
            Error::UserExists(_) => "user_exists",
            Error::UserNameInvalid(_) => "invalid_user_name",
            Error::RoleRequired => "role_required",
            Error::PasswordHash(_) => "password_hash_failed",
            Error::WhoAreYou { .. } => "who_are_you",
            Error::TimeRequired => "time_required",
            Error::TimeInPast(_) => "time_in_past",
            Error::InBin(_) => "in_bin",
            Error::PassageNotFound(_) => "passage_not_found",
            Error::LogBroken(_) => "log_broken",
            Error::BadSnapshot(_) => "log_broken",
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
            Error::ArchiveNotFound(id) => tf(lang, "error.archive_not_found", &[("id", id)]),
            Error::ArchiveBusy => t(lang, "error.archive_busy"),
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
            Error::AlbumNotFound(id) => tf(lang, "error.album_not_found", &[("id", id)]),
            Error::Forbidden { item, action, need, who } => {
                let action = t(lang, &format!("review.action.{}", action.code()));
                match need {
                    Need::Author(author) => tf(
                        lang,
                        "error.forbidden_author",
                        &[("who", who), ("action", &action), ("item", &item_name(*item, lang)), ("author", author)],
                    ),
                    Need::Supervisor | Need::Maker => {
                        let role =
                            t(lang, if *need == Need::Maker { "review.role.maker" } else { "review.role.supervisor" });
                        tf(lang, "error.forbidden_role", &[("who", who), ("action", &action), ("role", &role)])
                    }
                }
            }
            Error::ChangedSinceSeen(item) => {
                tf(lang, "error.changed_since_seen", &[("item", &item_title(*item, lang))])
            }
            Error::InvalidTransition { item, state, action } => tf(
                lang,
                "error.invalid_transition",
                &[
                    ("item", &item_title(*item, lang)),
                    ("state", &t(lang, &format!("review.state.{}", state.code()))),
                    ("action", &t(lang, &format!("review.action.{}", action.code()))),
                ],
            ),
            Error::WrongPassword { name, missing: true } => tf(lang, "error.password_missing", &[("name", name)]),
            Error::WrongPassword { name, missing: false } => tf(lang, "error.wrong_password", &[("name", name)]),
            Error::UnknownUser(name) => tf(lang, "error.unknown_user", &[("name", name)]),
            Error::NoteRequired => t(lang, "error.note_required"),
            Error::PasswordRequired => t(lang, "error.password_required"),
            Error::UserExists(name) => tf(lang, "error.user_exists", &[("name", name)]),
            Error::UserNameInvalid(name) => tf(lang, "error.invalid_user_name", &[("name", name)]),
            Error::RoleRequired => t(lang, "error.role_required"),
            Error::UserAddForbidden => t(lang, "error.user_add_forbidden"),
            Error::UserManageForbidden => t(lang, "error.user_manage_forbidden"),
            Error::LastSupervisor(name) => tf(lang, "error.last_supervisor", &[("name", name)]),
            Error::DisplayNameRequired => t(lang, "error.display_name_required"),
            Error::OutboxNotFound(id) => tf(lang, "error.outbox_not_found", &[("id", id)]),
            Error::OutboxNotCancellable(id) => tf(lang, "error.outbox_not_cancellable", &[("id", id)]),
            Error::PasswordStdinRequired => t(lang, "error.password_stdin_required"),
            Error::PasswordHash(detail) => tf(lang, "error.password_hash_failed", &[("detail", detail)]),
            Error::WhoAreYou { profiles: true } => t(lang, "error.who_are_you"),
            Error::WhoAreYou { profiles: false } => t(lang, "error.no_profiles"),
            Error::TimeRequired => t(lang, "error.time_required"),
            Error::TimeInPast(when) => tf(lang, "error.time_in_past", &[("when", when)]),
            Error::InBin(item) => tf(lang, "error.in_bin", &[("item", &item_title(*item, lang))]),
            Error::NoteNotFound(id) => tf(lang, "error.note_not_found", &[("id", id)]),
            Error::NoteForbidden(id) => tf(lang, "error.note_forbidden", &[("id", id)]),
            Error::PassageNotFound(passage) => tf(lang, "error.passage_not_found", &[("passage", passage)]),
            Error::LogBroken(b) => tf(
                lang,
                "error.log_broken",
                &[
                    ("item", &item_name(b.item, lang)),
                    ("seq", &b.seq),
                    ("problem", &t(lang, &format!("review.log_problem.{}", log_problem(b.problem)))),
                ],
            ),
            Error::BadSnapshot(detail) => tf(lang, "error.bad_snapshot", &[("detail", detail)]),
        }
    }

    pub fn report(&self, lang: Lang) -> ErrorReport {
        ErrorReport { code: self.code().to_string(), message: self.message(lang) }
    }
}

/// "bài 3", "album 3": an item inside a sentence.
pub fn item_name(item: Item, lang: Lang) -> String {
    tf(lang, &format!("review.item.{}", item.kind()), &[("id", &item.id())])
}

/// "Bài 3", "Album 3": an item opening a sentence.
pub fn item_title(item: Item, lang: Lang) -> String {
    tf(lang, &format!("review.item_start.{}", item.kind()), &[("id", &item.id())])
}

fn log_problem(p: LogProblem) -> &'static str {
    match p {
        LogProblem::Hash => "hash",
        LogProblem::Chain => "chain",
        LogProblem::Snapshot => "snapshot",
        LogProblem::State => "state",
    }
}
