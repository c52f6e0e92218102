//! Makes the benchmark's 24-megapixel camera photo from a real one: scaled (Lanczos3) to cover
//! 6000 × 4000, centre-cropped, encoded as a camera would (quality 92, 4:2:0), with an EXIF block
//! saying Orientation 6 (the camera was turned: shown 4000 × 6000) in place of JFIF.
//! `cargo run --release -p toasoan-photos --example derive_24mp -- SOURCE.jpg OUT.jpg`

use fast_image_resize as fr;

const W: u32 = 6000;
const H: u32 = 4000;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [source, out] = &args[..] else {
        eprintln!("usage: derive_24mp SOURCE.jpg OUT.jpg");
        std::process::exit(2);
    };
    let jpeg = std::fs::read(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let img = turbojpeg::decompress(&jpeg, turbojpeg::PixelFormat::RGB).expect("a JPEG");
    let (sw, sh) = (img.width as u32, img.height as u32);
    // Scale to cover W × H, then crop the middle.
    let scale = (W as f64 / sw as f64).max(H as f64 / sh as f64);
    let (cw, ch) = ((W as f64 / scale).round() as u32, (H as f64 / scale).round() as u32);
    let (left, top) = ((sw - cw.min(sw)) / 2, (sh - ch.min(sh)) / 2);
    let src = fr::images::ImageRef::new(sw, sh, &img.pixels, fr::PixelType::U8x3).unwrap();
    let mut dst = fr::images::Image::new(W, H, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3)).crop(
        left as f64,
        top as f64,
        cw.min(sw) as f64,
        ch.min(sh) as f64,
    );
    fr::Resizer::new().resize(&src, &mut dst, &options).unwrap();
    let pixels = dst.into_vec();
    let image = turbojpeg::Image {
        pixels: &pixels[..],
        width: W as usize,
        pitch: W as usize * 3,
        height: H as usize,
        format: turbojpeg::PixelFormat::RGB,
    };
    let encoded = turbojpeg::compress(image, 92, turbojpeg::Subsamp::Sub2x2).unwrap();
    std::fs::write(out, with_exif_orientation_6(&encoded)).unwrap_or_else(|e| panic!("{out}: {e}"));
    println!("{out}: {W} × {H}, EXIF Orientation 6, from {source} ({sw} × {sh})");
}

/// `jpeg` with its JFIF APP0 replaced by an EXIF APP1: IFD0 with Orientation 6 and a
/// DateTimeOriginal in an EXIF sub-IFD, little-endian as most cameras write it.
fn with_exif_orientation_6(jpeg: &[u8]) -> Vec<u8> {
    let date = b"2025:09:02 09:15:00\0";
    let mut tiff = b"II\x2a\0\x08\0\0\0".to_vec();
    // IFD0: Orientation, ExifIFD pointer.
    let exif_ifd = 8 + 2 + 2 * 12 + 4;
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    tiff.extend_from_slice(&[0x69, 0x87, 4, 0, 1, 0, 0, 0]);
    tiff.extend_from_slice(&(exif_ifd as u32).to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // EXIF IFD: DateTimeOriginal, its text after the IFD.
    let text = exif_ifd + 2 + 12 + 4;
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[0x03, 0x90, 2, 0]);
    tiff.extend_from_slice(&(date.len() as u32).to_le_bytes());
    tiff.extend_from_slice(&(text as u32).to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    tiff.extend_from_slice(date);
    let mut seg = b"Exif\0\0".to_vec();
    seg.extend_from_slice(&tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((seg.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&seg);
    // Skip libjpeg's JFIF APP0 if it is there.
    let rest = if jpeg[2..4] == [0xFF, 0xE0] { 4 + u16::from_be_bytes([jpeg[4], jpeg[5]]) as usize } else { 2 };
    out.extend_from_slice(&jpeg[rest..]);
    out
}
