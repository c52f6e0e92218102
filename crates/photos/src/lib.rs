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

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{SecondsFormat, Utc};
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat, ImageReader, RgbImage};
use newsroom::error::ErrorReport;
use newsroom::i18n::tf;
use newsroom::{Lang, Store};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

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

/// Imports one photo file.
pub fn import(store: &mut Store, path: &Path) -> Result<ImportOutcome, PhotoError> {
    let bytes = read_photo_file(path)?;
    let sha = hex(&Sha256::digest(&bytes));
    if let Some(id) = find_by_hash(store, &sha)? {
        return Ok(ImportOutcome { photo_id: id, duplicate: true });
    }
    let format = photo_format(path, &bytes)?;
    let decoded = decode(path, &bytes, format)?;
    let exif = read_exif(&bytes);
    let mut img = DynamicImage::ImageRgb8(decoded);
    if let Some(o) = exif.orientation.and_then(Orientation::from_exif) {
        img.apply_orientation(o);
    }
    let img = match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.into_rgb8(),
    };
    let renditions = make_renditions(&img)
        .map_err(|e| PhotoError::WriteFailed { path: path.to_path_buf(), detail: e.to_string() })?;

    let data_dir = store.path().parent().unwrap_or(Path::new(".")).to_path_buf();
    let library = data_dir.join(LIBRARY_DIR);
    let original = library.join("originals").join(&sha[..2]).join(format!("{sha}.{}", extension(format)));
    let mut written: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<ImportOutcome, PhotoError> {
        let mut rows = Vec::new();
        for r in &renditions {
            let file = library.join("renditions").join(format!("{sha}-{}.jpg", r.long_edge));
            write_atomic(&file, &r.jpeg)?;
            written.push(file.clone());
            rows.push((r, relative(&data_dir, &file)));
        }
        write_atomic(&original, &bytes)?;
        written.push(original.clone());
        let original_rel = relative(&data_dir, &original);
        let created_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
        let outcome = store.with_tx(|tx| {
            let inserted = tx.execute(
                "INSERT INTO photo (sha256, original_path, bytes, width, height, taken_at, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
                params![sha, original_rel, bytes.len() as i64, img.width(), img.height(), exif.taken_at, created_at],
            )?;
            if inserted == 0 {
                // Another process imported the same bytes meanwhile; the files are identical.
                let id = tx.query_row("SELECT id FROM photo WHERE sha256 = ?1", [&sha], |r| r.get(0))?;
                return Ok(ImportOutcome { photo_id: id, duplicate: true });
            }
            let id = tx.last_insert_rowid();
            for (r, rel) in &rows {
                tx.execute(
                    "INSERT INTO rendition (photo_id, long_edge, path, width, height, bytes)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![id, r.long_edge, rel, r.width, r.height, r.jpeg.len() as i64],
                )?;
            }
            Ok(ImportOutcome { photo_id: id, duplicate: false })
        })?;
        Ok(outcome)
    })();
    if result.is_err() {
        for file in &written {
            let _ = std::fs::remove_file(file);
        }
    }
    result
}

/// Imports files and folders (a folder's photos recursively, by extension: a card's DCIM folder).
/// A file that fails gets its line in the report and the rest go on.
pub fn import_many(store: &mut Store, paths: &[PathBuf], lang: Lang) -> ImportReport {
    let mut report = ImportReport::default();
    for path in paths {
        let files = if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files, &has_photo_extension);
            files.sort();
            files
        } else {
            vec![path.clone()]
        };
        for file in files {
            let shown = file.display().to_string();
            match import(store, &file) {
                Ok(o) => {
                    if o.duplicate {
                        report.duplicates += 1;
                    } else {
                        report.imported += 1;
                    }
                    report.items.push(ImportItem {
                        path: shown,
                        photo_id: Some(o.photo_id),
                        duplicate: o.duplicate,
                        error: None,
                    });
                }
                Err(e) => {
                    report.failed += 1;
                    report.items.push(ImportItem {
                        path: shown,
                        photo_id: None,
                        duplicate: false,
                        error: Some(e.report(lang)),
                    });
                }
            }
        }
    }
    report
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

/// Width and height of the renditions of a `width` × `height` photo: the standard long edges
/// that fit (never upscaled), or the photo's own size when even the smallest does not.
pub fn rendition_sizes(width: u32, height: u32) -> Vec<(u32, u32, u32)> {
    let long = width.max(height);
    let mut edges: Vec<u32> = RENDITION_EDGES.iter().copied().filter(|&e| e <= long).collect();
    if long < *RENDITION_EDGES.last().unwrap() {
        edges.push(long);
    }
    edges
        .into_iter()
        .map(|edge| {
            let scale = |short: u32| ((short as f64 * edge as f64 / long as f64).round() as u32).max(1);
            let (w, h) = if width >= height { (edge, scale(height)) } else { (scale(width), edge) };
            (edge, w, h)
        })
        .collect()
}

struct Encoded {
    long_edge: u32,
    width: u32,
    height: u32,
    jpeg: Vec<u8>,
}

