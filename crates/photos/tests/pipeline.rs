//! The pipeline's colour, formats, metadata and memory, each checked on photos made here and, where
//! it matters, read back by an independent tool (exiftool; renditions decoded by the image crate,
//! not libjpeg-turbo): CMYK and ICC photos come out in sRGB, PNG 16-bit with alpha, progressive
//! JPEG, HEIC from libheif's own encoder the right way up, configurable sizes, no EXIF or GPS in
//! renditions, caption and credit stamped and readable, and a 200-megapixel panorama within a
//! memory budget.

use std::path::{Path, PathBuf};
use std::process::Command;

use image::{Rgb, RgbImage};
use newsroom::{Lang, Store};
use serde_json::Value;
use toasoan_photos::metadata::{stamp_jpeg, Stamp};
use toasoan_photos::{self as photos, ImportOptions, PhotoInfo};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn import(store: &mut Store, path: &Path) -> PhotoInfo {
    let out = photos::import(store, path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    photos::get(store, out.photo_id).unwrap()
}

/// A rendition decoded by the image crate (zune-jpeg), not by the pipeline's own decoder.
fn open(path: &str) -> RgbImage {
    image::open(path).unwrap().into_rgb8()
}

/// A JPEG from packed pixels with libjpeg-turbo.
fn turbo_jpeg(pixels: &[u8], w: u32, h: u32, format: turbojpeg::PixelFormat, progressive: bool) -> Vec<u8> {
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_quality(95).unwrap();
    c.set_subsamp(turbojpeg::Subsamp::None).unwrap();
    c.set_progressive(progressive).unwrap();
    let pitch = w as usize * format.size();
    c.compress_to_vec(turbojpeg::Image { pixels, width: w as usize, pitch, height: h as usize, format }).unwrap()
}

/// `jpeg` with `payload` as a new segment `marker` right after SOI.
fn with_segment(jpeg: &[u8], marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Six flat 400 × 400 patches in a 3 × 2 grid (1200 × 800): the 320 rendition has each as a
/// 107 px square whose middle is untouched by resampling and sharpening.
fn patches(colours: &[[u8; 3]; 6]) -> RgbImage {
    RgbImage::from_fn(1200, 800, |x, y| Rgb(colours[(y / 400 * 3 + x / 400) as usize]))
}

/// The mean colour of a 9 × 9 square around each patch's middle in a rendition of [`patches`].
fn patch_means(img: &RgbImage) -> Vec<[f64; 3]> {
    let (w, h) = img.dimensions();
    (0..6)
        .map(|i| {
            let (cx, cy) = ((2 * (i % 3) + 1) * w / 6, (2 * (i / 3) + 1) * h / 4);
            let mut sum = [0.0; 3];
            for y in cy - 4..=cy + 4 {
                for x in cx - 4..=cx + 4 {
                    for (sum, &v) in sum.iter_mut().zip(&img.get_pixel(x, y).0) {
                        *sum += v as f64 / 81.0;
                    }
                }
            }
            sum
        })
        .collect()
}

fn assert_close(got: &[[f64; 3]], want: &[[f64; 3]], tolerance: f64, what: &str) {
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        for c in 0..3 {
            assert!((g[c] - w[c]).abs() <= tolerance, "{what}: patch {i} is {g:?}, expected {w:?} ± {tolerance}");
        }
    }
}

const SKIN_AND_FRIENDS: [[u8; 3]; 6] =
    [[200, 40, 40], [40, 160, 60], [40, 70, 190], [224, 172, 140], [128, 128, 128], [240, 220, 60]];

/// sRGB to CMYK as libjpeg-turbo's own tools do (cmyk.h), stored inverted as Photoshop and
/// libjpeg write it in an Adobe JPEG: 255 means no ink.
fn adobe_cmyk([r, g, b]: [u8; 3]) -> [u8; 4] {
    let (c, m, y) = (1.0 - r as f64 / 255.0, 1.0 - g as f64 / 255.0, 1.0 - b as f64 / 255.0);
    let k = c.min(m).min(y);
    let ink = |v: f64| if k >= 1.0 { 0.0 } else { (v - k) / (1.0 - k) };
    let stored = |v: f64| (255.0 - v * 255.0 + 0.5) as u8;
    [stored(ink(c)), stored(ink(m)), stored(ink(y)), stored(k)]
}

#[test]
fn cmyk_and_ycck_jpegs_come_out_in_the_colours_of_the_srgb_original() {
    let (dir, mut store) = store();
    let original = patches(&SKIN_AND_FRIENDS);
    let cmyk: Vec<u8> = original.pixels().flat_map(|p| adobe_cmyk(p.0)).collect();
    for (name, colorspace) in [("cmyk.jpg", turbojpeg::Colorspace::CMYK), ("ycck.jpg", turbojpeg::Colorspace::YCCK)] {
        let mut c = turbojpeg::Compressor::new().unwrap();
        c.set_quality(95).unwrap();
        c.set_colorspace(colorspace).unwrap();
        let image = turbojpeg::Image {
            pixels: &cmyk[..],
            width: 1200,
            pitch: 4800,
            height: 800,
            format: turbojpeg::PixelFormat::CMYK,
        };
        let jpeg = c.compress_to_vec(image).unwrap();
        assert!(jpeg.windows(5).any(|w| w == b"Adobe"), "libjpeg marks CMYK with an Adobe segment");
        let info = import(&mut store, &write(dir.path(), name, &jpeg));
        assert_eq!((info.width, info.height), (1200, 800));
        let small = open(&info.renditions.last().unwrap().path);
        assert_eq!(small.dimensions(), (320, 213));
        let want: Vec<[f64; 3]> = SKIN_AND_FRIENDS.iter().map(|c| c.map(|v| v as f64)).collect();
        // Quality 95 twice (CMYK in, sRGB out at 82) and the 8-bit CMYK round trip: ±6 of 255.
        assert_close(&patch_means(&small), &want, 6.0, name);
    }
}

/// The sRGB colour a [`cmyk_profile`] gives to full ink of `c`, `m`, `y` and `k` (0 or 1): paper
/// a warm off-white, inks that are not the naive formula's pure cyan, magenta and yellow.
fn profile_corner(c: bool, m: bool, y: bool, k: bool) -> [f64; 3] {
    if k {
        return [20.0, 20.0, 25.0];
    }
    let mut rgb = [250.0, 246.0, 236.0];
    for (on, ink) in [(c, [0.0, 160.0, 220.0]), (m, [230.0, 0.0, 130.0]), (y, [255.0, 230.0, 0.0])] {
        if on {
            rgb = [0, 1, 2].map(|i| rgb[i] * ink[i] / 255.0);
        }
    }
    rgb
}

/// A CMYK output profile (PCS XYZ, one lut16 with a 2-point grid) mapping the 16 ink corners to
/// [`profile_corner`]'s colours, so a photo converted through it tells itself from the naive formula.
fn cmyk_profile() -> Vec<u8> {
    use moxcms::{ColorProfile, DataColorSpace, LutDataType, LutStore, LutType, LutWarehouse, ProfileClass};
    // sRGB (D50-adapted, as in the ICC sRGB profile) to PCS XYZ.
    const M: [[f64; 3]; 3] =
        [[0.4360747, 0.3850649, 0.1430804], [0.2225045, 0.7168786, 0.0606169], [0.0139322, 0.0971045, 0.7141733]];
    let lin = |v: f64| {
        let v = v / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let mut clut = Vec::new();
    for i in 0..16u8 {
        let rgb = profile_corner(i & 8 != 0, i & 4 != 0, i & 2 != 0, i & 1 != 0).map(lin);
        // lut16 XYZ: 1.0 is 0x8000.
        clut.extend(mul(&M, rgb).map(|v| (v * 32768.0).round() as u16));
    }
    let lut = LutWarehouse::Lut(LutDataType {
        num_input_channels: 4,
        num_output_channels: 3,
        num_clut_grid_points: 2,
        matrix: moxcms::Matrix3d::IDENTITY,
        num_input_table_entries: 2,
        num_output_table_entries: 2,
        input_table: LutStore::Store16([0, 65535].repeat(4)),
        clut_table: LutStore::Store16(clut),
        output_table: LutStore::Store16([0, 65535].repeat(3)),
        lut_type: LutType::Lut16,
    });
    let mut profile = ColorProfile::default();
    profile.color_space = DataColorSpace::Cmyk;
    profile.pcs = DataColorSpace::Xyz;
    profile.profile_class = ProfileClass::OutputDevice;
    profile.lut_a_to_b_perceptual = Some(lut.clone());
    profile.lut_a_to_b_colorimetric = Some(lut);
    profile.encode().unwrap()
}

#[test]
fn an_embedded_cmyk_profile_is_used_for_cmyk_jpegs() {
    let (dir, mut store) = store();
    // Paper, C, M, Y, C+Y, K: ink amounts 0 or 1.
    let inks: [[bool; 4]; 6] = [
        [false, false, false, false],
        [true, false, false, false],
        [false, true, false, false],
        [false, false, true, false],
        [true, false, true, false],
        [false, false, false, true],
    ];
    let cmyk: Vec<u8> = patches(&[[0, 0, 0], [0, 0, 1], [0, 0, 2], [0, 0, 3], [0, 0, 4], [0, 0, 5]])
        .pixels()
        .flat_map(|p| inks[p[2] as usize].map(|on| if on { 0 } else { 255 }))
        .collect();
    let mut c = turbojpeg::Compressor::new().unwrap();
    c.set_quality(95).unwrap();
    c.set_colorspace(turbojpeg::Colorspace::YCCK).unwrap();
    let image = turbojpeg::Image {
        pixels: &cmyk[..],
        width: 1200,
        pitch: 4800,
        height: 800,
        format: turbojpeg::PixelFormat::CMYK,
    };
    let mut app2 = b"ICC_PROFILE\0\x01\x01".to_vec();
    app2.extend_from_slice(&cmyk_profile());
    let jpeg = with_segment(&c.compress_to_vec(image).unwrap(), 0xE2, &app2);
    let info = import(&mut store, &write(dir.path(), "cmyk-profile.jpg", &jpeg));
    let want: Vec<[f64; 3]> = inks.iter().map(|&[c, m, y, k]| profile_corner(c, m, y, k)).collect();
    assert_close(&patch_means(&open(&info.renditions.last().unwrap().path)), &want, 6.0, "CMYK through its profile");
}

// Display P3 to sRGB by the book (both D65, both with the sRGB curve), independent of moxcms.
fn primaries_to_xyz(p: [(f64, f64); 3]) -> [[f64; 3]; 3] {
    let (wx, wy) = (0.3127, 0.3290);
    let white = [wx / wy, 1.0, (1.0 - wx - wy) / wy];
    let col = |(x, y): (f64, f64)| [x / y, 1.0, (1.0 - x - y) / y];
    let m = [col(p[0]), col(p[1]), col(p[2])];
    let m = [[m[0][0], m[1][0], m[2][0]], [m[0][1], m[1][1], m[2][1]], [m[0][2], m[1][2], m[2][2]]];
    let s = mul(&inverse(&m), white);
    [0, 1, 2].map(|r| [0, 1, 2].map(|c| m[r][c] * s[c]))
}

fn mul(m: &[[f64; 3]; 3], v: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|r| m[r][0] * v[0] + m[r][1] * v[1] + m[r][2] * v[2])
}

fn inverse(m: &[[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    let c = |r1: usize, c1: usize, r2: usize, c2: usize| m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1];
    [
        [c(1, 1, 2, 2) / det, -c(0, 1, 2, 2) / det, c(0, 1, 1, 2) / det],
        [-c(1, 0, 2, 2) / det, c(0, 0, 2, 2) / det, -c(0, 0, 1, 2) / det],
        [c(1, 0, 2, 1) / det, -c(0, 0, 2, 1) / det, c(0, 0, 1, 1) / det],
    ]
}

fn p3_to_srgb(p3: [u8; 3]) -> [f64; 3] {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let enc = |l: f64| {
        let l = l.clamp(0.0, 1.0);
        255.0 * if l <= 0.0031308 { 12.92 * l } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 }
    };
    let p3_xyz = primaries_to_xyz([(0.680, 0.320), (0.265, 0.690), (0.150, 0.060)]);
    let srgb_xyz = primaries_to_xyz([(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)]);
    let xyz = mul(&p3_xyz, p3.map(lin));
    mul(&inverse(&srgb_xyz), xyz).map(enc)
}

/// In-gamut colours whose sRGB values differ clearly from their P3 numbers.
const P3_PATCHES: [[u8; 3]; 6] =
    [[200, 100, 80], [90, 160, 70], [70, 90, 180], [220, 180, 150], [128, 128, 128], [160, 60, 140]];

#[test]
fn an_embedded_display_p3_profile_is_converted_to_srgb() {
    let (dir, mut store) = store();
    let icc = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let want: Vec<[f64; 3]> = P3_PATCHES.iter().map(|&c| p3_to_srgb(c)).collect();
    let moved = P3_PATCHES.iter().zip(&want).any(|(p, s)| (0..3).any(|c| (p[c] as f64 - s[c]).abs() > 12.0));
    assert!(moved, "the patches must tell a conversion from none");
    let img = patches(&P3_PATCHES);
    // PNG with an iCCP chunk.
    let mut png = Vec::new();
    {
        use image::ImageEncoder;
        let mut enc = image::codecs::png::PngEncoder::new(&mut png);
        enc.set_icc_profile(icc.clone()).unwrap();
        enc.write_image(img.as_raw(), 1200, 800, image::ExtendedColorType::Rgb8).unwrap();
    }
    // JPEG with the profile in an APP2 ICC_PROFILE chunk.
    let mut app2 = b"ICC_PROFILE\0\x01\x01".to_vec();
    app2.extend_from_slice(&icc);
    let jpeg = with_segment(&turbo_jpeg(img.as_raw(), 1200, 800, turbojpeg::PixelFormat::RGB, false), 0xE2, &app2);
    for (name, bytes, tolerance) in [("p3.png", png, 4.0), ("p3.jpg", jpeg, 6.0)] {
        let info = import(&mut store, &write(dir.path(), name, &bytes));
        for r in &info.renditions {
            assert_close(&patch_means(&open(&r.path)), &want, tolerance, &format!("{name} at {}", r.long_edge));
        }
    }
    // Without the profile the numbers pass through as sRGB.
    let plain = turbo_jpeg(img.as_raw(), 1200, 800, turbojpeg::PixelFormat::RGB, false);
    let info = import(&mut store, &write(dir.path(), "plain.jpg", &plain));
    let as_is: Vec<[f64; 3]> = P3_PATCHES.iter().map(|c| c.map(|v| v as f64)).collect();
    assert_close(&patch_means(&open(&info.renditions[0].path)), &as_is, 4.0, "no profile");
}

#[test]
fn png_16_bit_with_alpha_is_flattened_on_white_and_resized() {
    let (dir, mut store) = store();
    // Left half fully transparent, right half opaque deep blue in 16 bits.
    let img = image::ImageBuffer::<image::Rgba<u16>, _>::from_fn(900, 600, |x, _| {
        if x < 450 {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([0x1000, 0x2000, 0xC000, 0xFFFF])
        }
    });
    let mut png = std::io::Cursor::new(Vec::new());
    img.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let info = import(&mut store, &write(dir.path(), "alpha16.png", &png.into_inner()));
    assert!(info.original_path.ends_with(".png"));
    let sizes: Vec<_> = info.renditions.iter().map(|r| (r.width, r.height)).collect();
    assert_eq!(sizes, [(900, 600), (320, 213)], "900 px: its own size, then 320");
    let r = open(&info.renditions[1].path);
    let (left, right) = (r.get_pixel(40, 100), r.get_pixel(280, 100));
    assert!(left.0.iter().all(|&v| v >= 250), "transparent becomes white: {left:?}");
    assert!(right[2] >= 185 && right[0] <= 25 && (25..=40).contains(&right[1]), "{right:?}");
}

#[test]
fn progressive_jpeg_imports_with_its_colours() {
    let (dir, mut store) = store();
    let img = patches(&SKIN_AND_FRIENDS);
    let jpeg = turbo_jpeg(img.as_raw(), 1200, 800, turbojpeg::PixelFormat::RGB, true);
    assert!(turbojpeg::read_header(&jpeg).unwrap().is_progressive);
    let info = import(&mut store, &write(dir.path(), "progressive.jpg", &jpeg));
    let sizes: Vec<_> = info.renditions.iter().map(|r| (r.long_edge, r.width, r.height)).collect();
    assert_eq!(sizes, [(1200, 1200, 800), (1024, 1024, 683), (320, 320, 213)]);
    let want: Vec<[f64; 3]> = SKIN_AND_FRIENDS.iter().map(|c| c.map(|v| v as f64)).collect();
    for r in &info.renditions {
        assert_close(&patch_means(&open(&r.path)), &want, 4.0, "progressive");
    }
}

/// A 400 × 300 photo, red in its stored top-left 100 × 100 corner, white elsewhere.
fn red_corner_big() -> RgbImage {
    RgbImage::from_fn(400, 300, |x, y| if x < 100 && y < 100 { Rgb([220, 0, 0]) } else { Rgb([255, 255, 255]) })
}

fn is_red(p: &Rgb<u8>) -> bool {
    p[0] > 180 && p[1] < 70 && p[2] < 70
}

fn is_white(p: &Rgb<u8>) -> bool {
    p.0.iter().all(|&v| v > 220)
}

/// Which corner of `img` is red, as (right?, bottom?); the other three must be white.
fn red_corner_of(img: &RgbImage) -> (bool, bool) {
    let (w, h) = img.dimensions();
    let q = w.min(h) / 12;
    let mut red = Vec::new();
    for (right, bottom) in [(false, false), (true, false), (false, true), (true, true)] {
        let p = img.get_pixel(if right { w - 1 - q } else { q }, if bottom { h - 1 - q } else { q });
        if is_red(p) {
            red.push((right, bottom));
        } else {
            assert!(is_white(p), "corner {right},{bottom} is {p:?}");
        }
    }
    assert_eq!(red.len(), 1, "one red corner");
    red[0]
}

/// An EXIF block (little-endian) with an Orientation and a GPS latitude (Hà Nội).
fn exif_with(orientation: u16, gps: bool) -> Vec<u8> {
    let mut t = b"II\x2a\0\x08\0\0\0".to_vec();
    let n: u16 = 1 + gps as u16;
    t.extend_from_slice(&n.to_le_bytes());
    t.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0]);
    t.extend_from_slice(&(orientation as u32).to_le_bytes());
    let gps_ifd = 8 + 2 + 12 * n as u32 + 4;
    if gps {
        t.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0]);
        t.extend_from_slice(&gps_ifd.to_le_bytes());
    }
    t.extend_from_slice(&0u32.to_le_bytes());
    if gps {
        let rationals = gps_ifd + 2 + 2 * 12 + 4;
        t.extend_from_slice(&2u16.to_le_bytes());
        t.extend_from_slice(&[1, 0, 2, 0, 2, 0, 0, 0, b'N', 0, 0, 0]);
        t.extend_from_slice(&[2, 0, 5, 0, 3, 0, 0, 0]);
        t.extend_from_slice(&rationals.to_le_bytes());
        t.extend_from_slice(&0u32.to_le_bytes());
        for (num, den) in [(21u32, 1u32), (1, 1), (0, 1)] {
            t.extend_from_slice(&num.to_le_bytes());
            t.extend_from_slice(&den.to_le_bytes());
        }
    }
    t
}

