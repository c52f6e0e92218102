//! One photo through the pipeline, in memory and without the store: tell the format from the
//! bytes, decode once, convert to sRGB, make the JPEG renditions. [`crate::import`] runs it on
//! several photos at once and keeps the results in the library.
//!
//! The stages, and why each is done the way it is:
//! - JPEG decodes with libjpeg-turbo, scaled in the DCT to the smallest n/8 that still gives the
//!   largest rendition enough pixels: a 5120 px photo decodes at 1/2, a 200-megapixel panorama
//!   at 1/8, which is faster (fewer pixels through the IDCT, colour conversion and resize) and
//!   keeps memory low. Progressive JPEGs still hold every coefficient of the full-size photo
//!   while decoding (libjpeg-turbo needs them all before the first row comes out), so a huge one
//!   takes the big-decode gate. PNG, WebP and TIFF decode with the image crate, HEIC/HEIF with
//!   libheif (which applies the file's own rotation and mirroring).
//! - Colour: CMYK/YCCK JPEGs (stored Adobe-inverted, as Photoshop writes them) and photos with
//!   an embedded ICC profile other than sRGB are converted to sRGB with moxcms, right after the
//!   decode, at the decoded (already reduced) size.
//! - Resize: fast_image_resize (SIMD Lanczos3), each rendition from the one before, unsharpened,
//!   in the stored orientation; then each rendition alone is sharpened, turned upright and encoded
//!   (libjpeg-turbo, 4:2:0, [`JPEG_QUALITY`]), so the turning is done on the small images.
//! - Renditions are fresh encodes: no EXIF (so no GPS, serials or maker notes), no ICC (sRGB).
//!   Caption, credit and copyright go in with [`crate::metadata::stamp_jpeg`].

use std::io::Cursor;
use std::path::Path;
use std::sync::{Mutex, MutexGuard, OnceLock};

use fast_image_resize as fr;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, RgbImage};

use crate::{PhotoError, JPEG_QUALITY, MAX_ALLOC, MAX_PIXELS};

/// What a photo file holds, told from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoFormat {
    /// JPEG, PNG, WebP or TIFF, through the image crate's names.
    Image(ImageFormat),
    /// HEIC/HEIF (HEVC-coded), as phones take them.
    Heif,
}

/// A decoded photo's renditions and what its EXIF said.
pub struct Rendered {
    pub format: PhotoFormat,
    /// As shown, after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<String>,
    /// Largest first.
    pub renditions: Vec<Encoded>,
}

