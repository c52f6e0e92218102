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
            PhotoError::NotFound(_) => "not_found",
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
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            long_edges: RENDITION_EDGES.to_vec(),
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
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
    match prepare(&data_dir, path, &claimed, &RENDITION_EDGES)? {
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
    import_batch(store, paths, lang, &ImportOptions::default(), &AtomicBool::new(false), &mut |_| {})
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
                let result = prepare(data_dir, file, claimed, &options.long_edges);
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
) -> Result<Prepared, PhotoError> {
    let bytes = read_photo_file(path)?;
    let sha = hex(&Sha256::digest(&bytes));
    if !claimed.lock().unwrap_or_else(|p| p.into_inner()).insert(sha.clone()) {
        return Ok(Prepared::Known(sha));
    }
    let result = (|| {
        let rendered = pipeline::render(path, &bytes, long_edges)?;
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

fn extension(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "png",
        ImageFormat::WebP => "webp",
        ImageFormat::Tiff => "tif",
        _ => "jpg",
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