#[test]
fn every_exif_orientation_is_applied_to_resized_renditions_too() {
    // import.rs checks orientation on photos smaller than every rendition; here the photo is
    // decoded scaled down and resized before it is turned.
    let (dir, mut store) = store();
    let big =
        RgbImage::from_fn(1200, 800, |x, y| if x < 300 && y < 300 { Rgb([220, 0, 0]) } else { Rgb([255, 255, 255]) });
    let base = turbo_jpeg(big.as_raw(), 1200, 800, turbojpeg::PixelFormat::RGB, false);
    let cases = [
        (1, (false, false)),
        (2, (true, false)),
        (3, (true, true)),
        (4, (false, true)),
        (5, (false, false)),
        (6, (true, false)),
        (7, (true, true)),
        (8, (false, true)),
    ];
    for (orientation, corner) in cases {
        let exif = [b"Exif\0\0".as_slice(), &exif_with(orientation, false)].concat();
        let info =
            import(&mut store, &write(dir.path(), &format!("o{orientation}.jpg"), &with_segment(&base, 0xE1, &exif)));
        let turned = orientation >= 5;
        assert_eq!((info.width, info.height), if turned { (800, 1200) } else { (1200, 800) });
        let sizes: Vec<_> = info.renditions.iter().map(|r| (r.width, r.height)).collect();
        let want = [(1200, 800), (1024, 683), (320, 213)];
        let want: Vec<_> = want.iter().map(|&(w, h)| if turned { (h, w) } else { (w, h) }).collect();
        assert_eq!(sizes, want, "orientation {orientation}");
        for r in &info.renditions {
            let img = open(&r.path);
            assert_eq!(img.dimensions(), (r.width, r.height));
            assert_eq!(red_corner_of(&img), corner, "orientation {orientation} at {}", r.long_edge);
        }
    }
}

