//! Tòa Soạn's photo library: import (decode once, apply the EXIF orientation, make JPEG
//! renditions), originals kept byte-for-byte in a content-addressed folder beside the store.
//!
//! On disk, under the store's folder:
//! - `photos/originals/ab/<sha256>.<ext>`: the file as it came, never touched again;
//! - `photos/renditions/<sha256>-<edge>.jpg`: fresh encodes, so no EXIF, GPS or maker notes.
//!
//! Every file is written to a temp file in its folder, synced and renamed; the row goes in only
//! after its files exist, in one transaction. A crash leaves at most temp files or files with no
//! row, which [`clean_partial`] removes at the next start ([`open_library`]).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{SecondsFormat, Utc};
use image::ImageFormat;
use newsroom::error::ErrorReport;
use newsroom::i18n::tf;
use newsroom::{Lang, Store};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub mod album;
pub mod ipc_types;
pub mod metadata;
pub mod pipeline;

/// Long edges of the renditions, largest first.
pub const RENDITION_EDGES: [u32; 3] = [2048, 1024, 320];
/// JPEG quality of the renditions.
pub const JPEG_QUALITY: u8 = 82;
/// The largest photo imported: a 200-megapixel panorama. Checked from the header, before decoding.
pub const MAX_PIXELS: u64 = 200_000_000;
/// What the decoder may allocate: the largest photo at 4 bytes a pixel.
pub const MAX_ALLOC: u64 = MAX_PIXELS * 4;
/// Partial files younger than this may belong to an import running in another process.
pub const PARTIAL_GRACE: Duration = Duration::from_secs(60);

const LIBRARY_DIR: &str = "photos";
const PARTIAL_MARK: &str = ".partial-";

