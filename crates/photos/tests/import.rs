//! The import pipeline end to end, with photos generated here: orientation, rendition sizes,
//! metadata stripping, duplicates, bad input, and the batch going on after a bad file.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use image::{ImageFormat, Rgb, RgbImage};
use newsroom::{Lang, Store};
use toasoan_photos::{self as photos, ImportOutcome, PhotoError};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn jpeg(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality).encode_image(img).unwrap();
    out
}

fn encode(img: &RgbImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// A 40 × 20 white photo with a red 10 × 10 block in its stored top-left corner.
fn red_corner() -> RgbImage {
    RgbImage::from_fn(40, 20, |x, y| if x < 10 && y < 10 { Rgb([255, 0, 0]) } else { Rgb([255, 255, 255]) })
}

#[derive(Default)]
struct Exif<'a> {
    orientation: Option<u16>,
    date_time: Option<&'a str>,
    gps: bool,
}

/// A minimal big-endian EXIF block ("Exif\0\0" + TIFF header + IFD0 [+ GPS IFD]).
fn exif_segment(e: &Exif<'_>) -> Vec<u8> {
    let mut entries: Vec<(u16, u16, u32, [u8; 4])> = Vec::new();
    let mut data: Vec<u8> = Vec::new();
    let n = e.orientation.is_some() as usize + e.date_time.is_some() as usize + e.gps as usize;
    let data_start = 8 + 2 + 12 * n + 4;
    if let Some(o) = e.orientation {
        let [a, b] = o.to_be_bytes();
        entries.push((0x0112, 3, 1, [a, b, 0, 0]));
    }
    if let Some(dt) = e.date_time {
        let offset = (data_start + data.len()) as u32;
        data.extend_from_slice(dt.as_bytes());
        data.push(0);
        entries.push((0x0132, 2, dt.len() as u32 + 1, offset.to_be_bytes()));
    }
    if e.gps {
        let gps_ifd = (data_start + data.len()) as u32;
        entries.push((0x8825, 4, 1, gps_ifd.to_be_bytes()));
        // GPS IFD: LatitudeRef "N", Latitude 21/1 3/1 0/1 (Hà Nội), pointing past itself.
        let rationals = gps_ifd + 2 + 12 * 2 + 4;
        data.extend_from_slice(&2u16.to_be_bytes());
        data.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
        data.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3]);
        data.extend_from_slice(&rationals.to_be_bytes());
        data.extend_from_slice(&0u32.to_be_bytes());
        for (num, den) in [(21u32, 1u32), (3, 1), (0, 1)] {
            data.extend_from_slice(&num.to_be_bytes());
            data.extend_from_slice(&den.to_be_bytes());
        }
    }
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend_from_slice(&(n as u16).to_be_bytes());
    for (tag, kind, count, value) in &entries {
        tiff.extend_from_slice(&tag.to_be_bytes());
        tiff.extend_from_slice(&kind.to_be_bytes());
        tiff.extend_from_slice(&count.to_be_bytes());
        tiff.extend_from_slice(value);
    }
    tiff.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(tiff.len(), data_start);
    tiff.extend_from_slice(&data);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&tiff);
    seg
}

/// `jpeg` with an APP1 EXIF segment right after its start-of-image marker.
fn with_exif(jpeg: &[u8], e: &Exif<'_>) -> Vec<u8> {
    let payload = exif_segment(e);
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.file_type().unwrap().is_dir() {
                out.extend(files_under(&e.path()));
            } else {
                out.push(e.path());
            }
        }
    }
    out
}

fn photo_rows(store: &Store) -> (i64, i64) {
    let c = store.conn();
    let p = c.query_row("SELECT count(*) FROM photo", [], |r| r.get(0)).unwrap();
    let r = c.query_row("SELECT count(*) FROM rendition", [], |r| r.get(0)).unwrap();
    (p, r)
}

fn is_red(p: &Rgb<u8>) -> bool {
    p[0] > 180 && p[1] < 90 && p[2] < 90
}

fn is_white(p: &Rgb<u8>) -> bool {
    p[0] > 200 && p[1] > 200 && p[2] > 200
}

