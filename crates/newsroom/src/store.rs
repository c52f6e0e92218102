//! The SQLite store: one file, `toasoan.db`, in the app-data folder (or `TOASOAN_DATA_DIR`).
//! Every connection is set up the same way; migrations are embedded and each runs in its own
//! transaction; a store from a newer version, or a file that is not SQLite, is refused untouched.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};

pub const STORE_FILE: &str = "toasoan.db";
/// Tauri's bundle identifier; the window's app-data folder is named after it, and so is the CLI's.
pub const APP_IDENTIFIER: &str = "vn.toasoan.app";

/// Embedded migrations, in order. The schema version (`PRAGMA user_version`) is how many ran.
const MIGRATIONS: &[(&str, &str)] = &[
    ("0001_posts", include_str!("../migrations/0001_posts.sql")),
    ("0002_people", include_str!("../migrations/0002_people.sql")),
    ("0003_post_fields", include_str!("../migrations/0003_post_fields.sql")),
    ("0004_meeting", include_str!("../migrations/0004_meeting.sql")),
    ("0005_photos", include_str!("../migrations/0005_photos.sql")),
    ("0006_albums", include_str!("../migrations/0006_albums.sql")),
    ("0007_post_photos", include_str!("../migrations/0007_post_photos.sql")),
    ("0008_review", include_str!("../migrations/0008_review.sql")),
    ("0009_profile_removal", include_str!("../migrations/0009_profile_removal.sql")),
    ("0010_outbox", include_str!("../migrations/0010_outbox.sql")),
    ("0011_search", include_str!("../migrations/0011_search.sql")),
    ("0012_lists", include_str!("../migrations/0012_lists.sql")),
];

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// What `toasoan doctor` and the settings screen show about the store.
#[derive(Debug, Clone, Serialize, TS)]
pub struct StoreInfo {
    pub path: String,
    pub schema_version: i32,
    pub supported_schema_version: i32,
    /// "ok", or the problems `PRAGMA integrity_check` found.
    pub integrity: Vec<String>,
}

/// `TOASOAN_DATA_DIR` when set, else the OS's app-data folder (what Tauri's `app_data_dir` gives).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TOASOAN_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER)
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        ensure_writable(dir)?;
        let path = dir.join(STORE_FILE);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&path, flags).map_err(|e| classify_open_error(e, &path, dir))?;

        // Read the version before anything writes: WAL mode alone would rewrite the header
        // of a file we must leave as it was.
        let found: i64 =
            conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(|e| classify_open_error(e, &path, dir))?;
        if found > SCHEMA_VERSION {
            return Err(Error::StoreTooNew { path, found, supported: SCHEMA_VERSION });
        }

        configure(&conn)?;
        let mut store = Store { conn, path };
        store.migrate(MIGRATIONS, found)?;
        Ok(store)
    }

    pub fn open_default() -> Result<Store> {
        Store::open(&default_data_dir())
    }

    fn migrate(&mut self, migrations: &[(&str, &str)], from: i64) -> Result<()> {
        for (i, (_name, sql)) in migrations.iter().enumerate().skip(from as usize) {
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            // Another process may have migrated while we waited for the write lock.
            let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one IMMEDIATE transaction: all of it is saved, or none of it.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    pub fn info(&self) -> Result<StoreInfo> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let integrity = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(StoreInfo {
            path: self.path.display().to_string(),
            schema_version: self.schema_version()? as i32,
            supported_schema_version: SCHEMA_VERSION as i32,
            integrity,
        })
    }

    /// This store's own short random name (8 hex digits), made once: what this PC puts in the
    /// marks it leaves on the portal, so that another PC's post 3 is never taken for ours.
    pub fn install_id(&self) -> Result<String> {
        if let Some(id) = self.setting("install_id")? {
            return Ok(id);
        }
        let mut bytes = [0u8; 4];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut bytes);
        let id: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        // Two windows starting at once: the first one written wins, both read it back.
        self.conn.execute("INSERT OR IGNORE INTO setting (key, value) VALUES ('install_id', ?1)", [&id])?;
        Ok(self.setting("install_id")?.unwrap_or(id))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }
}

