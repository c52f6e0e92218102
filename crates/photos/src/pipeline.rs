//! One photo through the pipeline, in memory and without the store: tell the format from the
//! bytes, decode once, apply the EXIF orientation, make the JPEG renditions. [`crate::import`]
//! runs it on several photos at once and keeps the results in the library.

use std::io::Cursor;
use std::path::Path;

use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat, ImageReader, RgbImage};

use crate::{PhotoError, JPEG_QUALITY, MAX_ALLOC, MAX_PIXELS};

/// A decoded photo's renditions and what its EXIF said.
pub struct Rendered {
    pub format: ImageFormat,
    /// As shown, after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<String>,
    /// Largest first.
    pub renditions: Vec<Encoded>,
}

/// Decodes `bytes` (read from `path`, named in errors) once and makes a rendition for each of
/// `long_edges` that fits (largest first).
pub fn render(path: &Path, bytes: &[u8], long_edges: &[u32]) -> Result<Rendered, PhotoError> {
    let format = photo_format(path, bytes)?;
    let decoded = decode(path, bytes, format)?;
    let exif = read_exif(bytes);
    let mut img = DynamicImage::ImageRgb8(decoded);
    if let Some(o) = exif.orientation.and_then(Orientation::from_exif) {
        img.apply_orientation(o);
    }
    let img = match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        other => other.into_rgb8(),
    };
    let renditions = make_renditions(&img, long_edges)
        .map_err(|e| PhotoError::Corrupt { path: path.to_path_buf(), detail: e.to_string() })?;
    Ok(Rendered { format, width: img.width(), height: img.height(), taken_at: exif.taken_at, renditions })
}

/// Width and height of the renditions of a `width` × `height` photo: the standard long edges
/// that fit (never upscaled), or the photo's own size when even the smallest does not.
pub fn rendition_sizes(width: u32, height: u32, long_edges: &[u32]) -> Vec<(u32, u32, u32)> {
    let long = width.max(height);
    let mut edges: Vec<u32> = long_edges.iter().copied().filter(|&e| e <= long).collect();
    if long_edges.iter().all(|&e| long < e) {
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

pub struct Encoded {
    pub long_edge: u32,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// Largest first, each resized from the one before (Lanczos3), encoded at [`JPEG_QUALITY`].
fn make_renditions(img: &RgbImage, long_edges: &[u32]) -> image::ImageResult<Vec<Encoded>> {
    let mut out = Vec::new();
    let mut source: Option<RgbImage> = None;
    for (edge, w, h) in rendition_sizes(img.width(), img.height(), long_edges) {
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

/// Tells photos from other files by their first bytes; the extension is not trusted.
pub fn sniff(path: &Path, head: &[u8]) -> Result<ImageFormat, PhotoError> {
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