#[derive(Debug, thiserror::Error)]
pub enum PhotoError {
    #[error("{path} is empty")]
    EmptyFile { path: PathBuf },
    #[error("{path} is not a photo")]
    NotAPhoto { path: PathBuf },
    /// A photo in a format the library does not take (yet): HEIC, GIF, BMP…
    #[error("{path}: {format} is not supported")]
    UnsupportedFormat { path: PathBuf, format: String },
    #[error("{path} is {width} × {height} pixels, too large")]
    TooLarge { path: PathBuf, width: u32, height: u32 },
    #[error("{path} is damaged: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("cannot read {path}: {detail}")]
    Unreadable { path: PathBuf, detail: String },
    /// Writing the library's files failed (disk full, permissions).
    #[error("cannot write {path}: {detail}")]
    WriteFailed { path: PathBuf, detail: String },
    #[error("store: {0}")]
    Store(#[from] newsroom::Error),
    #[error("photo {0} not found")]
    NotFound(i64),
    #[error("album {0} not found")]
    AlbumNotFound(i64),
    #[error("an album needs a title")]
    AlbumTitleRequired,
    /// A text longer than its field takes (`len` and `max` in characters).
    #[error("{field:?} of {len} characters is longer than {max}")]
    TooLong { field: album::TextField, len: usize, max: usize },
    /// An album's event date that is not a real `YYYY-MM-DD` day.
    #[error("{0} is not a date")]
    InvalidDate(String),
    /// A cover or a photo to remove that is not one of the album's photos.
    #[error("photo {photo_id} is not in album {album_id}")]
    NotInAlbum { album_id: i64, photo_id: i64 },
    /// A new order that is not exactly the album's photos, each once.
    #[error("album {album_id}: photo {photo_id} is {problem:?} in the new order")]
    BadOrder { album_id: i64, photo_id: i64, problem: album::OrderProblem },
    /// A turn other than 0–3 quarter turns, or a crop outside the photo or too small to use.
    #[error("framing refused: {0}")]
    InvalidFraming(String),
}

impl From<rusqlite::Error> for PhotoError {
    fn from(e: rusqlite::Error) -> Self {
        PhotoError::Store(e.into())
    }
}

impl PhotoError {
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::EmptyFile { .. } => "empty_file",
            PhotoError::NotAPhoto { .. } => "not_a_photo",
            PhotoError::UnsupportedFormat { .. } => "unsupported_format",
            PhotoError::TooLarge { .. } => "photo_too_large",
            PhotoError::Corrupt { .. } => "photo_corrupt",
            PhotoError::Unreadable { .. } => "file_unreadable",
            PhotoError::WriteFailed { .. } | PhotoError::Store(_) => "store_failed",
            PhotoError::NotFound(_) | PhotoError::AlbumNotFound(_) => "not_found",
            PhotoError::AlbumTitleRequired => "title_required",
            PhotoError::TooLong { .. } => "too_long",
            PhotoError::InvalidDate(_) => "invalid_date",
            PhotoError::NotInAlbum { .. } => "not_in_album",
            PhotoError::BadOrder { .. } => "order_mismatch",
            PhotoError::InvalidFraming(_) => "invalid_framing",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            PhotoError::EmptyFile { path } => tf(lang, "error.photo_empty_file", &[("path", &path.display())]),
            PhotoError::NotAPhoto { path } => tf(lang, "error.photo_not_a_photo", &[("path", &path.display())]),
            PhotoError::UnsupportedFormat { path, format } => {
                tf(lang, "error.photo_unsupported_format", &[("path", &path.display()), ("format", format)])
            }
            PhotoError::TooLarge { path, width, height } => tf(
                lang,
                "error.photo_too_large",
                &[("path", &path.display()), ("width", width), ("height", height), ("max", &(MAX_PIXELS / 1_000_000))],
            ),
            PhotoError::Corrupt { path, detail } => {
                tf(lang, "error.photo_corrupt", &[("path", &path.display()), ("detail", detail)])
            }
            PhotoError::Unreadable { path, detail } => {
                tf(lang, "error.file_unreadable", &[("path", &path.display()), ("detail", detail)])
            }
            PhotoError::WriteFailed { path, detail } => {
                tf(lang, "error.photo_write_failed", &[("path", &path.display()), ("detail", detail)])
            }
            PhotoError::Store(e) => e.message(lang),
            PhotoError::NotFound(id) => tf(lang, "error.photo_not_found", &[("id", id)]),
            PhotoError::AlbumNotFound(id) => tf(lang, "error.album_not_found", &[("id", id)]),
            PhotoError::AlbumTitleRequired => tf(lang, "error.album_title_required", &[]),
            PhotoError::TooLong { field, len, max } => tf(
                lang,
                "error.album_too_long",
                &[("field", &newsroom::i18n::t(lang, field.key())), ("len", len), ("max", max)],
            ),
            PhotoError::InvalidDate(value) => tf(lang, "error.album_invalid_date", &[("value", value)]),
            PhotoError::NotInAlbum { album_id, photo_id } => {
                tf(lang, "error.album_not_in_album", &[("album", album_id), ("photo", photo_id)])
            }
            PhotoError::BadOrder { album_id, photo_id, problem } => {
                tf(lang, problem.key(), &[("album", album_id), ("photo", photo_id)])
            }
            PhotoError::InvalidFraming(detail) => tf(lang, "error.photo_invalid_framing", &[("detail", detail)]),
        }
    }

    pub fn report(&self, lang: Lang) -> ErrorReport {
        ErrorReport { code: self.code().to_string(), message: self.message(lang) }
    }
}

/// What [`import`] did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ImportOutcome {
    pub photo_id: i64,
    /// The same bytes were already in the library; nothing was written.
    pub duplicate: bool,
}

