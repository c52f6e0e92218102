//! Turning and cropping a photo, and the words its renditions carry: the original never changes,
//! the renditions are made again, and a refused framing leaves everything as it was.

use std::path::{Path, PathBuf};

use image::{Rgb, RgbImage};
use newsroom::{settings, Lang, Store};
use sha2::{Digest, Sha256};
use toasoan_photos::album::{Crop, Framing, PhotoEdit};
use toasoan_photos::{self as photos};

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

/// A 400 × 200 white photo with a red 100 × 100 block in its top-left corner.
fn red_corner(dir: &Path) -> PathBuf {
    let img =
        RgbImage::from_fn(400, 200, |x, y| if x < 100 && y < 100 { Rgb([255, 0, 0]) } else { Rgb([255, 255, 255]) });
    let path = dir.join("red-corner.jpg");
    img.save_with_format(&path, image::ImageFormat::Jpeg).unwrap();
    path
}

fn rendition(store: &Store, id: i64, edge: u32) -> RgbImage {
    let info = photos::get(store, id).unwrap();
    let r = info.renditions.iter().find(|r| r.long_edge == edge).expect("rendition");
    image::open(&r.path).unwrap().to_rgb8()
}

fn is_red(p: &Rgb<u8>) -> bool {
    p[0] > 200 && p[1] < 60 && p[2] < 60
}