#[test]
fn each_exif_orientation_puts_the_red_corner_where_the_camera_saw_it() {
    let (dir, mut store) = store();
    let base = jpeg(&red_corner(), 100);
    // (orientation, displayed width × height, corner holding the red block: (right?, bottom?))
    let cases = [
        (1, (40, 20), (false, false)),
        (2, (40, 20), (true, false)),
        (3, (40, 20), (true, true)),
        (4, (40, 20), (false, true)),
        (5, (20, 40), (false, false)),
        (6, (20, 40), (true, false)),
        (7, (20, 40), (true, true)),
        (8, (20, 40), (false, true)),
    ];
    for (orientation, (w, h), (right, bottom)) in cases {
        // The date differs per file so that each is a new photo, not a duplicate.
        let dt = format!("2025:07:01 08:30:0{orientation}");
        let bytes = with_exif(&base, &Exif { orientation: Some(orientation), date_time: Some(&dt), gps: false });
        let path = write(dir.path(), &format!("o{orientation}.jpg"), &bytes);
        let out = photos::import(&mut store, &path).unwrap();
        assert!(!out.duplicate);
        let info = photos::get(&store, out.photo_id).unwrap();
        assert_eq!((info.width, info.height), (w, h), "orientation {orientation}");
        assert_eq!(info.taken_at.as_deref(), Some(&*format!("2025-07-01T08:30:0{orientation}")));
        assert_eq!(info.renditions.len(), 1, "a photo smaller than 320 px keeps its own size");
        let r = &info.renditions[0];
        assert_eq!((r.width, r.height), (w, h));
        let img = image::open(&r.path).unwrap().into_rgb8();
        let (qx, qy) = (4, 4); // inside the 10 × 10 block, whichever corner it is in
        let corner = |right: bool, bottom: bool| {
            *img.get_pixel(if right { w - 1 - qx } else { qx }, if bottom { h - 1 - qy } else { qy })
        };
        for (cr, cb) in [(false, false), (true, false), (false, true), (true, true)] {
            let p = corner(cr, cb);
            if (cr, cb) == (right, bottom) {
                assert!(is_red(&p), "orientation {orientation}: expected red at {cr},{cb}, got {p:?}");
            } else {
                assert!(is_white(&p), "orientation {orientation}: expected white at {cr},{cb}, got {p:?}");
            }
        }
    }
}

#[test]
fn a_3000_by_2000_photo_gets_three_renditions_at_the_right_sizes() {
    let (dir, mut store) = store();
    let img = RgbImage::from_fn(3000, 2000, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let path = write(dir.path(), "big.jpg", &jpeg(&img, 85));
    let out = photos::import(&mut store, &path).unwrap();
    let info = photos::get(&store, out.photo_id).unwrap();
    assert_eq!((info.width, info.height), (3000, 2000));
    let sizes: Vec<_> = info.renditions.iter().map(|r| (r.long_edge, r.width, r.height)).collect();
    assert_eq!(sizes, [(2048, 2048, 1365), (1024, 1024, 683), (320, 320, 213)]);
    for r in &info.renditions {
        assert!(r.path.ends_with(&format!("{}-{}.jpg", info.sha256, r.long_edge)));
        let decoded = image::open(&r.path).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (r.width, r.height));
        assert_eq!(std::fs::metadata(&r.path).unwrap().len(), r.bytes);
        assert!(image::guess_format(&std::fs::read(&r.path).unwrap()).unwrap() == ImageFormat::Jpeg);
    }
    // The original is kept byte for byte, in a content-addressed folder.
    assert_eq!(std::fs::read(&info.original_path).unwrap(), std::fs::read(&path).unwrap());
    assert!(info.original_path.contains(&format!("originals/{}/{}.jpg", &info.sha256[..2], info.sha256)));
    assert_eq!(info.bytes, std::fs::metadata(&path).unwrap().len());
}