pub struct Encoded {
    pub long_edge: u32,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// Unsharp-mask amount applied to every downscaled rendition (see [`sharpen`]), in eighths.
pub const SHARPEN_EIGHTHS: i16 = 3;

/// Decodes needing more working memory than this wait for one another (see [`gate`]): two
/// import workers decoding two 200-megapixel PNGs at once would need over a gigabyte.
pub const BIG_DECODE_BYTES: u64 = 256 << 20;

/// Decodes `bytes` (read from `path`, named in errors) once and makes a rendition for each of
/// `long_edges` that fits (largest first).
pub fn render(path: &Path, bytes: &[u8], long_edges: &[u32]) -> Result<Rendered, PhotoError> {
    let format = photo_format(path, bytes)?;
    let exif = read_exif(bytes);
    let (decoded, orientation) = match format {
        PhotoFormat::Image(ImageFormat::Jpeg) => (decode_jpeg(path, bytes, long_edges)?, exif.orientation),
        // libheif applies the file's own rotation and mirror (irot, imir); the EXIF copy of the
        // orientation describes the same turn and must not be applied a second time.
        PhotoFormat::Heif => (decode_heif(path, bytes)?, None),
        PhotoFormat::Image(f) => (decode_with_image(path, bytes, f)?, exif.orientation),
    };
    let orientation = orientation.and_then(Orientation::from_exif).unwrap_or(Orientation::NoTransforms);
    let (w, h) = if turns(orientation) { (decoded.height, decoded.width) } else { (decoded.width, decoded.height) };
    let renditions = make_renditions(decoded, orientation, long_edges)
        .map_err(|detail| PhotoError::Corrupt { path: path.to_path_buf(), detail })?;
    Ok(Rendered { format, width: w, height: h, taken_at: exif.taken_at, renditions })
}

/// [`render`] for a photo the user turned or cropped: made upright, turned `framing.quarter_turns`
/// times clockwise, cropped, then resized. Slower than `render` (the whole decoded photo is turned
/// before resizing), which is fine for one photo at a time. `width`/`height` are the framed photo's
/// size at full resolution.
pub fn render_framed(
    path: &Path,
    bytes: &[u8],
    long_edges: &[u32],
    framing: &crate::album::Framing,
) -> Result<Rendered, PhotoError> {
    let format = photo_format(path, bytes)?;
    let exif = read_exif(bytes);
    // A crop keeps a part of the photo: decode enough pixels for that part to fill the renditions.
    let keep = framing.crop.map_or(1.0, |c| c.w.min(c.h)).clamp(0.01, 1.0);
    let decode_edges: Vec<u32> = long_edges.iter().map(|&e| (e as f64 / keep).ceil() as u32).collect();
    let (decoded, orientation) = match format {
        PhotoFormat::Image(ImageFormat::Jpeg) => (decode_jpeg(path, bytes, &decode_edges)?, exif.orientation),
        PhotoFormat::Heif => (decode_heif(path, bytes)?, None),
        PhotoFormat::Image(f) => (decode_with_image(path, bytes, f)?, exif.orientation),
    };
    let orientation = orientation.and_then(Orientation::from_exif).unwrap_or(Orientation::NoTransforms);
    let Decoded { width, height, pixels, gate } = decoded;
    let (mut full_w, mut full_h) = if turns(orientation) { (height, width) } else { (width, height) };
    let turn = match framing.quarter_turns % 4 {
        1 => Orientation::Rotate90,
        2 => Orientation::Rotate180,
        3 => Orientation::Rotate270,
        _ => Orientation::NoTransforms,
    };
    if framing.quarter_turns % 2 == 1 {
        (full_w, full_h) = (full_h, full_w);
    }
    let mut pixels = orient(orient(pixels, orientation), turn);
    if let Some(c) = framing.crop {
        // The same fractions of the decoded (maybe scaled) pixels and of the full-size photo.
        let span = |start: f64, len: f64, total: u32| {
            let a = ((start * total as f64).round() as u32).min(total.saturating_sub(1));
            let b = (((start + len) * total as f64).round() as u32).clamp(a + 1, total);
            (a, b - a)
        };
        let (x, w) = span(c.x, c.w, pixels.width);
        let (y, h) = span(c.y, c.h, pixels.height);
        let row = pixels.width as usize * 3;
        let mut data = Vec::with_capacity(w as usize * h as usize * 3);
        for r in y..y + h {
            let start = r as usize * row + x as usize * 3;
            data.extend_from_slice(&pixels.data[start..start + w as usize * 3]);
        }
        pixels = Rgb { width: w, height: h, data };
        full_w = span(c.x, c.w, full_w).1;
        full_h = span(c.y, c.h, full_h).1;
    }
    let framed = Decoded { width: full_w, height: full_h, pixels, gate };
    let renditions = make_renditions(framed, Orientation::NoTransforms, long_edges)
        .map_err(|detail| PhotoError::Corrupt { path: path.to_path_buf(), detail })?;
    Ok(Rendered { format, width: full_w, height: full_h, taken_at: exif.taken_at, renditions })
}

/// Width and height of the renditions of a `width` × `height` photo, largest first: the long
/// edges that fit, and the photo's own size in place of those that do not (never upscaled).
pub fn rendition_sizes(width: u32, height: u32, long_edges: &[u32]) -> Vec<(u32, u32, u32)> {
    let long = width.max(height);
    let mut edges: Vec<u32> = long_edges.iter().copied().filter(|&e| e <= long).collect();
    // A size larger than the photo becomes the photo's own size (once): the portal always gets
    // the largest the photo has, never an upscale.
    if long_edges.iter().any(|&e| long < e) && !edges.contains(&long) {
        edges.insert(0, long);
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

/// Tells photos from other files by their first bytes; the extension is not trusted.
pub fn sniff(path: &Path, head: &[u8]) -> Result<PhotoFormat, PhotoError> {
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        // ISO base media: the major brand, then (after the minor version) compatible brands.
        let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let major = &head[8..12];
        let compatible: Vec<&[u8]> =
            head.get(16..size.clamp(16, head.len())).unwrap_or_default().chunks_exact(4).collect();
        const HEVC: [&[u8]; 6] = [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"];
        const AVIF: [&[u8]; 2] = [b"avif", b"avis"];
        const GENERIC: [&[u8]; 3] = [b"mif1", b"msf1", b"heif"];
        let unsupported =
            |name: &str| Err(PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: name.to_string() });
        return if HEVC.contains(&major) {
            Ok(PhotoFormat::Heif)
        } else if AVIF.contains(&major) {
            unsupported("AVIF")
        } else if GENERIC.contains(&major) {
            // A generic HEIF: what it holds shows in the compatible brands.
            if compatible.iter().any(|b| HEVC.contains(b)) || !compatible.iter().any(|b| AVIF.contains(b)) {
                Ok(PhotoFormat::Heif)
            } else {
                unsupported("AVIF")
            }
        } else {
            // A video (mp4, mov) or another ISO file.
            Err(PhotoError::NotAPhoto { path: path.to_path_buf() })
        };
    }
    match image::guess_format(head) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Tiff)) => {
            Ok(PhotoFormat::Image(f))
        }
        Ok(other) => {
            Err(PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: format!("{other:?}").to_uppercase() })
        }
        Err(_) => Err(PhotoError::NotAPhoto { path: path.to_path_buf() }),
    }
}