/// One line of an [`ImportReport`]: a photo id, or why the file was not imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportItem {
    pub path: String,
    pub photo_id: Option<i64>,
    pub duplicate: bool,
    pub error: Option<ErrorReport>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    pub items: Vec<ImportItem>,
    /// New photos.
    pub imported: usize,
    pub duplicates: usize,
    pub failed: usize,
    /// Files not started because the import was cancelled.
    pub cancelled: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Rendition {
    pub long_edge: u32,
    /// Absolute path of the JPEG.
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PhotoInfo {
    pub id: i64,
    pub sha256: String,
    /// Absolute path of the original, byte-for-byte as imported.
    pub original_path: String,
    pub bytes: u64,
    /// As shown, after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// When the camera took it (EXIF DateTimeOriginal, camera's local time, ISO 8601), if known.
    pub taken_at: Option<String>,
    pub caption: String,
    pub alt_text: String,
    pub credit: String,
    pub created_at: String,
    /// Largest first.
    pub renditions: Vec<Rendition>,
}

/// The folder that holds `originals/` and `renditions/`.
pub fn library_dir(store: &Store) -> PathBuf {
    store.path().parent().unwrap_or(Path::new(".")).join(LIBRARY_DIR)
}

/// Readies the library for use; the binaries call it at start. Removes what a crash left.
pub fn open_library(store: &Store) -> Result<(), PhotoError> {
    clean_partial(store)?;
    Ok(())
}

/// Removes temp files and files no row refers to, left by an import that crashed. Files younger
/// than [`PARTIAL_GRACE`] are kept: they may belong to an import running in another process.
/// Returns how many files were removed.
pub fn clean_partial(store: &Store) -> Result<usize, PhotoError> {
    clean_partial_older_than(store, PARTIAL_GRACE)
}

/// [`clean_partial`] with another grace period (`Duration::ZERO` when nothing else can be importing).
pub fn clean_partial_older_than(store: &Store, grace: Duration) -> Result<usize, PhotoError> {
    let root = library_dir(store);
    if !root.is_dir() {
        return Ok(0);
    }
    let data_dir = store.path().parent().unwrap_or(Path::new(".")).to_path_buf();
    let known: std::collections::HashSet<String> = {
        let conn = store.conn();
        let mut stmt = conn.prepare("SELECT original_path FROM photo UNION ALL SELECT path FROM rendition")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let now = SystemTime::now();
    let mut files = Vec::new();
    walk(&root, &mut files, &|_| true);
    let mut removed = 0;
    for file in files {
        let Some(name) = file.file_name().and_then(|n| n.to_str()) else { continue };
        let partial = name.contains(PARTIAL_MARK);
        let orphan = !partial && !known.contains(&relative(&data_dir, &file));
        if !(partial || orphan) {
            continue;
        }
        let age = std::fs::metadata(&file)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .unwrap_or(Duration::MAX);
        if age >= grace && std::fs::remove_file(&file).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// How a batch import runs.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Long edges of the renditions, largest first.
    pub long_edges: Vec<u32>,
    /// Photos decoded at once; each takes a core.
    pub threads: usize,
    /// Written into every rendition (the office's copyright; a new photo has no caption yet).
    pub stamp: metadata::Stamp,
}

impl ImportOptions {
    /// The sizes and copyright the settings give (the defaults when they cannot be read).
    pub fn from_settings(store: &Store) -> ImportOptions {
        let mut options = ImportOptions::default();
        if let Ok(settings) = newsroom::settings::get(store) {
            options.long_edges = settings.photo_sizes;
            options.stamp.copyright = settings.photo_copyright;
        }
        options
    }
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            long_edges: RENDITION_EDGES.to_vec(),
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            stamp: metadata::Stamp::default(),
        }
    }
}

/// Sent after each file of a batch, in the order they finish: the grid fills as photos arrive.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportProgress {
    /// Files finished so far, this one included.
    pub done: usize,
    pub total: usize,
    pub item: ImportItem,
}

/// Imports one photo file.
pub fn import(store: &mut Store, path: &Path) -> Result<ImportOutcome, PhotoError> {
    let data_dir = data_dir(store);
    let known = known_hashes(store)?;
    let claimed = std::sync::Mutex::new(known);
    match prepare(&data_dir, path, &claimed, &RENDITION_EDGES, &metadata::Stamp::default())? {
        Prepared::Known(sha) => {
            let id = find_by_hash(store, &sha)?.ok_or(PhotoError::NotFound(0))?;
            Ok(ImportOutcome { photo_id: id, duplicate: true })
        }
        Prepared::New(new) => commit(store, &data_dir, new),
    }
}

/// Imports files and folders (a folder's photos recursively, by extension: a card's DCIM folder).
/// A file that fails gets its line in the report and the rest go on.
pub fn import_many(store: &mut Store, paths: &[PathBuf], lang: Lang) -> ImportReport {
    let options = ImportOptions::from_settings(store);
    import_batch(store, paths, lang, &options, &AtomicBool::new(false), &mut |_| {})
}