#[test]
fn rendition_sizes_never_upscale() {
    assert_eq!(
        photos::pipeline::rendition_sizes(3000, 2000, &photos::RENDITION_EDGES),
        [(2048, 2048, 1365), (1024, 1024, 683), (320, 320, 213)]
    );
    assert_eq!(
        photos::pipeline::rendition_sizes(2000, 3000, &photos::RENDITION_EDGES),
        [(2048, 1365, 2048), (1024, 683, 1024), (320, 213, 320)]
    );
    assert_eq!(
        photos::pipeline::rendition_sizes(1500, 1000, &photos::RENDITION_EDGES),
        [(1500, 1500, 1000), (1024, 1024, 683), (320, 320, 213)]
    );
    assert_eq!(
        photos::pipeline::rendition_sizes(1024, 768, &photos::RENDITION_EDGES),
        [(1024, 1024, 768), (320, 320, 240)]
    );
    assert_eq!(photos::pipeline::rendition_sizes(200, 100, &photos::RENDITION_EDGES), [(200, 200, 100)]);
    assert_eq!(
        photos::pipeline::rendition_sizes(600, 400, &photos::RENDITION_EDGES),
        [(600, 600, 400), (320, 320, 213)]
    );
}

#[test]
fn gps_is_in_the_original_and_in_no_rendition() {
    let (dir, mut store) = store();
    let img = RgbImage::from_fn(1200, 800, |x, y| Rgb([(x / 5) as u8, (y / 4) as u8, 60]));
    let bytes =
        with_exif(&jpeg(&img, 90), &Exif { orientation: Some(1), date_time: Some("2025:09:02 07:00:00"), gps: true });
    let path = write(dir.path(), "gps.jpg", &bytes);
    let id = photos::import(&mut store, &path).unwrap().photo_id;
    let info = photos::get(&store, id).unwrap();

    let original = std::fs::read(&info.original_path).unwrap();
    let exif = exif::Reader::new().read_from_container(&mut Cursor::new(&original)).unwrap();
    assert!(exif.get_field(exif::Tag::GPSLatitude, exif::In::PRIMARY).is_some(), "the test photo has GPS");
    assert_eq!(info.taken_at.as_deref(), Some("2025-09-02T07:00:00"));

    assert_eq!(info.renditions.len(), 3, "1200 px: its own size, 1024, 320");
    for r in &info.renditions {
        let bytes = std::fs::read(&r.path).unwrap();
        if let Ok(exif) = exif::Reader::new().read_from_container(&mut Cursor::new(&bytes)) {
            assert!(exif.fields().all(|f| f.ifd_num != exif::In::PRIMARY || !is_gps(f.tag)), "{}", r.path);
        }
        assert!(!bytes.windows(6).any(|w| w == b"Exif\0\0"), "{} carries an EXIF block", r.path);
    }
}

fn is_gps(tag: exif::Tag) -> bool {
    tag.context() == exif::Context::Gps || tag == exif::Tag::GPSInfoIFDPointer
}

#[test]
fn the_same_bytes_twice_are_one_photo() {
    let (dir, mut store) = store();
    let bytes = jpeg(&red_corner(), 90);
    let a = write(dir.path(), "a.jpg", &bytes);
    let b = write(dir.path(), "copy of a.JPG", &bytes);
    let first = photos::import(&mut store, &a).unwrap();
    assert!(!first.duplicate);
    assert_eq!(photos::import(&mut store, &a).unwrap(), ImportOutcome { photo_id: first.photo_id, duplicate: true });
    assert_eq!(photos::import(&mut store, &b).unwrap(), ImportOutcome { photo_id: first.photo_id, duplicate: true });
    assert_eq!(photo_rows(&store), (1, 1));
    assert_eq!(files_under(&photos::library_dir(&store)).len(), 2, "one original, one rendition");
}

/// A PNG whose header claims `w` × `h` pixels, followed by a tiny IDAT and IEND.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(&crc_input);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn the_crc_helper_matches_a_real_png() {
    let png = encode(&red_corner(), ImageFormat::Png);
    let ihdr = &png[12..12 + 4 + 13];
    assert_eq!(crc32(ihdr).to_be_bytes(), png[12 + 17..12 + 21]);
}

