//! Times one import of a generated 3000 × 2000 JPEG:
//! `cargo run --release -p toasoan-photos --example import_timing`.

use std::time::Instant;

use image::{Rgb, RgbImage};

fn main() {
    let dir = std::env::temp_dir().join(format!("toasoan-photo-timing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut store = newsroom::Store::open(&dir).unwrap();
    // Detail everywhere, so the encoder and the resampler do real work.
    let img = RgbImage::from_fn(3000, 2000, |x, y| {
        let v = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) >> 7;
        Rgb([(x / 12) as u8 ^ (v as u8 & 31), (y / 8) as u8, (v >> 8) as u8])
    });
    let path = dir.join("3000x2000.jpg");
    img.save_with_format(&path, image::ImageFormat::Jpeg).unwrap();
    let bytes = std::fs::metadata(&path).unwrap().len();
    let start = Instant::now();
    let out = toasoan_photos::import(&mut store, &path).unwrap();
    let took = start.elapsed();
    println!(
        "3000 × 2000 JPEG ({} KB): imported as photo {} in {:.0} ms",
        bytes / 1024,
        out.photo_id,
        took.as_secs_f64() * 1e3
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