/// A HEIC made by libheif's own encoder (x265), through libheif's C API (libheif-rs 0.20 frees
/// the encoding options before libheif reads them, which would lose the orientation). `bits` is 8
/// or 10; `orientation` (EXIF numbering) goes into the file as irot/imir boxes.
fn libheif_heic(img: &RgbImage, bits: u8, orientation: libheif_sys::heif_orientation, exif: &[u8]) -> Vec<u8> {
    use libheif_sys as lh;
    let (w, h) = img.dimensions();
    let file = tempfile::NamedTempFile::new().unwrap();
    unsafe {
        let check = |e: lh::heif_error| {
            assert_eq!(e.code, 0, "libheif: {:?}", std::ffi::CStr::from_ptr(e.message));
        };
        let context = lh::heif_context_alloc();
        let mut encoder = std::ptr::null_mut();
        let hevc = lh::heif_compression_format_heif_compression_HEVC;
        check(lh::heif_context_get_encoder_for_format(context, hevc, &mut encoder));
        check(lh::heif_encoder_set_lossy_quality(encoder, 92));
        let chroma = if bits == 8 {
            lh::heif_chroma_heif_chroma_interleaved_RGB
        } else {
            lh::heif_chroma_heif_chroma_interleaved_RRGGBB_LE
        };
        let mut image = std::ptr::null_mut();
        check(lh::heif_image_create(w as _, h as _, lh::heif_colorspace_heif_colorspace_RGB, chroma, &mut image));
        let interleaved = lh::heif_channel_heif_channel_interleaved;
        check(lh::heif_image_add_plane(image, interleaved, w as _, h as _, bits as _));
        let mut stride = 0;
        let plane = lh::heif_image_get_plane(image, interleaved, &mut stride);
        let bytes = if bits == 8 { 1 } else { 2 };
        for y in 0..h as usize {
            let row = std::slice::from_raw_parts_mut(plane.add(y * stride as usize), w as usize * 3 * bytes);
            let src = &img.as_raw()[y * w as usize * 3..][..w as usize * 3];
            if bits == 8 {
                row.copy_from_slice(src);
            } else {
                for (d, &v) in row.chunks_exact_mut(2).zip(src) {
                    let v10 = ((v as u32 * 1023 + 127) / 255) as u16;
                    d.copy_from_slice(&v10.to_le_bytes());
                }
            }
        }
        let options = lh::heif_encoding_options_alloc();
        (*options).image_orientation = orientation;
        let mut handle = std::ptr::null_mut();
        check(lh::heif_context_encode_image(context, image, encoder, options, &mut handle));
        if !exif.is_empty() {
            check(lh::heif_context_add_exif_metadata(context, handle, exif.as_ptr().cast(), exif.len() as _));
        }
        let path = std::ffi::CString::new(file.path().to_str().unwrap()).unwrap();
        check(lh::heif_context_write_to_file(context, path.as_ptr()));
        lh::heif_encoding_options_free(options);
        lh::heif_image_handle_release(handle);
        lh::heif_image_release(image);
        lh::heif_encoder_release(encoder);
        lh::heif_context_free(context);
    }
    std::fs::read(file.path()).unwrap()
}