#[test]
fn bad_files_are_refused_each_with_its_code_and_leave_nothing_behind() {
    let (dir, mut store) = store();
    let good = jpeg(&RgbImage::from_fn(600, 400, |x, y| Rgb([x as u8, y as u8, 0])), 90);
    let heic = {
        let mut b = vec![0, 0, 0, 0x18];
        b.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        b.extend_from_slice(&[0; 64]);
        b
    };
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.jpg", Vec::new(), "empty_file"),
        ("truncated.jpg", good[..good.len() / 2].to_vec(), "photo_corrupt"),
        ("cut in the thumbnail.jpg", cut_after_thumbnail(&good), "photo_corrupt"),
        ("notes.jpg", "Biên bản cuộc họp, không phải ảnh.\n".as_bytes().to_vec(), "not_a_photo"),
        ("bomb.png", png_claiming(100_000, 100_000), "photo_too_large"),
        // A HEIC container with nothing in it: a phone file cut short.
        ("IMG_0001.HEIC", heic, "photo_corrupt"),
        ("IMG_0002.AVIF", b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf".to_vec(), "unsupported_format"),
        ("anim.gif", gif, "unsupported_format"),
    ];
    for (name, bytes, code) in cases {
        let path = write(dir.path(), name, &bytes);
        let err = photos::import(&mut store, &path).unwrap_err();
        assert_eq!(err.code(), code, "{name}: {err}");
        let vi = err.message(Lang::Vi);
        assert!(vi.contains(name) && !vi.contains("error."), "{name}: {vi}");
        assert!(!err.message(Lang::En).contains("error."), "{name}");
        if code == "photo_too_large" {
            assert!(err.message(Lang::En).contains("(100000 × 100000 pixels"), "read from the header: {err}");
        }
        assert_eq!(photo_rows(&store), (0, 0), "{name}");
        assert!(files_under(&photos::library_dir(&store)).is_empty(), "{name}");
    }
    let missing = photos::import(&mut store, &dir.path().join("no such.jpg")).unwrap_err();
    assert_eq!(missing.code(), "file_unreadable");
    assert!(matches!(photos::get(&store, 99), Err(PhotoError::NotFound(99))));
    assert_eq!(photos::get(&store, 99).unwrap_err().code(), "not_found");
    assert_eq!(
        photos::import(&mut store, &write(dir.path(), "x.jpg", b"")).unwrap_err().message(Lang::En),
        format!(
            "{} is empty (0 bytes); copying from the card may not have finished. Copy the file again from the camera \
             or card, then import it again.",
            dir.path().join("x.jpg").display()
        )
    );
}

/// A JPEG carrying a small JPEG thumbnail in its EXIF block (whose end marker comes early), cut
/// short in the main image: the thumbnail's end must not pass for the photo's.
fn cut_after_thumbnail(full: &[u8]) -> Vec<u8> {
    let thumb = jpeg(&RgbImage::from_pixel(8, 8, Rgb([1, 2, 3])), 50);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&thumb); // not valid TIFF, but a reader skips the segment by its length
    let mut out = full[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&seg);
    out.extend_from_slice(&full[2..full.len() * 2 / 3]);
    out
}

#[test]
fn data_after_the_end_of_the_image_is_kept_as_is() {
    // Phones append a short video after the photo's end marker ("motion photos").
    let (dir, mut store) = store();
    let mut bytes = jpeg(&red_corner(), 90);
    bytes.extend_from_slice(b"\0\0\0\x18ftypmp42 a video follows");
    let path = write(dir.path(), "MVIMG_0001.jpg", &bytes);
    let id = photos::import(&mut store, &path).unwrap().photo_id;
    assert_eq!(std::fs::read(photos::get(&store, id).unwrap().original_path).unwrap(), bytes);
}