fn sha_of(path: &str) -> String {
    Sha256::digest(std::fs::read(path).unwrap()).iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn a_quarter_turn_remakes_the_renditions_and_leaves_the_original_alone() {
    let (dir, mut store) = store();
    let id = photos::import(&mut store, &red_corner(dir.path())).unwrap().photo_id;
    let before = photos::get(&store, id).unwrap();

    let photo = photos::frame(&mut store, id, Framing { quarter_turns: 1, crop: None }).unwrap();
    assert_eq!((photo.width, photo.height), (200, 400));
    assert_eq!(photo.version, 2);
    assert_eq!(photo.framing, Framing { quarter_turns: 1, crop: None });

    let after = photos::get(&store, id).unwrap();
    assert_eq!(sha_of(&after.original_path), before.sha256, "the original is byte for byte as imported");
    for old in &before.renditions {
        assert!(!Path::new(&old.path).exists(), "the old rendition {} is gone", old.path);
    }
    // Turned clockwise, the top-left corner is now top-right.
    let img = rendition(&store, id, 320);
    assert_eq!(img.dimensions(), (160, 320));
    assert!(is_red(img.get_pixel(150, 10)), "{:?}", img.get_pixel(150, 10));
    assert!(!is_red(img.get_pixel(10, 10)));
}

#[test]
fn a_crop_keeps_the_chosen_part_at_full_resolution() {
    let (dir, mut store) = store();
    let id = photos::import(&mut store, &red_corner(dir.path())).unwrap().photo_id;
    // The left quarter, full height: 100 × 200, its top half red.
    let crop = Crop { x: 0.0, y: 0.0, w: 0.25, h: 1.0 };
    let photo = photos::frame(&mut store, id, Framing { quarter_turns: 0, crop: Some(crop) }).unwrap();
    assert_eq!((photo.width, photo.height), (100, 200));
    let img = rendition(&store, id, 200);
    assert_eq!(img.dimensions(), (100, 200));
    assert!(is_red(img.get_pixel(50, 40)));
    assert!(!is_red(img.get_pixel(50, 160)));

    // Back to the whole photo.
    let photo = photos::frame(&mut store, id, Framing::default()).unwrap();
    assert_eq!((photo.width, photo.height, photo.version), (400, 200, 3));
}

#[test]
fn a_framing_outside_the_photo_is_refused_and_changes_nothing() {
    let (dir, mut store) = store();
    let id = photos::import(&mut store, &red_corner(dir.path())).unwrap().photo_id;
    let before = photos::get(&store, id).unwrap();
    for framing in [
        Framing { quarter_turns: 4, crop: None },
        Framing { quarter_turns: 0, crop: Some(Crop { x: 0.5, y: 0.0, w: 0.6, h: 1.0 }) },
        Framing { quarter_turns: 0, crop: Some(Crop { x: -0.1, y: 0.0, w: 0.5, h: 0.5 }) },
        Framing { quarter_turns: 0, crop: Some(Crop { x: 0.0, y: 0.0, w: 0.001, h: 0.5 }) },
        Framing { quarter_turns: 0, crop: Some(Crop { x: f64::NAN, y: 0.0, w: 0.5, h: 0.5 }) },
    ] {
        let err = photos::frame(&mut store, id, framing).unwrap_err();
        assert_eq!(err.code(), "invalid_framing", "{framing:?}");
        assert!(err.message(Lang::Vi).contains("Hãy chọn lại khung cắt"));
    }
    assert_eq!(photos::get(&store, id).unwrap(), before);
    for r in &before.renditions {
        assert!(Path::new(&r.path).exists());
    }
}

#[test]
fn captions_and_the_offices_copyright_are_written_into_the_renditions() {
    let (dir, mut store) = store();
    settings::set_photo_copyright(&store, "© Cổng thông tin điện tử huyện").unwrap();
    let report = photos::import_many(&mut store, &[red_corner(dir.path())], Lang::Vi);
    let id = report.items[0].photo_id.unwrap();
    let contains = |store: &Store, text: &str| {
        photos::get(store, id).unwrap().renditions.iter().all(|r| {
            let bytes = std::fs::read(&r.path).unwrap();
            bytes.windows(text.len()).any(|w| w == text.as_bytes())
        })
    };
    assert!(contains(&store, "© Cổng thông tin điện tử huyện"), "the copyright is stamped at import");

    let caption = "Phó Chủ tịch UBND huyện phát biểu tại hội nghị";
    let edit =
        PhotoEdit {
            caption: Some(caption.into()), credit: Some("Ảnh: Nguyễn Văn An".into()), ..PhotoEdit::default()
        };
    photos::edit_photos(&mut store, &[id], &edit).unwrap();
    assert!(contains(&store, caption));
    assert!(contains(&store, "Ảnh: Nguyễn Văn An"));

    // A new caption replaces the old one; a turn keeps the words.
    photos::edit_photos(
        &mut store,
        &[id],
        &PhotoEdit { caption: Some("Toàn cảnh hội nghị".into()), ..PhotoEdit::default() },
    )
    .unwrap();
    photos::frame(&mut store, id, Framing { quarter_turns: 2, crop: None }).unwrap();
    assert!(contains(&store, "Toàn cảnh hội nghị"));
    assert!(!contains(&store, caption));

    // A photo without its own credit carries its album's.
    photos::edit_photos(&mut store, &[id], &PhotoEdit { credit: Some(String::new()), ..PhotoEdit::default() }).unwrap();
    let album = toasoan_photos::album::create(&mut store, "Hội nghị tổng kết").unwrap();
    toasoan_photos::album::add_photos(&mut store, album.id, &[id]).unwrap();
    let credit =
        toasoan_photos::album::AlbumEdit { credit: Some("Ảnh: Ban Tuyên giáo".into()), ..Default::default() };
    toasoan_photos::album::edit(&mut store, album.id, &credit).unwrap();
    assert!(contains(&store, "Ảnh: Ban Tuyên giáo"));
}

#[test]
fn the_sizes_in_the_settings_are_used_for_new_imports_and_framing() {
    let (dir, mut store) = store();
    settings::set_photo_sizes(&store, &[300, 160]).unwrap();
    let report = photos::import_many(&mut store, &[red_corner(dir.path())], Lang::Vi);
    let id = report.items[0].photo_id.unwrap();
    let edges =
        |store: &Store| photos::get(store, id).unwrap().renditions.iter().map(|r| r.long_edge).collect::<Vec<_>>();
    assert_eq!(edges(&store), [300, 160]);
    settings::set_photo_sizes(&store, &[200]).unwrap();
    photos::frame(&mut store, id, Framing { quarter_turns: 1, crop: None }).unwrap();
    assert_eq!(edges(&store), [200]);
}

#[test]
fn cancelling_mid_import_keeps_whole_photos_and_leaves_no_partial_file() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    let (dir, mut store) = store();
    let card = dir.path().join("DCIM");
    std::fs::create_dir_all(&card).unwrap();
    for i in 0..8u8 {
        let img = RgbImage::from_fn(600, 400, |x, y| Rgb([i * 30, (x % 256) as u8, (y % 256) as u8]));
        img.save_with_format(card.join(format!("DSC_{i:04}.JPG")), image::ImageFormat::Jpeg).unwrap();
    }
    let cancel = AtomicBool::new(false);
    let mut seen = 0;
    let options = photos::ImportOptions { threads: 2, ..photos::ImportOptions::default() };
    let report = photos::import_batch(&mut store, &[card], Lang::Vi, &options, &cancel, &mut |progress| {
        seen += 1;
        assert_eq!(progress.total, 8);
        // The photographer presses "Dừng nhập" as the first photo arrives.
        cancel.store(true, Ordering::Relaxed);
    });
    assert!(report.cancelled > 0, "some files were never started: {report:?}");
    assert_eq!(report.imported + report.cancelled, 8);
    assert_eq!(report.items.len(), report.imported);
    assert_eq!(seen, report.imported);
    // What was imported is whole: a row, an original and every rendition on disk.
    let library = photos::list(&store).unwrap();
    assert_eq!(library.len(), report.imported);
    for photo in &library {
        let info = photos::get(&store, photo.id).unwrap();
        assert!(Path::new(&info.original_path).is_file());
        assert_eq!(
            info.renditions.iter().map(|r| r.long_edge).collect::<Vec<_>>(),
            [600, 320],
            "the photo's own size, 320"
        );
        assert!(info.renditions.iter().all(|r| Path::new(&r.path).is_file()));
    }
    // And nothing else: no temp file and no file without its row.
    assert_eq!(photos::clean_partial_older_than(&store, Duration::ZERO).unwrap(), 0);
    // The rest imports when asked again; those already in are duplicates.
    let again = photos::import_many(&mut store, &[dir.path().join("DCIM")], Lang::Vi);
    assert_eq!((again.imported, again.duplicates, again.failed), (8 - report.imported, report.imported, 0));
}