/// Largest first, each resized from the one before (Lanczos3), encoded at [`JPEG_QUALITY`].
fn make_renditions(img: &RgbImage) -> image::ImageResult<Vec<Encoded>> {
    let mut out = Vec::new();
    let mut source: Option<RgbImage> = None;
    for (edge, w, h) in rendition_sizes(img.width(), img.height()) {
        let from = source.as_ref().unwrap_or(img);
        let resized = if (w, h) == from.dimensions() {
            from.clone()
        } else {
            image::imageops::resize(from, w, h, FilterType::Lanczos3)
        };
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY).encode_image(&resized)?;
        out.push(Encoded { long_edge: edge, width: w, height: h, jpeg });
        source = Some(resized);
    }
    Ok(out)
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
    sniff(path, &head[..n])?;
    let mut bytes = head[..n].to_vec();
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    Ok(bytes)
}

/// Tells photos from other files by their first bytes; the extension is not trusted.
fn sniff(path: &Path, head: &[u8]) -> Result<ImageFormat, PhotoError> {
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        let brand = &head[8..12];
        let name = match brand {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"heif" => "HEIC/HEIF",
            b"avif" | b"avis" => "AVIF",
            _ => return Err(PhotoError::NotAPhoto { path: path.to_path_buf() }),
        };
        return Err(PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: name.to_string() });
    }
    match image::guess_format(head) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Tiff)) => Ok(f),
        Ok(other) => {
            Err(PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: format!("{other:?}").to_uppercase() })
        }
        Err(_) => Err(PhotoError::NotAPhoto { path: path.to_path_buf() }),
    }
}

fn photo_format(path: &Path, bytes: &[u8]) -> Result<ImageFormat, PhotoError> {
    sniff(path, &bytes[..bytes.len().min(32)])
}

fn decode(path: &Path, bytes: &[u8], format: ImageFormat) -> Result<RgbImage, PhotoError> {
    let corrupt = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge { path: path.to_path_buf(), width: 0, height: 0 },
        image::ImageError::Unsupported(u) => {
            PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: u.to_string() }
        }
        other => PhotoError::Corrupt { path: path.to_path_buf(), detail: other.to_string() },
    };
    let reader = || {
        let mut r = ImageReader::with_format(Cursor::new(bytes), format);
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(MAX_ALLOC);
        r.limits(limits);
        r
    };
    // The header first: a small file may claim 100,000 × 100,000 pixels.
    let (width, height) = reader().into_dimensions().map_err(corrupt)?;
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(PhotoError::TooLarge { path: path.to_path_buf(), width, height });
    }
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(PhotoError::Corrupt { path: path.to_path_buf(), detail: "the file ends before the image".into() });
    }
    let img = reader().decode().map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge { path: path.to_path_buf(), width, height },
        e => corrupt(e),
    })?;
    Ok(match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        img if img.color().has_alpha() => flatten_on_white(img),
        img => img.into_rgb8(),
    })
}

/// A JPEG whose end-of-image marker is missing was cut short (a card pulled out mid-copy); the
/// decoder would fill the rest with grey rather than fail. Walks the markers (skipping segments by
/// their length, so an EXIF thumbnail's end marker does not count) to the main image's end;
/// what follows it (a phone's motion-photo video) is allowed.
fn jpeg_is_complete(b: &[u8]) -> bool {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return false;
    }
    let mut i = 2;
    while i < b.len() {
        if b[i] != 0xFF {
            // Entropy-coded data: on to the next marker.
            match b[i..].iter().position(|&x| x == 0xFF) {
                Some(k) => i += k,
                None => return false,
            }
            continue;
        }
        let Some(&marker) = b.get(i + 1) else { return false };
        match marker {
            0xD9 => return true,
            0xFF => i += 1,
            // Stuffed byte, restart markers, TEM, a stray SOI: no length follows.
            0x00 | 0x01 | 0xD0..=0xD8 => i += 2,
            _ => {
                let Some(len) = b.get(i + 2..i + 4).map(|l| u16::from_be_bytes([l[0], l[1]]) as usize) else {
                    return false;
                };
                if len < 2 {
                    return false;
                }
                i += 2 + len;
            }
        }
    }
    false
}

/// Transparent parts become white, as on the portal's page.
fn flatten_on_white(img: DynamicImage) -> RgbImage {
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (src, dst) in rgba.pixels().zip(out.pixels_mut()) {
        let a = src[3] as u32;
        for c in 0..3 {
            dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

#[derive(Default)]
struct ExifFacts {
    orientation: Option<u8>,
    taken_at: Option<String>,
}

fn read_exif(bytes: &[u8]) -> ExifFacts {
    let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(bytes)) else {
        return ExifFacts::default();
    };
    let orientation = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|v| u8::try_from(v).ok())
        .filter(|v| (1..=8).contains(v));
    let ascii = |tag| match exif.get_field(tag, exif::In::PRIMARY).map(|f| &f.value) {
        Some(exif::Value::Ascii(v)) => v.first().cloned(),
        _ => None,
    };
    let taken_at = ascii(exif::Tag::DateTimeOriginal).or_else(|| ascii(exif::Tag::DateTime)).and_then(|raw| {
        let dt = exif::DateTime::from_ascii(&raw).ok()?;
        let mut s =
            format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second);
        if let Some(offset) = ascii(exif::Tag::OffsetTimeOriginal) {
            let offset = String::from_utf8_lossy(&offset).trim().to_string();
            if offset.len() == 6 && (offset.starts_with('+') || offset.starts_with('-')) {
                s += &offset;
            }
        }
        Some(s)
    });
    ExifFacts { orientation, taken_at }
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