fn photo_format(path: &Path, bytes: &[u8]) -> Result<PhotoFormat, PhotoError> {
    sniff(path, &bytes[..bytes.len().min(32)])
}

/// 8-bit RGB, rows packed.
#[derive(Clone)]
struct Rgb {
    width: u32,
    height: u32,
    data: Vec<u8>,
}

/// A photo decoded to sRGB, possibly at a reduced scale.
struct Decoded {
    /// Size of the stored photo (before the EXIF orientation), whatever the decoded scale.
    width: u32,
    height: u32,
    pixels: Rgb,
    /// Held while the decoded pixels are large (see [`gate`]).
    gate: Option<MutexGuard<'static, ()>>,
}

fn turns(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

/// Largest first: each resized from the one before it (Lanczos3), then sharpened if smaller than
/// the photo, turned upright and encoded.
fn make_renditions(decoded: Decoded, orientation: Orientation, long_edges: &[u32]) -> Result<Vec<Encoded>, String> {
    let Decoded { width, height, pixels, mut gate } = decoded;
    let (shown_w, shown_h) = if turns(orientation) { (height, width) } else { (width, height) };
    let photo_long = width.max(height);
    let mut resizer = fr::Resizer::new();
    let mut compressor = compressor().map_err(|e| e.to_string())?;
    let mut source = pixels;
    let mut out = Vec::new();
    for (edge, w, h) in rendition_sizes(shown_w, shown_h, long_edges) {
        let (sw, sh) = if turns(orientation) { (h, w) } else { (w, h) };
        if (sw, sh) != (source.width, source.height) {
            source = resize(&mut resizer, &source, sw, sh)?;
        }
        // The large decoded pixels are gone: another big decode may start.
        gate.take();
        let finished = if edge < photo_long { sharpen(&source) } else { source.clone() };
        let upright = orient(finished, orientation);
        let jpeg = compressor
            .compress_to_vec(turbojpeg::Image {
                pixels: &upright.data[..],
                width: upright.width as usize,
                pitch: upright.width as usize * 3,
                height: upright.height as usize,
                format: turbojpeg::PixelFormat::RGB,
            })
            .map_err(|e| e.to_string())?;
        out.push(Encoded { long_edge: edge, width: w, height: h, jpeg });
    }
    Ok(out)
}

/// libjpeg-turbo at [`JPEG_QUALITY`], 4:2:0 as the web expects, with optimised Huffman tables
/// (5–15 % smaller files on the sample photos, for a few milliseconds per photo).
fn compressor() -> turbojpeg::Result<turbojpeg::Compressor> {
    let mut c = turbojpeg::Compressor::new()?;
    c.set_quality(JPEG_QUALITY as i32)?;
    c.set_subsamp(turbojpeg::Subsamp::Sub2x2)?;
    c.set_optimize(true)?;
    Ok(c)
}

fn resize(resizer: &mut fr::Resizer, src: &Rgb, width: u32, height: u32) -> Result<Rgb, String> {
    let view =
        fr::images::ImageRef::new(src.width, src.height, &src.data, fr::PixelType::U8x3).map_err(|e| e.to_string())?;
    let mut dst = fr::images::Image::new(width, height, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
    resizer.resize(&view, &mut dst, &options).map_err(|e| e.to_string())?;
    Ok(Rgb { width, height, data: dst.into_vec() })
}

/// A light unsharp mask after downscaling: `p + amount × (p − blur)` with a 3 × 3 binomial blur
/// (σ ≈ 0.7 px) and amount [`SHARPEN_EIGHTHS`]/8. The small radius brings back the edge contrast
/// that the Lanczos low-pass takes off without drawing halos; edges repeat the border pixel.
fn sharpen(img: &Rgb) -> Rgb {
    let (w, h) = (img.width as usize, img.height as usize);
    if w < 3 || h < 3 {
        return img.clone();
    }
    let stride = w * 3;
    let src = &img.data;
    let mut out = vec![0u8; src.len()];
    // Vertical [1 2 1] sums of one row, 0..=1020.
    let mut v = vec![0i16; stride];
    for y in 0..h {
        let up = &src[y.saturating_sub(1) * stride..][..stride];
        let mid = &src[y * stride..][..stride];
        let down = &src[(y + 1).min(h - 1) * stride..][..stride];
        for (((v, &a), &b), &c) in v.iter_mut().zip(up).zip(mid).zip(down) {
            *v = a as i16 + 2 * b as i16 + c as i16;
        }
        let row = &mut out[y * stride..][..stride];
        let px = |p: u8, left: i16, centre: i16, right: i16| -> u8 {
            // 16 × (p − blur) is within ±4080, × amount/8 rounded within ±1531: all in i16,
            // twice as many lanes per vector as i32.
            let d = 16 * p as i16 - (left + 2 * centre + right);
            (p as i16 + ((d * SHARPEN_EIGHTHS + 64) >> 7)).clamp(0, 255) as u8
        };
        for x in 0..3 {
            row[x] = px(mid[x], v[x], v[x], v[x + 3]);
            let e = stride - 3 + x;
            row[e] = px(mid[e], v[e - 3], v[e], v[e]);
        }
        // The inner pixels, branch-free so that the compiler vectorises them.
        for (((o, &p), (&l, &c)), &r) in row[3..stride - 3]
            .iter_mut()
            .zip(&mid[3..stride - 3])
            .zip(v[..stride - 6].iter().zip(&v[3..stride - 3]))
            .zip(&v[6..])
        {
            *o = px(p, l, c, r);
        }
    }
    Rgb { width: img.width, height: img.height, data: out }
}

fn orient(img: Rgb, orientation: Orientation) -> Rgb {
    if orientation == Orientation::NoTransforms {
        return img;
    }
    let Some(buf) = RgbImage::from_raw(img.width, img.height, img.data) else {
        unreachable!("an Rgb's buffer holds width × height pixels")
    };
    let mut dynamic = DynamicImage::ImageRgb8(buf);
    dynamic.apply_orientation(orientation);
    let buf = dynamic.into_rgb8();
    Rgb { width: buf.width(), height: buf.height(), data: buf.into_raw() }
}

/// A process-wide gate for decodes that need more than [`BIG_DECODE_BYTES`]: they run one at a
/// time, each holding the gate until its pixels are down to the first rendition's size. Smaller
/// decodes never wait, so ordinary batches keep every core busy.
fn gate(working_bytes: u64) -> Option<MutexGuard<'static, ()>> {
    static BIG_DECODE: Mutex<()> = Mutex::new(());
    (working_bytes > BIG_DECODE_BYTES).then(|| BIG_DECODE.lock().unwrap_or_else(|p| p.into_inner()))
}

// ---------------------------------------------------------------------------------------------
// JPEG

/// TurboJPEG's decompressor, through the raw API: the safe wrapper treats libjpeg's warnings
/// ("extraneous bytes before marker", common in camera files) as failures, and a cut-short
/// file is caught by [`jpeg_is_complete`] instead.
struct TjDecompressor(turbojpeg::raw::tjhandle);

struct JpegHeader {
    width: u32,
    height: u32,
    colorspace: u32,
    progressive: bool,
    lossless: bool,
}

impl TjDecompressor {
    fn new() -> Result<Self, String> {
        let handle = unsafe { turbojpeg::raw::tj3Init(turbojpeg::raw::TJINIT_TJINIT_DECOMPRESS as _) };
        if handle.is_null() {
            return Err("cannot start the JPEG decoder".into());
        }
        Ok(TjDecompressor(handle))
    }

    fn error(&self) -> String {
        let msg = unsafe { std::ffi::CStr::from_ptr(turbojpeg::raw::tj3GetErrorStr(self.0)) };
        msg.to_string_lossy().into_owned()
    }

    /// Only libjpeg's warnings: the image is decoded whole.
    fn failed(&self, rc: i32) -> bool {
        rc != 0 && unsafe { turbojpeg::raw::tj3GetErrorCode(self.0) } != turbojpeg::raw::TJERR_TJERR_WARNING as i32
    }

    fn get(&self, param: turbojpeg::raw::TJPARAM) -> i32 {
        unsafe { turbojpeg::raw::tj3Get(self.0, param as _) }
    }

    fn set(&mut self, param: turbojpeg::raw::TJPARAM, value: i32) -> Result<(), String> {
        if unsafe { turbojpeg::raw::tj3Set(self.0, param as _, value) } != 0 {
            return Err(self.error());
        }
        Ok(())
    }

    fn header(&mut self, jpeg: &[u8]) -> Result<JpegHeader, String> {
        let rc = unsafe { turbojpeg::raw::tj3DecompressHeader(self.0, jpeg.as_ptr(), jpeg.len() as _) };
        if self.failed(rc) {
            return Err(self.error());
        }
        use turbojpeg::raw as tj;
        Ok(JpegHeader {
            width: self.get(tj::TJPARAM_TJPARAM_JPEGWIDTH).max(0) as u32,
            height: self.get(tj::TJPARAM_TJPARAM_JPEGHEIGHT).max(0) as u32,
            colorspace: self.get(tj::TJPARAM_TJPARAM_COLORSPACE).max(0) as u32,
            progressive: self.get(tj::TJPARAM_TJPARAM_PROGRESSIVE) == 1,
            lossless: self.get(tj::TJPARAM_TJPARAM_LOSSLESS) == 1,
        })
    }

    /// Decodes at `eighths`/8 of the size into `channels`-byte pixels (RGB or CMYK).
    fn decode(&mut self, jpeg: &[u8], header: &JpegHeader, eighths: u32, cmyk: bool) -> Result<Rgb, String> {
        use turbojpeg::raw as tj;
        // libjpeg-turbo lists its factors in lowest terms (1/2, not 4/8).
        let g = [8, 4, 2, 1].into_iter().find(|&g| eighths.is_multiple_of(g)).unwrap_or(1);
        let factor = tj::tjscalingfactor { num: (eighths / g) as _, denom: (8 / g) as _ };
        if unsafe { tj::tj3SetScalingFactor(self.0, factor) } != 0 {
            return Err(self.error());
        }
        let (w, h) = (scaled(header.width, eighths), scaled(header.height, eighths));
        let channels = if cmyk { 4 } else { 3 };
        let mut data = vec![0u8; w as usize * h as usize * channels];
        let format = if cmyk { tj::TJPF_TJPF_CMYK } else { tj::TJPF_TJPF_RGB };
        let rc = unsafe {
            tj::tj3Decompress8(
                self.0,
                jpeg.as_ptr(),
                jpeg.len() as _,
                data.as_mut_ptr(),
                (w as usize * channels) as i32,
                format as _,
            )
        };
        if self.failed(rc) {
            return Err(self.error());
        }
        Ok(Rgb { width: w, height: h, data })
    }
}

impl Drop for TjDecompressor {
    fn drop(&mut self) {
        unsafe { turbojpeg::raw::tj3Destroy(self.0) }
    }
}

/// A dimension at `eighths`/8, rounded up as libjpeg-turbo does.
fn scaled(dim: u32, eighths: u32) -> u32 {
    ((dim as u64 * eighths as u64).div_ceil(8)) as u32
}

/// The smallest n/8 at which the decoded photo still has `need` pixels on its long edge.
pub fn jpeg_scale_eighths(width: u32, height: u32, need: u32) -> u32 {
    let long = width.max(height);
    let need = need.min(long);
    (1..=8).find(|&n| scaled(long, n) >= need).unwrap_or(8)
}

fn decode_jpeg(path: &Path, bytes: &[u8], long_edges: &[u32]) -> Result<Decoded, PhotoError> {
    let corrupt = |detail: String| PhotoError::Corrupt { path: path.to_path_buf(), detail };
    let mut tj = TjDecompressor::new().map_err(corrupt)?;
    // The header first: a small file may claim 100,000 × 100,000 pixels.
    let header = tj.header(bytes).map_err(corrupt)?;
    let (width, height) = (header.width, header.height);
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(PhotoError::TooLarge { path: path.to_path_buf(), width, height });
    }
    if width == 0 || height == 0 {
        return Err(corrupt("no image size".into()));
    }
    if !jpeg_is_complete(bytes) {
        return Err(corrupt("the file ends before the image".into()));
    }
    let markers = jpeg_markers(bytes);
    use turbojpeg::raw as tj;
    let cmyk = header.colorspace == tj::TJCS_TJCS_CMYK || header.colorspace == tj::TJCS_TJCS_YCCK;
    // The largest rendition this photo gets: its long edge is all the decode needs.
    let need = rendition_sizes(width, height, long_edges).iter().map(|r| r.0).max().unwrap_or(u32::MAX);
    // Lossless JPEG cannot be scaled in the DCT.
    let eighths = if header.lossless { 8 } else { jpeg_scale_eighths(width, height, need) };
    let channels: u64 = if cmyk { 4 } else { 3 };
    let out_bytes = scaled(width, eighths) as u64 * scaled(height, eighths) as u64 * channels;
    // A progressive JPEG keeps every DCT coefficient of the whole photo (2 bytes a sample).
    let coefficients = if header.progressive { width as u64 * height as u64 * channels * 2 } else { 0 };
    let gate = gate(out_bytes + coefficients);
    if eighths < 8 || need < width.max(height) {
        // The image is downscaled after: the fast integer IDCT's error does not survive it.
        tj.set(tj::TJPARAM_TJPARAM_FASTDCT, 1).map_err(corrupt)?;
    }
    let decoded = tj.decode(bytes, &header, eighths, cmyk).map_err(corrupt)?;
    let pixels = if cmyk {
        cmyk_to_srgb(decoded, markers.icc.as_deref(), markers.adobe)
    } else {
        let mut rgb = decoded;
        if let Some(icc) = &markers.icc {
            icc_to_srgb(&mut rgb, icc);
        }
        rgb
    };
    Ok(Decoded { width, height, pixels, gate })
}