/// [`import_many`] on `options.threads` cores, calling `on_item` as each file finishes. Setting
/// `cancel` stops it between photos: those already being made are finished and kept, the rest are
/// not started and are counted in [`ImportReport::cancelled`]. The report lists files in the
/// order given.
pub fn import_batch(
    store: &mut Store,
    paths: &[PathBuf],
    lang: Lang,
    options: &ImportOptions,
    cancel: &AtomicBool,
    on_item: &mut dyn FnMut(&ImportProgress),
) -> ImportReport {
    let files = photo_files(paths);
    let total = files.len();
    let mut report = ImportReport::default();
    let data_dir = data_dir(store);
    let claimed = match known_hashes(store) {
        Ok(known) => std::sync::Mutex::new(known),
        Err(e) => {
            report.failed = total;
            report.items = files.iter().map(|f| failed_item(f, &e, lang)).collect();
            return report;
        }
    };
    let next = AtomicUsize::new(0);
    let threads = options.threads.clamp(1, total.max(1));
    let mut items: Vec<Option<ImportItem>> = vec![None; total];
    let mut waiting_for_original: Vec<(usize, String)> = Vec::new();
    let mut done = 0;
    std::thread::scope(|scope| {
        // Bounded: a slow store makes the workers wait rather than pile up results.
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Prepared, PhotoError>)>(threads);
        for _ in 0..threads {
            let tx = tx.clone();
            let (files, next, claimed, data_dir) = (&files, &next, &claimed, &data_dir);
            scope.spawn(move || loop {
                if cancel.load(Ordering::Relaxed) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let result = prepare(data_dir, file, claimed, &options.long_edges, &options.stamp);
                if tx.send((i, result)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        // The store is written from this thread only, one photo per transaction, as results come.
        for (i, result) in rx {
            let outcome = match result {
                Ok(Prepared::New(new)) => commit(store, &data_dir, new),
                Ok(Prepared::Known(sha)) => match find_by_hash(store, &sha) {
                    Ok(Some(id)) => Ok(ImportOutcome { photo_id: id, duplicate: true }),
                    // The same bytes earlier in this batch, not yet in the store.
                    Ok(None) => {
                        waiting_for_original.push((i, sha));
                        continue;
                    }
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            };
            done += 1;
            let item = outcome_item(&files[i], outcome, lang);
            on_item(&ImportProgress { done, total, item: item.clone() });
            items[i] = Some(item);
        }
    });
    for (i, sha) in waiting_for_original {
        let outcome = match find_by_hash(store, &sha) {
            Ok(Some(id)) => Ok(ImportOutcome { photo_id: id, duplicate: true }),
            // The first copy failed to import; this one is refused with it.
            Ok(None) => {
                Err(PhotoError::Corrupt { path: files[i].clone(), detail: "duplicate of a failed file".into() })
            }
            Err(e) => Err(e),
        };
        done += 1;
        let item = outcome_item(&files[i], outcome, lang);
        on_item(&ImportProgress { done, total, item: item.clone() });
        items[i] = Some(item);
    }
    for item in items {
        match item {
            None => report.cancelled += 1,
            Some(item) => {
                match (&item.error, item.duplicate) {
                    (Some(_), _) => report.failed += 1,
                    (None, true) => report.duplicates += 1,
                    (None, false) => report.imported += 1,
                }
                report.items.push(item);
            }
        }
    }
    report
}

/// The files an import of `paths` takes: files as given, folders walked for photo extensions.
fn photo_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &has_photo_extension);
            files.sort();
            out.extend(files);
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn outcome_item(file: &Path, outcome: Result<ImportOutcome, PhotoError>, lang: Lang) -> ImportItem {
    match outcome {
        Ok(o) => ImportItem {
            path: file.display().to_string(),
            photo_id: Some(o.photo_id),
            duplicate: o.duplicate,
            error: None,
        },
        Err(e) => failed_item(file, &e, lang),
    }
}

fn failed_item(file: &Path, e: &PhotoError, lang: Lang) -> ImportItem {
    ImportItem { path: file.display().to_string(), photo_id: None, duplicate: false, error: Some(e.report(lang)) }
}

/// What a worker made of one file, before the store knows of it.
enum Prepared {
    /// These bytes are already in the library, or being imported by another worker.
    Known(String),
    New(NewPhoto),
}

struct NewPhoto {
    sha: String,
    bytes: u64,
    width: u32,
    height: u32,
    taken_at: Option<String>,
    original: PathBuf,
    /// (long edge, file, width, height, bytes)
    renditions: Vec<(u32, PathBuf, u32, u32, u64)>,
}

/// Reads, decodes and renders one file and writes its files into the library (atomically, before
/// any row refers to them). `claimed` holds the hashes in the library or taken by a worker.
fn prepare(
    data_dir: &Path,
    path: &Path,
    claimed: &std::sync::Mutex<std::collections::HashSet<String>>,
    long_edges: &[u32],
    stamp: &metadata::Stamp,
) -> Result<Prepared, PhotoError> {
    let bytes = read_photo_file(path)?;
    let sha = hex(&Sha256::digest(&bytes));
    if !claimed.lock().unwrap_or_else(|p| p.into_inner()).insert(sha.clone()) {
        return Ok(Prepared::Known(sha));
    }
    let result = (|| {
        let mut rendered = pipeline::render(path, &bytes, long_edges)?;
        if *stamp != metadata::Stamp::default() {
            for r in &mut rendered.renditions {
                r.jpeg = metadata::stamp_jpeg(&r.jpeg, stamp);
            }
        }
        let library = data_dir.join(LIBRARY_DIR);
        let mut written: Vec<PathBuf> = Vec::new();
        let files = (|| {
            let mut renditions = Vec::new();
            for r in &rendered.renditions {
                let file = library.join("renditions").join(format!("{sha}-{}.jpg", r.long_edge));
                write_atomic(&file, &r.jpeg)?;
                written.push(file.clone());
                renditions.push((r.long_edge, file, r.width, r.height, r.jpeg.len() as u64));
            }
            let original =
                library.join("originals").join(&sha[..2]).join(format!("{sha}.{}", extension(rendered.format)));
            write_atomic(&original, &bytes)?;
            written.push(original.clone());
            Ok::<_, PhotoError>((original, renditions))
        })();
        match files {
            Ok((original, renditions)) => Ok(NewPhoto {
                sha: sha.clone(),
                bytes: bytes.len() as u64,
                width: rendered.width,
                height: rendered.height,
                taken_at: rendered.taken_at,
                original,
                renditions,
            }),
            Err(e) => {
                for file in &written {
                    let _ = std::fs::remove_file(file);
                }
                Err(e)
            }
        }
    })();
    if result.is_err() {
        // Another copy of these bytes later in the batch may still make it.
        claimed.lock().unwrap_or_else(|p| p.into_inner()).remove(&sha);
    }
    result.map(Prepared::New)
}

/// Adds a prepared photo's rows in one transaction; removes its files if that fails.
fn commit(store: &mut Store, data_dir: &Path, new: NewPhoto) -> Result<ImportOutcome, PhotoError> {
    let created_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let original_rel = relative(data_dir, &new.original);
    let result = store.with_tx(|tx| {
        let inserted = tx.execute(
            "INSERT INTO photo (sha256, original_path, bytes, width, height, taken_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
            params![new.sha, original_rel, new.bytes as i64, new.width, new.height, new.taken_at, created_at],
        )?;
        if inserted == 0 {
            // Another process imported the same bytes meanwhile; the files are identical.
            let id = tx.query_row("SELECT id FROM photo WHERE sha256 = ?1", [&new.sha], |r| r.get(0))?;
            return Ok(ImportOutcome { photo_id: id, duplicate: true });
        }
        let id = tx.last_insert_rowid();
        for (edge, file, w, h, bytes) in &new.renditions {
            tx.execute(
                "INSERT INTO rendition (photo_id, long_edge, path, width, height, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, edge, relative(data_dir, file), w, h, *bytes as i64],
            )?;
        }
        Ok(ImportOutcome { photo_id: id, duplicate: false })
    });
    if result.is_err() {
        for file in new.renditions.iter().map(|r| &r.1).chain([&new.original]) {
            let _ = std::fs::remove_file(file);
        }
    }
    Ok(result?)
}

fn known_hashes(store: &Store) -> Result<std::collections::HashSet<String>, PhotoError> {
    let conn = store.conn();
    let mut stmt = conn.prepare("SELECT sha256 FROM photo")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn data_dir(store: &Store) -> PathBuf {
    store.path().parent().unwrap_or(Path::new(".")).to_path_buf()
}

/// A photo with its renditions.
pub fn get(store: &Store, id: i64) -> Result<PhotoInfo, PhotoError> {
    let data_dir = store.path().parent().unwrap_or(Path::new(".")).to_path_buf();
    let abs = |rel: String| data_dir.join(rel).display().to_string();
    let conn = store.conn();
    let mut info = conn
        .query_row(
            "SELECT id, sha256, original_path, bytes, width, height, taken_at, caption, alt_text, credit, created_at
             FROM photo WHERE id = ?1",
            [id],
            |r| {
                Ok(PhotoInfo {
                    id: r.get(0)?,
                    sha256: r.get(1)?,
                    original_path: abs(r.get(2)?),
                    bytes: r.get::<_, i64>(3)? as u64,
                    width: r.get(4)?,
                    height: r.get(5)?,
                    taken_at: r.get(6)?,
                    caption: r.get(7)?,
                    alt_text: r.get(8)?,
                    credit: r.get(9)?,
                    created_at: r.get(10)?,
                    renditions: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(PhotoError::NotFound(id))?;
    let mut stmt = conn.prepare(
        "SELECT long_edge, path, width, height, bytes FROM rendition WHERE photo_id = ?1 ORDER BY long_edge DESC",
    )?;
    info.renditions = stmt
        .query_map([id], |r| {
            Ok(Rendition {
                long_edge: r.get(0)?,
                path: abs(r.get(1)?),
                width: r.get(2)?,
                height: r.get(3)?,
                bytes: r.get::<_, i64>(4)? as u64,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(info)
}

fn read_photo_file(path: &Path) -> Result<Vec<u8>, PhotoError> {
    let unreadable = |e: std::io::Error| PhotoError::Unreadable { path: path.to_path_buf(), detail: e.to_string() };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    // Look at the first bytes before reading the rest: a video on the card need not be read whole.
    let mut head = [0u8; 32];
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]).map_err(unreadable)? {
            0 => break,
            k => n += k,
        }
    }
    if n == 0 {
        return Err(PhotoError::EmptyFile { path: path.to_path_buf() });
    }
    pipeline::sniff(path, &head[..n])?;
    let mut bytes = head[..n].to_vec();
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(bytes)
}

fn find_by_hash(store: &Store, sha: &str) -> Result<Option<i64>, PhotoError> {
    Ok(store.conn().query_row("SELECT id FROM photo WHERE sha256 = ?1", [sha], |r| r.get(0)).optional()?)
}

fn extension(format: pipeline::PhotoFormat) -> &'static str {
    match format {
        pipeline::PhotoFormat::Heif => "heic",
        pipeline::PhotoFormat::Image(ImageFormat::Png) => "png",
        pipeline::PhotoFormat::Image(ImageFormat::WebP) => "webp",
        pipeline::PhotoFormat::Image(ImageFormat::Tiff) => "tif",
        pipeline::PhotoFormat::Image(_) => "jpg",
    }
}

fn has_photo_extension(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "jpg" | "jpeg" | "jpe" | "png" | "webp" | "tif" | "tiff" | "heic" | "heif")
}

/// Regular files under `dir` that pass `keep`; hidden files (macOS's `._IMG_0001.JPG`) and
/// symlinked folders are skipped.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = entry.file_name().to_str().is_some_and(|n| n.starts_with('.') && !n.contains(PARTIAL_MARK));
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            if !hidden {
                walk(&path, out, keep);
            }
        } else if !hidden && (kind.is_file() || kind.is_symlink() && path.is_file()) && keep(&path) {
            out.push(path);
        }
    }
}

/// Path relative to the data folder, with `/` separators, as the store keeps it.
fn relative(data_dir: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(data_dir).unwrap_or(file);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` so that `path` holds either nothing or all of them: a temp file in the
/// same folder, synced, then renamed over; the folder is synced so the rename survives a power cut.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PhotoError> {
    let failed = |e: std::io::Error| PhotoError::WriteFailed { path: path.to_path_buf(), detail: e.to_string() };
    let dir = path.parent().expect("library files live in a folder");
    std::fs::create_dir_all(dir).map_err(failed)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("photo");
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}{PARTIAL_MARK}{}-{n}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)?;
        #[cfg(unix)]
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(failed)
}

// The library as a grid, and the texts that go with each photo: caption, alt text, credit.

/// Every photo in the library, newest first (for the CLI; the window reads [`page`]s).
pub fn list(store: &Store) -> Result<Vec<album::PhotoSummary>, PhotoError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = page(store, after.as_ref(), newsroom::lists::MAX_PAGE)?;
        out.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(out),
        }
    }
}

/// One page of the library.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PhotoPage {
    pub items: Vec<album::PhotoSummary>,
    pub next: Option<newsroom::lists::Cursor>,
    /// How many photos the library holds (kept by triggers, not counted).
    pub total: u32,
}

/// `limit` photos after `after`, newest first: by when they were taken, then by when they were
/// imported; photos whose camera recorded no time come after those that did. Keyset on the
/// `photo_by_taken` index; the cursor's key is "taken_at|created_at".
pub fn page(store: &Store, after: Option<&newsroom::lists::Cursor>, limit: u32) -> Result<PhotoPage, PhotoError> {
    let limit = newsroom::lists::limit(limit);
    let keyset = if after.is_some() {
        "WHERE (coalesce(p.taken_at, ''), p.created_at, p.id) < (?1, ?2, ?3)"
    } else {
        "WHERE ?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL"
    };
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {}, coalesce(p.taken_at, ''), p.created_at FROM photo p {keyset}
         ORDER BY coalesce(p.taken_at, '') DESC, p.created_at DESC, p.id DESC LIMIT ?4",
        album::SUMMARY_COLUMNS
    ))?;
    let (taken, created, id) = match after {
        Some(c) => {
            let (t, c2) = c.key.split_once('|').unwrap_or((c.key.as_str(), ""));
            (Some(t.to_string()), Some(c2.to_string()), Some(c.id))
        }
        None => (None, None, None),
    };
    let n = album::SUMMARY_COLUMNS.split(',').count();
    let rows = stmt.query_map(params![taken, created, id, limit + 1], |r| {
        Ok((album::summary_row(r)?, r.get::<_, String>(n)?, r.get::<_, String>(n + 1)?))
    })?;
    let mut rows: Vec<(album::PhotoSummary, String, String)> = rows.collect::<rusqlite::Result<_>>()?;
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|(p, taken, created)| newsroom::lists::Cursor { key: format!("{taken}|{created}"), id: p.id })
    } else {
        None
    };
    Ok(PhotoPage {
        items: rows.into_iter().map(|(p, _, _)| p).collect(),
        next,
        total: newsroom::lists::tally(store, "photos")?,
    })
}

/// Sets the fields `edit` gives on every photo of `ids` (one caption for a whole selection), in
/// one transaction. Text is trimmed and NFC; a caption takes at most [`album::MAX_CAPTION`]
/// characters, alt text [`album::MAX_ALT_TEXT`], a credit [`album::MAX_CREDIT`]. A text too long
/// or an id not in the library is refused and no photo is changed. Returns the photos in the
/// order of `ids`, each once.
pub fn edit_photos(
    store: &mut Store,
    ids: &[i64],
    edit: &album::PhotoEdit,
) -> Result<Vec<album::PhotoSummary>, PhotoError> {
    use album::TextField;
    let clean = |field, text: &Option<String>| text.as_deref().map(|t| album::clean(field, t)).transpose();
    let caption = clean(TextField::Caption, &edit.caption)?;
    let alt_text = clean(TextField::AltText, &edit.alt_text)?;
    let credit = clean(TextField::Credit, &edit.credit)?;
    let mut unique: Vec<i64> = Vec::with_capacity(ids.len());
    for &id in ids {
        if !unique.contains(&id) {
            unique.push(id);
        }
    }
    let edited = album::write(store, |tx| {
        let mut out = Vec::with_capacity(unique.len());
        let select = format!("SELECT {} FROM photo p WHERE p.id = ?1", album::SUMMARY_COLUMNS);
        for &id in &unique {
            tx.execute(
                "UPDATE photo SET caption = COALESCE(?2, caption), alt_text = COALESCE(?3, alt_text),
                                  credit = COALESCE(?4, credit)
                 WHERE id = ?1",
                params![id, caption, alt_text, credit],
            )?;
            let photo = tx.query_row(&select, [id], album::summary_row).optional()?.ok_or(PhotoError::NotFound(id))?;
            out.push(photo);
        }
        Ok(out)
    })?;
    // The words are saved; now the renditions carry them too, so the portal reads them. A file
    // that cannot be written is said, and the next edit (or a turn) writes it again.
    for photo in &edited {
        restamp(store, photo.id)?;
    }
    Ok(edited)
}

/// What a photo's renditions say about it: its caption, alt text and credit (the album's credit
/// when the photo has none of its own) and the office's copyright from the settings.
fn stamp_of(store: &Store, id: i64) -> Result<metadata::Stamp, PhotoError> {
    let (caption, alt_text, credit): (String, String, String) = store
        .conn()
        .query_row(
            "SELECT p.caption, p.alt_text,
                    CASE WHEN p.credit <> '' THEN p.credit ELSE COALESCE(
                        (SELECT a.credit FROM album_photo ap JOIN album a ON a.id = ap.album_id
                         WHERE ap.photo_id = p.id AND a.credit <> '' ORDER BY a.updated_at DESC LIMIT 1), '') END
             FROM photo p WHERE p.id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or(PhotoError::NotFound(id))?;
    let copyright = newsroom::settings::get(store)?.photo_copyright;
    Ok(metadata::Stamp { caption, alt_text, credit, copyright })
}

/// Writes the photo's current words into each of its renditions (pixels untouched).
pub fn restamp(store: &Store, id: i64) -> Result<(), PhotoError> {
    let stamp = stamp_of(store, id)?;
    for r in get(store, id)?.renditions {
        let path = PathBuf::from(&r.path);
        let jpeg =
            std::fs::read(&path).map_err(|e| PhotoError::Unreadable { path: path.clone(), detail: e.to_string() })?;
        write_atomic(&path, &metadata::stamp_jpeg(&jpeg, &stamp))?;
    }
    Ok(())
}

/// Most a crop may leave out: at least 1 % of each side stays.
const MIN_CROP: f64 = 0.01;
/// Rounding in the window may put an edge a hair past the photo's.
const CROP_SLACK: f64 = 1e-6;

/// Turns and crops a photo: its renditions are made again from the untouched original (with the
/// sizes the settings now give), its words stamped in, its version bumped so the window reloads
/// the thumbnails. The new files are written before the row changes and the old ones removed
/// after, so a failure at any point leaves the photo as it was.
pub fn frame(store: &mut Store, id: i64, framing: album::Framing) -> Result<album::PhotoSummary, PhotoError> {
    if framing.quarter_turns > 3 {
        return Err(PhotoError::InvalidFraming(format!("{} quarter turns", framing.quarter_turns)));
    }
    let framing = album::Framing {
        crop: match framing.crop {
            Some(c) => {
                let finite = [c.x, c.y, c.w, c.h].iter().all(|v| v.is_finite());
                let inside = c.x >= -CROP_SLACK
                    && c.y >= -CROP_SLACK
                    && c.x + c.w <= 1.0 + CROP_SLACK
                    && c.y + c.h <= 1.0 + CROP_SLACK;
                if !finite || !inside || c.w < MIN_CROP || c.h < MIN_CROP {
                    return Err(PhotoError::InvalidFraming(format!("x {} y {} w {} h {}", c.x, c.y, c.w, c.h)));
                }
                let x = c.x.clamp(0.0, 1.0);
                let y = c.y.clamp(0.0, 1.0);
                let whole = x == 0.0 && y == 0.0 && c.w >= 1.0 && c.h >= 1.0;
                (!whole).then(|| album::Crop { x, y, w: c.w.min(1.0 - x), h: c.h.min(1.0 - y) })
            }
            None => None,
        },
        ..framing
    };
    let info = get(store, id)?;
    let original = PathBuf::from(&info.original_path);
    let bytes = std::fs::read(&original)
        .map_err(|e| PhotoError::Unreadable { path: original.clone(), detail: e.to_string() })?;
    let edges = newsroom::settings::get(store)?.photo_sizes;
    let rendered = pipeline::render_framed(&original, &bytes, &edges, &framing)?;
    let stamp = stamp_of(store, id)?;
    let version: i64 = store.conn().query_row("SELECT version FROM photo WHERE id = ?1", [id], |r| r.get(0))?;
    let data_dir = data_dir(store);
    let folder = data_dir.join(LIBRARY_DIR).join("renditions");
    let mut written = Vec::new();
    let result = (|| {
        let mut rows = Vec::new();
        for r in &rendered.renditions {
            let file = folder.join(format!("{}-v{}-{}.jpg", info.sha256, version + 1, r.long_edge));
            let jpeg = metadata::stamp_jpeg(&r.jpeg, &stamp);
            write_atomic(&file, &jpeg)?;
            written.push(file.clone());
            rows.push((r.long_edge, relative(&data_dir, &file), r.width, r.height, jpeg.len() as i64));
        }
        album::write(store, |tx| {
            tx.execute("DELETE FROM rendition WHERE photo_id = ?1", [id])?;
            for (edge, rel, w, h, len) in &rows {
                tx.execute(
                    "INSERT INTO rendition (photo_id, long_edge, path, width, height, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, edge, rel, w, h, len],
                )?;
            }
            tx.execute(
                "UPDATE photo SET quarter_turns = ?2, crop = ?3, width = ?4, height = ?5, version = version + 1
                 WHERE id = ?1",
                params![
                    id,
                    framing.quarter_turns,
                    framing.crop.map(album::Crop::to_column),
                    rendered.width,
                    rendered.height
                ],
            )?;
            let select = format!("SELECT {} FROM photo p WHERE p.id = ?1", album::SUMMARY_COLUMNS);
            Ok(tx.query_row(&select, [id], album::summary_row)?)
        })
    })();
    match result {
        Ok(photo) => {
            let kept: std::collections::HashSet<&PathBuf> = written.iter().collect();
            for old in info.renditions.iter().map(|r| PathBuf::from(&r.path)) {
                if !kept.contains(&old) {
                    let _ = std::fs::remove_file(old);
                }
            }
            Ok(photo)
        }
        Err(e) => {
            for file in &written {
                let _ = std::fs::remove_file(file);
            }
            Err(e)
        }
    }
}