#[test]
fn png_webp_and_tiff_import_too() {
    let (dir, mut store) = store();
    let img = red_corner();
    let rgba = image::RgbaImage::from_fn(30, 30, |x, _| image::Rgba([0, 0, 255, if x < 15 { 0 } else { 255 }]));
    let mut png16 = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(rgba).to_rgba16().write_to(&mut png16, ImageFormat::Png).unwrap();
    for (name, bytes) in [
        ("a.png", encode(&img, ImageFormat::Png)),
        ("a.webp", encode(&img, ImageFormat::WebP)),
        ("a.tif", encode(&img, ImageFormat::Tiff)),
        ("alpha16.png", png16.into_inner()),
    ] {
        let path = write(dir.path(), name, &bytes);
        let out = photos::import(&mut store, &path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = photos::get(&store, out.photo_id).unwrap();
        let ext = name.rsplit('.').next().unwrap();
        assert!(info.original_path.ends_with(&format!(".{ext}")), "{}", info.original_path);
        let r = image::open(&info.renditions[0].path).unwrap().into_rgb8();
        if name == "alpha16.png" {
            assert!(is_white(r.get_pixel(3, 15)), "transparent becomes white: {:?}", r.get_pixel(3, 15));
            assert!(r.get_pixel(25, 15)[2] > 200 && r.get_pixel(25, 15)[0] < 60);
        } else {
            assert!(is_red(r.get_pixel(2, 2)) && is_white(r.get_pixel(30, 15)), "{name}");
        }
    }
    assert_eq!(photo_rows(&store).0, 4, "the PNG, WebP and TIFF of the same pixels are three photos");
}

#[test]
fn a_batch_goes_on_after_a_bad_file_and_walks_folders() {
    let (dir, mut store) = store();
    let src = dir.path().join("card");
    let dcim = src.join("DCIM").join("100CANON");
    std::fs::create_dir_all(&dcim).unwrap();
    let photo = |seed: u8| jpeg(&RgbImage::from_fn(64, 48, move |x, y| Rgb([seed, x as u8, y as u8])), 90);
    let one = write(dir.path(), "one.jpg", &photo(1));
    let bad = write(dir.path(), "bad.jpg", b"not a photo");
    write(&dcim, "IMG_0002.JPG", &photo(2));
    write(&dcim, "IMG_0003.jpg", &photo(3));
    write(&dcim, "._IMG_0002.JPG", b"macOS resource fork");
    write(&dcim, "MVI_0004.MOV", b"a video");
    let dup = write(dir.path(), "one again.jpg", &photo(1));

    let report = photos::import_many(&mut store, &[one, bad.clone(), src, dup], Lang::En);
    let lines: Vec<_> = report
        .items
        .iter()
        .map(|i| {
            let name = Path::new(&i.path).file_name().unwrap().to_str().unwrap().to_string();
            (name, i.photo_id.is_some(), i.duplicate, i.error.as_ref().map(|e| e.code.clone()))
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("one.jpg".to_string(), true, false, None),
            ("bad.jpg".to_string(), false, false, Some("not_a_photo".to_string())),
            ("IMG_0002.JPG".to_string(), true, false, None),
            ("IMG_0003.jpg".to_string(), true, false, None),
            ("one again.jpg".to_string(), true, true, None),
        ]
    );
    assert_eq!((report.imported, report.duplicates, report.failed), (3, 1, 1));
    assert!(report.items[1].error.as_ref().unwrap().message.contains(&*bad.display().to_string()));
    assert_eq!(photo_rows(&store), (3, 3));
}

#[test]
fn clean_partial_removes_what_a_crash_left_and_keeps_the_library() {
    let (dir, mut store) = store();
    let path = write(dir.path(), "keep.jpg", &jpeg(&red_corner(), 90));
    let id = photos::import(&mut store, &path).unwrap().photo_id;
    let info = photos::get(&store, id).unwrap();
    let lib = photos::library_dir(&store);
    let temp = write(&lib.join("renditions"), ".abc-320.jpg.partial-1-0", b"half a jpeg");
    std::fs::create_dir_all(lib.join("originals").join("ff")).unwrap();
    let orphan = write(&lib.join("originals").join("ff"), "ff00.jpg", b"renamed, but the row never went in");

    assert_eq!(photos::clean_partial(&store).unwrap(), 0, "young files may belong to an import running now");
    let old = SystemTime::now() - Duration::from_secs(3600);
    for f in [&temp, &orphan] {
        std::fs::File::options().write(true).open(f).unwrap().set_modified(old).unwrap();
    }
    photos::open_library(&store).unwrap();
    assert!(!temp.exists() && !orphan.exists());
    assert!(Path::new(&info.original_path).exists() && Path::new(&info.renditions[0].path).exists());
    assert_eq!(files_under(&lib).len(), 2);
}