/// What the JPEG's header segments say about colour.
#[derive(Default)]
struct JpegMarkers {
    /// The ICC profile, put together from its APP2 chunks.
    icc: Option<Vec<u8>>,
    /// An Adobe APP14 segment: CMYK is stored inverted.
    adobe: bool,
}

fn jpeg_markers(b: &[u8]) -> JpegMarkers {
    let mut out = JpegMarkers::default();
    let mut chunks: Vec<(u8, u8, &[u8])> = Vec::new();
    let mut i = 2;
    while i + 4 <= b.len() && b[i] == 0xFF {
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if marker == 0xDA || marker == 0xD9 {
            break;
        }
        let len = u16::from_be_bytes([b[i + 2], b[i + 3]]) as usize;
        let Some(payload) = b.get(i + 4..i + 2 + len.max(2)) else { break };
        match marker {
            0xE2 if payload.len() > 14 && payload.starts_with(b"ICC_PROFILE\0") => {
                chunks.push((payload[12], payload[13], &payload[14..]));
            }
            0xEE if payload.starts_with(b"Adobe") => out.adobe = true,
            _ => {}
        }
        i += 2 + len.max(2);
    }
    chunks.sort_by_key(|c| c.0);
    let complete = !chunks.is_empty()
        && chunks.iter().enumerate().all(|(k, c)| c.0 as usize == k + 1 && c.1 as usize == chunks.len());
    if complete {
        out.icc = Some(chunks.iter().flat_map(|c| c.2.iter().copied()).collect());
    }
    out
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
            match memchr::memchr(0xFF, &b[i..]) {
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

// ---------------------------------------------------------------------------------------------
// Colour

/// Rows converted per call, so the conversion needs a small buffer rather than a second image.
const COLOUR_ROWS: usize = 64;

fn srgb() -> &'static moxcms::ColorProfile {
    static SRGB: OnceLock<moxcms::ColorProfile> = OnceLock::new();
    SRGB.get_or_init(moxcms::ColorProfile::new_srgb)
}

/// An sRGB profile by its name: most cameras and editors embed one, and skipping the transform
/// for them saves its time. Anything else is converted, which is right for sRGB too.
fn is_srgb(profile: &moxcms::ColorProfile) -> bool {
    let name = match &profile.description {
        Some(moxcms::ProfileText::PlainString(s)) => s.clone(),
        Some(moxcms::ProfileText::Localizable(l)) => l.first().map(|s| s.value.clone()).unwrap_or_default(),
        Some(moxcms::ProfileText::Description(d)) => d.ascii_string.clone(),
        None => String::new(),
    };
    name.to_ascii_lowercase().contains("srgb")
}

/// Converts RGB pixels described by `icc` to sRGB in place. A profile that cannot be read or used
/// (damaged, grey, unusual) leaves the pixels as they are: better a photo a little off in colour
/// than a refused one.
fn icc_to_srgb(rgb: &mut Rgb, icc: &[u8]) {
    let Ok(profile) = moxcms::ColorProfile::new_from_slice(icc) else { return };
    if profile.color_space != moxcms::DataColorSpace::Rgb || is_srgb(&profile) {
        return;
    }
    let options = moxcms::TransformOptions::default();
    let Ok(transform) = profile.create_transform_8bit(moxcms::Layout::Rgb, srgb(), moxcms::Layout::Rgb, options) else {
        return;
    };
    let chunk = rgb.width as usize * 3 * COLOUR_ROWS;
    let mut tmp = vec![0u8; chunk];
    for rows in rgb.data.chunks_mut(chunk) {
        let out = &mut tmp[..rows.len()];
        if transform.transform(rows, out).is_err() {
            return;
        }
        rows.copy_from_slice(out);
    }
}

/// CMYK (or YCCK, decoded to CMYK by libjpeg) to sRGB: through the embedded CMYK profile when
/// there is one, otherwise the plain `R = (1 − C)(1 − K)`. Adobe's JPEGs store 255 − ink.
fn cmyk_to_srgb(cmyk: Rgb, icc: Option<&[u8]>, adobe: bool) -> Rgb {
    let (w, h) = (cmyk.width, cmyk.height);
    let mut data = cmyk.data;
    let mut out = vec![0u8; w as usize * h as usize * 3];
    let profile = icc
        .and_then(|icc| moxcms::ColorProfile::new_from_slice(icc).ok())
        .filter(|p| p.color_space == moxcms::DataColorSpace::Cmyk);
    let transform = profile.and_then(|p| {
        p.create_transform_8bit(moxcms::Layout::Rgba, srgb(), moxcms::Layout::Rgb, moxcms::TransformOptions::default())
            .ok()
    });
    if let Some(transform) = transform {
        if adobe {
            // The profile takes ink amounts.
            data.iter_mut().for_each(|v| *v = 255 - *v);
        }
        let row4 = w as usize * 4 * COLOUR_ROWS;
        let row3 = w as usize * 3 * COLOUR_ROWS;
        let ok = data.chunks(row4).zip(out.chunks_mut(row3)).all(|(src, dst)| transform.transform(src, dst).is_ok());
        if ok {
            return Rgb { width: w, height: h, data: out };
        }
        if adobe {
            data.iter_mut().for_each(|v| *v = 255 - *v);
        }
    }
    for (src, dst) in data.chunks_exact(4).zip(out.chunks_exact_mut(3)) {
        // "Paper" amounts: 255 where there is no ink.
        let paper = |v: u8| if adobe { v as u32 } else { 255 - v as u32 };
        let k = paper(src[3]);
        for c in 0..3 {
            dst[c] = ((paper(src[c]) * k + 127) / 255) as u8;
        }
    }
    Rgb { width: w, height: h, data: out }
}

// ---------------------------------------------------------------------------------------------
// PNG, WebP, TIFF

fn decode_with_image(path: &Path, bytes: &[u8], format: ImageFormat) -> Result<Decoded, PhotoError> {
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
    let mut decoder = reader().into_decoder().map_err(corrupt)?;
    let icc = decoder.icc_profile().ok().flatten();
    // The decoder's buffer, then the 8-bit RGB copy.
    let gate = gate(decoder.total_bytes() + width as u64 * height as u64 * 3);
    let img = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => PhotoError::TooLarge { path: path.to_path_buf(), width, height },
        e => corrupt(e),
    })?;
    let rgb = match img {
        DynamicImage::ImageRgb8(rgb) => rgb,
        img if img.color().has_alpha() => flatten_on_white(img),
        img => img.into_rgb8(),
    };
    let mut pixels = Rgb { width: rgb.width(), height: rgb.height(), data: rgb.into_raw() };
    if let Some(icc) = &icc {
        icc_to_srgb(&mut pixels, icc);
    }
    Ok(Decoded { width, height, pixels, gate })
}