/// Drafts must survive a power cut: WAL with a full sync on every commit.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The search index's triggers call these (migration 0011 already does).
    crate::search::register(conn)?;
    Ok(())
}

fn ensure_writable(dir: &Path) -> Result<()> {
    let not_writable = |e: std::io::Error| Error::DataDirNotWritable { path: dir.to_path_buf(), detail: e.to_string() };
    std::fs::create_dir_all(dir).map_err(not_writable)?;
    // SQLite needs to create the -wal and -shm files beside the store; prove we can.
    let probe = dir.join(".toasoan-write-probe");
    std::fs::write(&probe, b"").map_err(not_writable)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

fn classify_open_error(e: rusqlite::Error, path: &Path, dir: &Path) -> Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => Error::StoreNotSqlite { path: path.to_path_buf() },
        Some(rusqlite::ErrorCode::CannotOpen)
        | Some(rusqlite::ErrorCode::PermissionDenied)
        | Some(rusqlite::ErrorCode::ReadOnly) => {
            Error::DataDirNotWritable { path: dir.to_path_buf(), detail: e.to_string() }
        }
        _ => Error::from(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_migration_leaves_the_store_at_the_last_good_version() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let half = ("half", "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1);");
        let broken: Vec<_> = MIGRATIONS.iter().copied().chain([half]).collect();
        assert!(store.migrate(&broken, SCHEMA_VERSION).is_err());
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let half: i64 =
            store.conn().query_row("SELECT count(*) FROM sqlite_master WHERE name = 'half'", [], |r| r.get(0)).unwrap();
        assert_eq!(half, 0, "the failed migration's first statement was rolled back with it");
    }

    /// A store as an older version left it: migrated up to `upto` migrations only.
    fn store_at(dir: &Path, upto: usize) -> Store {
        let path = dir.join(STORE_FILE);
        let conn = Connection::open(&path).unwrap();
        configure(&conn).unwrap();
        let mut store = Store { conn, path };
        store.migrate(&MIGRATIONS[..upto], 0).unwrap();
        store
    }

    #[test]
    fn a_store_with_photos_migrates_to_albums_and_keeps_its_photos() {
        let dir = tempfile::tempdir().unwrap();
        let old = store_at(dir.path(), 5);
        assert_eq!(old.schema_version().unwrap(), 5);
        old.conn()
            .execute(
                "INSERT INTO photo (sha256, original_path, bytes, width, height, caption, created_at)
                 VALUES ('ab', 'photos/originals/ab/ab.jpg', 10, 40, 20, 'Lễ khai giảng', '2025-09-05T01:00:00Z')",
                [],
            )
            .unwrap();
        drop(old);

        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        let (caption, version): (String, i64) =
            store.conn().query_row("SELECT caption, version FROM photo", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        assert_eq!((caption.as_str(), version), ("Lễ khai giảng", 1), "existing photos start at version 1");

        let c = store.conn();
        c.execute("INSERT INTO album (title, created_at, updated_at, cover_photo_id) VALUES ('A', 'x', 'x', 1)", [])
            .unwrap();
        c.execute("INSERT INTO album_photo (album_id, photo_id, position) VALUES (1, 1, 0)", []).unwrap();
        assert!(
            c.execute(
                "INSERT INTO album (title, event_date, created_at, updated_at) VALUES ('B', '5/9/2025', 'x', 'x')",
                []
            )
            .is_err(),
            "event dates are YYYY-MM-DD"
        );
        c.execute("DELETE FROM photo WHERE id = 1", []).unwrap();
        let (cover, members): (Option<i64>, i64) = c
            .query_row("SELECT cover_photo_id, (SELECT count(*) FROM album_photo) FROM album WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((cover, members), (None, 0), "a deleted photo leaves its albums and stops being a cover");
        assert_eq!(store.info().unwrap().integrity, vec!["ok".to_string()]);
    }
}