#[test]
fn heic_from_libheif_imports_the_right_way_up() {
    let (dir, mut store) = store();
    // As a phone held upright stores it: the pixels sideways, a 90° turn in the file (irot), and
    // EXIF saying the same, which must not turn it a second time. GPS too.
    let exif = [b"Exif\0\0".as_slice(), &exif_with(6, true)].concat();
    let heic = libheif_heic(&red_corner_big(), 8, libheif_sys::heif_orientation_heif_orientation_rotate_90_cw, &exif);
    assert_eq!(&heic[4..12], b"ftypheic");
    let path = write(dir.path(), "IMG_0001.HEIC", &heic);
    assert_eq!(exiftool(&path, &[])["QuickTime:Rotation"], 270, "the file carries the turn as irot");
    let info = import(&mut store, &path);
    assert!(info.original_path.ends_with(".heic"), "{}", info.original_path);
    assert_eq!((info.width, info.height), (300, 400), "shown upright");
    let sizes: Vec<_> = info.renditions.iter().map(|r| (r.long_edge, r.width, r.height)).collect();
    assert_eq!(sizes, [(400, 300, 400), (320, 240, 320)]);
    let r = open(&info.renditions[0].path);
    // Turned 90° clockwise, the stored top-left corner is at the top right.
    assert_eq!(red_corner_of(&r), (true, false));
    // A plain JPEG without the HEIC's EXIF and GPS.
    assert_eq!(no_exif_groups(&exiftool(Path::new(&info.renditions[0].path), &[])), Vec::<String>::new());
}

