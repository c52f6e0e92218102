//! Times the pipeline on photo files, one at a time on one core, then their import on every
//! core into a fresh library:
//! `cargo run --release -p toasoan-photos --example render_timing -- PHOTO…`

use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        eprintln!("usage: render_timing PHOTO…");
        std::process::exit(2);
    }
    let mut total = 0.0;
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let start = Instant::now();
        let r = toasoan_photos::pipeline::render(file, &bytes, &toasoan_photos::RENDITION_EDGES)
            .unwrap_or_else(|e| panic!("{e}"));
        let took = start.elapsed().as_secs_f64();
        total += took;
        let sizes: Vec<String> =
            r.renditions.iter().map(|e| format!("{}×{} {} KB", e.width, e.height, e.jpeg.len() / 1024)).collect();
        println!("{:>7.0} ms  {} ({} × {}): {}", took * 1e3, file.display(), r.width, r.height, sizes.join(", "));
    }
    println!("{:>7.0} ms  rendering, one core", total * 1e3);
    let dir = std::env::temp_dir().join(format!("toasoan-render-timing-{}", std::process::id()));
    let mut store = newsroom::Store::open(&dir).unwrap();
    let start = Instant::now();
    let report = toasoan_photos::import_many(&mut store, &files, newsroom::Lang::En);
    println!(
        "{:>7.0} ms  importing, every core ({} imported, {} failed)",
        start.elapsed().as_secs_f64() * 1e3,
        report.imported,
        report.failed
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
