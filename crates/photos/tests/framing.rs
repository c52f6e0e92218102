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