/// Transparent parts become white, as on the portal's page.
fn flatten_on_white(img: DynamicImage) -> RgbImage {
    let rgba = img.into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut out = RgbImage::new(w, h);
    for (src, dst) in rgba.pixels().zip(out.pixels_mut()) {
        flatten_pixel(&src.0, &mut dst.0);
    }
    out
}

fn flatten_pixel(src: &[u8], dst: &mut [u8]) {
    let a = src[3] as u32;
    for c in 0..3 {
        dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
    }
}

// ---------------------------------------------------------------------------------------------
// HEIC/HEIF

fn libheif() -> &'static libheif_rs::LibHeif {
    static LIBHEIF: OnceLock<libheif_rs::LibHeif> = OnceLock::new();
    LIBHEIF.get_or_init(libheif_rs::LibHeif::new)
}

fn decode_heif(path: &Path, bytes: &[u8]) -> Result<Decoded, PhotoError> {
    use libheif_rs::{ColorSpace, HeifErrorCode, RgbChroma};
    let failed = |e: libheif_rs::HeifError| match e.code {
        HeifErrorCode::UnsupportedFeature | HeifErrorCode::UnsupportedFileType => {
            PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: format!("HEIF ({})", e.message) }
        }
        _ => PhotoError::Corrupt { path: path.to_path_buf(), detail: e.message },
    };
    let lib = libheif();
    let context = libheif_rs::HeifContext::read_from_bytes(bytes).map_err(failed)?;
    let handle = context.primary_image_handle().map_err(failed)?;
    // The size after the file's rotation, from the header, before anything is decoded.
    let (width, height) = (handle.width(), handle.height());
    if width as u64 * height as u64 > MAX_PIXELS {
        return Err(PhotoError::TooLarge { path: path.to_path_buf(), width, height });
    }
    let alpha = handle.has_alpha_channel();
    let icc = handle
        .color_profile_raw()
        .filter(|p| {
            use libheif_rs::{color_profile_types as t, ColorProfile};
            p.profile_type() == t::PROF || p.profile_type() == t::R_ICC
        })
        .map(|p| p.data);
    // Apple's HEICs are Display P3, told by an ICC profile or by an nclx box.
    let p3 = handle.color_profile_nclx().is_some_and(|n| {
        matches!(
            n.color_primaries(),
            libheif_rs::ColorPrimaries::SMPTE_EG_432_1 | libheif_rs::ColorPrimaries::SMPTE_RP_431_2
        )
    });
    // HEVC planes (1.5 bytes a pixel at 4:2:0, up to 2 × for 10 bits) and the RGB(A) result.
    let gate = gate(width as u64 * height as u64 * 7);
    // No decoding options: libheif-rs 0.20 frees them before libheif reads them. The defaults
    // apply the file's transformations, and asking for 8-bit interleaved RGB converts 10-bit
    // photos to 8 bits.
    let chroma = if alpha { RgbChroma::Rgba } else { RgbChroma::Rgb };
    let image = lib.decode(&handle, ColorSpace::Rgb(chroma), None).map_err(failed)?;
    let planes = image.planes();
    let Some(plane) = planes.interleaved else {
        return Err(PhotoError::Corrupt { path: path.to_path_buf(), detail: "no pixels".into() });
    };
    let (w, h) = (plane.width, plane.height);
    let channels = if alpha { 4 } else { 3 };
    if plane.storage_bits_per_pixel as usize != channels * 8 || plane.stride < w as usize * channels {
        let bits = plane.bits_per_pixel;
        return Err(PhotoError::UnsupportedFormat { path: path.to_path_buf(), format: format!("HEIF ({bits} bits)") });
    }
    let mut data = vec![0u8; w as usize * h as usize * 3];
    for (y, dst) in data.chunks_exact_mut(w as usize * 3).enumerate() {
        let src = &plane.data[y * plane.stride..][..w as usize * channels];
        if alpha {
            for (s, d) in src.chunks_exact(4).zip(dst.chunks_exact_mut(3)) {
                flatten_pixel(s, d);
            }
        } else {
            dst.copy_from_slice(src);
        }
    }
    drop(image);
    let mut pixels = Rgb { width: w, height: h, data };
    if let Some(icc) = &icc {
        icc_to_srgb(&mut pixels, icc);
    } else if p3 {
        if let Ok(p3) = moxcms::ColorProfile::new_display_p3().encode() {
            icc_to_srgb(&mut pixels, &p3);
        }
    }
    Ok(Decoded { width: w, height: h, pixels, gate })
}