#[test]
fn a_10_bit_heic_comes_out_in_its_colours() {
    let (dir, mut store) = store();
    let heic =
        libheif_heic(&patches(&SKIN_AND_FRIENDS), 10, libheif_sys::heif_orientation_heif_orientation_normal, &[]);
    let info = import(&mut store, &write(dir.path(), "IMG_0002.HEIC", &heic));
    assert_eq!((info.width, info.height), (1200, 800));
    let want: Vec<[f64; 3]> = SKIN_AND_FRIENDS.iter().map(|c| c.map(|v| v as f64)).collect();
    // HEVC's own YCbCr round trip (x265 at quality 92) and ours: ±8 of 255.
    assert_close(&patch_means(&open(&info.renditions[0].path)), &want, 8.0, "10-bit HEIC");
}

/// exiftool's reading of `file` (-j -G1 -a), as one JSON object. Fails, never skips, when
/// exiftool is missing: scripts/setup.sh installs it (TEST_PACKAGES).
fn exiftool(file: &Path, args: &[&str]) -> serde_json::Map<String, Value> {
    let out = Command::new("exiftool")
        .args(["-j", "-G1", "-a", "-n"])
        .args(args)
        .arg(file)
        .output()
        .expect("exiftool is needed by these tests: apt-get install libimage-exiftool-perl (scripts/setup.sh)");
    assert!(out.status.success(), "exiftool {}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v[0].as_object().unwrap().clone()
}

/// The tags exiftool found in EXIF, GPS or maker-note groups.
fn no_exif_groups(tags: &serde_json::Map<String, Value>) -> Vec<String> {
    tags.keys()
        .filter(|k| {
            let group = k.split(':').next().unwrap_or("");
            ["IFD0", "IFD1", "ExifIFD", "GPS", "InteropIFD", "MakerNotes"].contains(&group)
                || group.starts_with("MakerNote")
                || k.contains("GPS")
                || k.contains("Serial")
        })
        .cloned()
        .collect()
}

#[test]
fn gps_in_the_original_is_in_no_rendition_as_exiftool_reads_them() {
    let (dir, mut store) = store();
    let img = patches(&SKIN_AND_FRIENDS);
    let base = turbo_jpeg(img.as_raw(), 1200, 800, turbojpeg::PixelFormat::RGB, false);
    let exif = [b"Exif\0\0".as_slice(), &exif_with(1, true)].concat();
    let path = write(dir.path(), "gps.jpg", &with_segment(&base, 0xE1, &exif));
    let original = exiftool(&path, &[]);
    let latitude = original.get("GPS:GPSLatitude").and_then(Value::as_f64);
    assert!(latitude.is_some_and(|l| (l - (21.0 + 1.0 / 60.0)).abs() < 1e-6), "{original:?}");
    let info = import(&mut store, &path);
    assert_eq!(info.renditions.len(), 3);
    for r in &info.renditions {
        let tags = exiftool(Path::new(&r.path), &[]);
        assert_eq!(no_exif_groups(&tags), Vec::<String>::new(), "{}", r.path);
        assert_eq!(tags.get("File:ImageWidth").and_then(Value::as_u64), Some(r.width as u64));
    }
}

#[test]
fn rendition_sizes_follow_the_configured_edges_as_exiftool_reads_them() {
    let (dir, mut store) = store();
    let landscape = RgbImage::from_fn(3000, 2000, |x, y| Rgb([(x % 251) as u8, (y % 241) as u8, 90]));
    let portrait = RgbImage::from_fn(1000, 1500, |x, y| Rgb([(y % 251) as u8, 60, (x % 241) as u8]));
    let files = [
        write(
            dir.path(),
            "landscape.jpg",
            &turbo_jpeg(landscape.as_raw(), 3000, 2000, turbojpeg::PixelFormat::RGB, false),
        ),
        write(
            dir.path(),
            "portrait.jpg",
            &turbo_jpeg(portrait.as_raw(), 1000, 1500, turbojpeg::PixelFormat::RGB, true),
        ),
    ];
    let options = ImportOptions { long_edges: vec![1600, 800], threads: 2, ..ImportOptions::default() };
    let report = photos::import_batch(&mut store, &files, Lang::En, &options, &Default::default(), &mut |_| {});
    assert_eq!(report.imported, 2, "{report:?}");
    let expect = [vec![(1600, 1600, 1067), (800, 800, 533)], vec![(1500, 1000, 1500), (800, 533, 800)]];
    for (item, want) in report.items.iter().zip(expect) {
        let info = photos::get(&store, item.photo_id.unwrap()).unwrap();
        let got: Vec<_> = info.renditions.iter().map(|r| (r.long_edge, r.width, r.height)).collect();
        assert_eq!(got, want, "{}", item.path);
        for r in &info.renditions {
            let tags = exiftool(Path::new(&r.path), &[]);
            let size = (tags["File:ImageWidth"].as_u64().unwrap(), tags["File:ImageHeight"].as_u64().unwrap());
            assert_eq!(size, (r.width as u64, r.height as u64), "{}", r.path);
            assert_eq!(tags["File:FileType"], "JPEG");
        }
    }
}

#[test]
fn caption_and_credit_stamped_into_a_rendition_read_back_in_exiftool() {
    let (dir, mut store) = store();
    let img = patches(&SKIN_AND_FRIENDS);
    let info = import(
        &mut store,
        &write(dir.path(), "hoi-nghi.jpg", &turbo_jpeg(img.as_raw(), 1200, 800, turbojpeg::PixelFormat::RGB, false)),
    );
    let rendition = std::fs::read(&info.renditions[0].path).unwrap();
    let stamp = Stamp {
        caption: "Phó Chủ tịch UBND huyện phát biểu tại hội nghị".into(),
        alt_text: "Một người đàn ông mặc áo vest đứng phát biểu trước micro".into(),
        credit: "Ảnh: Nguyễn Văn An".into(),
        copyright: "© 2025 Báo Tòa Soạn".into(),
    };
    let stamped = stamp_jpeg(&rendition, &stamp);
    let path = write(dir.path(), "stamped.jpg", &stamped);
    let tags = exiftool(&path, &[]);
    let text =
        |k: &str| tags.get(k).and_then(Value::as_str).unwrap_or_else(|| panic!("{k} missing: {tags:?}")).to_string();
    assert_eq!(text("XMP-dc:Description"), stamp.caption);
    assert_eq!(text("XMP-photoshop:Credit"), stamp.credit);
    assert_eq!(text("XMP-dc:Rights"), stamp.copyright);
    assert_eq!(text("XMP-iptcCore:AltTextAccessibility"), stamp.alt_text);
    assert_eq!(text("IPTC:Caption-Abstract"), stamp.caption);
    assert_eq!(text("IPTC:Credit"), stamp.credit);
    assert_eq!(text("IPTC:CopyrightNotice"), stamp.copyright);
    assert!(!tags.contains_key("ExifTool:Warning"), "{tags:?}");
    // The pixels are the same bytes: stamping never re-encodes.
    let scan = |j: &[u8]| j[j.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap()..].to_vec();
    assert_eq!(scan(&stamped), scan(&rendition));
    assert_eq!(open(path.to_str().unwrap()), open(&info.renditions[0].path));
}

/// Set in the child process that imports the panorama, to the file's path.
const PANORAMA_CHILD: &str = "TOASOAN_TEST_PANORAMA_CHILD";
/// Peak resident memory allowed to the process importing a 200-megapixel JPEG. Decoded whole it
/// would be 600 MB of RGB before any resizing; at the 1/8 scale the pipeline picks it is
/// 2500 × 1250 (9.4 MB). What remains is the file itself (read whole: a few MB for this pattern,
/// tens of MB for a real panorama), the renditions (2048 × 1024 and smaller, about 6 MB each
/// while being sharpened and encoded), libjpeg-turbo's row buffers and the test harness: about
/// 45 MiB measured. 128 MiB leaves room for a busier file and fails long before a full-size
/// decode could fit.
const PANORAMA_PEAK_KIB: u64 = 128 * 1024;

#[cfg(target_os = "linux")]
#[test]
fn a_200_megapixel_panorama_imports_within_the_memory_budget() {
    if let Ok(file) = std::env::var(PANORAMA_CHILD) {
        // The child: import, then report this process's peak resident memory.
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let info = import(&mut store, Path::new(&file));
        let sizes: Vec<_> = info.renditions.iter().map(|r| (r.width, r.height)).collect();
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        let peak = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).unwrap().trim().to_string();
        println!("CHILD-RESULT {}x{} {:?} {peak}", info.width, info.height, sizes);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (20_000usize, 10_000usize);
    let file = dir.path().join("panorama-20000x10000.jpg");
    {
        // 4:2:0 planes (300 MB here, in this process, not the child's): bands and a ramp.
        let mut y_plane = vec![0u8; w * h];
        let rows: Vec<Vec<u8>> = (0..2)
            .map(|band| (0..w).map(|x| (40 + (x * 150 / w) + ((x / 64 + band) % 2) * 50) as u8).collect())
            .collect();
        for (i, row) in y_plane.chunks_exact_mut(w).enumerate() {
            row.copy_from_slice(&rows[(i / 256) % 2]);
        }
        let (cw, ch) = (w / 2, h / 2);
        let u_plane: Vec<u8> = (0..cw * ch).map(|i| (96 + (i % cw) * 64 / cw) as u8).collect();
        let v_plane = vec![150u8; cw * ch];
        let image = turbojpeg::YuvPlanesImage {
            y_plane: &y_plane[..],
            u_plane: &u_plane[..],
            v_plane: &v_plane[..],
            width: w,
            height: h,
            y_stride: w,
            u_stride: cw,
            v_stride: cw,
            subsamp: turbojpeg::Subsamp::Sub2x2,
        };
        let jpeg = turbojpeg::compress_yuv_planes(&image, 85).unwrap();
        std::fs::write(&file, &*jpeg).unwrap();
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_200_megapixel_panorama_imports_within_the_memory_budget",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(PANORAMA_CHILD, &file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("CHILD-RESULT "))
        .map(|(_, r)| r)
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.starts_with("20000x10000 [(2048, 1024), (1024, 512), (320, 160)] "), "{line}");
    let peak_kib: u64 = line.rsplit(' ').nth(1).unwrap().parse().unwrap();
    let file_mib = std::fs::metadata(&file).unwrap().len() >> 20;
    eprintln!("200-megapixel JPEG ({file_mib} MiB): peak {} MiB", peak_kib / 1024);
    assert!(peak_kib <= PANORAMA_PEAK_KIB, "peak {} MiB > {} MiB", peak_kib / 1024, PANORAMA_PEAK_KIB / 1024);
}