// ---------------------------------------------------------------------------------------------
// EXIF

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decode_scale_keeps_enough_pixels_for_the_largest_rendition() {
        assert_eq!(jpeg_scale_eighths(5120, 2880, 2048), 4);
        assert_eq!(jpeg_scale_eighths(1622, 2880, 2048), 6);
        assert_eq!(jpeg_scale_eighths(20_000, 10_000, 2048), 1);
        assert_eq!(jpeg_scale_eighths(6000, 4000, 2048), 3);
        assert_eq!(jpeg_scale_eighths(2100, 1400, 2048), 8);
        assert_eq!(jpeg_scale_eighths(1000, 800, 2048), 8, "never below the photo's own size");
        for (w, h) in [(5120, 2880), (1622, 2880), (20_000, 10_000), (6000, 4000), (4097, 3)] {
            let n = jpeg_scale_eighths(w, h, 2048);
            assert!(scaled(w.max(h), n) >= 2048);
            assert!(n == 1 || scaled(w.max(h), n - 1) < 2048);
        }
    }

    #[test]
    fn sharpening_leaves_flat_areas_and_steepens_edges() {
        let flat = Rgb { width: 8, height: 8, data: vec![100; 8 * 8 * 3] };
        assert_eq!(sharpen(&flat).data, flat.data);
        // A vertical edge from 100 to 200 between columns 3 and 4.
        let edge = Rgb {
            width: 8,
            height: 4,
            data: (0..4).flat_map(|_| (0..8).flat_map(|x| [if x < 4 { 100 } else { 200 }; 3])).collect(),
        };
        let s = sharpen(&edge);
        let at = |x: usize| s.data[(8 + x) * 3];
        assert!(at(3) < 100 && at(4) > 200, "{} {}", at(3), at(4));
        assert_eq!((at(0), at(7)), (100, 200));
    }

    #[test]
    fn big_decodes_take_the_gate_small_ones_do_not() {
        assert!(gate(24_000_000 * 3).is_none());
        let first = gate(200_000_000 * 3);
        assert!(first.is_some());
        drop(first);
        assert!(gate(BIG_DECODE_BYTES + 1).is_some());
    }

    #[test]
    fn heif_brands_are_told_apart() {
        let head = |major: &[u8; 4], compat: &[u8]| {
            let mut b = ((16 + compat.len()) as u32).to_be_bytes().to_vec();
            b.extend_from_slice(b"ftyp");
            b.extend_from_slice(major);
            b.extend_from_slice(&[0; 4]);
            b.extend_from_slice(compat);
            b
        };
        let p = Path::new("x");
        assert_eq!(sniff(p, &head(b"heic", b"mif1heic")).unwrap(), PhotoFormat::Heif);
        assert_eq!(sniff(p, &head(b"mif1", b"mif1heic")).unwrap(), PhotoFormat::Heif);
        assert_eq!(sniff(p, &head(b"avif", b"mif1avif")).unwrap_err().code(), "unsupported_format");
        assert_eq!(sniff(p, &head(b"mif1", b"mif1avif")).unwrap_err().code(), "unsupported_format");
        assert_eq!(sniff(p, &head(b"isom", b"isomavc1")).unwrap_err().code(), "not_a_photo");
    }
}
