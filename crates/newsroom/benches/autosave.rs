//! Autosave of a 10,000-word post in the core (NFC, sanitising, slug, revision burst, one
//! durable transaction), side by side with the floor: a bare SQLite UPDATE of the same body in
//! the same WAL + synchronous=FULL store. Prints p50 and p99 and the ratio.
//! Run: cargo bench -p newsroom --bench autosave

use std::time::{Duration, Instant};

use newsroom::posts::{self, as_edit, NewPost, PostEdit};

const SAVES: usize = 200;

fn main() {
    let sample = newsroom::text::html_to_paragraphs(
        &newsroom::sample::parse_portal_page(newsroom::sample::MEETING_REPORT).unwrap().body_html,
    );
    let words: Vec<&str> = sample.split_whitespace().collect();
    // The sample's own words, cycled into 120-word paragraphs up to 10,000 words.
    let mut body = String::new();
    let mut count = 0;
    for chunk in words.chunks(120).cycle() {
        if count >= 10_000 {
            break;
        }
        count += chunk.len();
        body += &format!("<p>{}</p>", chunk.join(" "));
    }
    let word_count = newsroom::text::html_to_text(&body).split_whitespace().count();

    let dir = tempfile::tempdir().unwrap();
    let mut store = newsroom::open(dir.path()).unwrap();
    let post =
        posts::create(&mut store, NewPost { title: "Tin dài".into(), body_html: body.clone(), ..Default::default() })
            .unwrap();

    // The core: each save changes one word, as typing does.
    let mut core = Vec::with_capacity(SAVES);
    let mut edit = as_edit(&post);
    for i in 0..SAVES {
        edit = PostEdit { body_html: body.replacen("Chiều", &format!("Chiều{i}"), 1), ..edit };
        let t = Instant::now();
        posts::edit(&mut store, edit.clone()).unwrap();
        core.push(t.elapsed());
    }

    // The floor: the same bytes written by one UPDATE, nothing else.
    let mut floor = Vec::with_capacity(SAVES);
    for i in 0..SAVES {
        let b = body.replacen("Chiều", &format!("Chiều{i}x"), 1);
        let t = Instant::now();
        store.conn().execute("UPDATE post SET body_html = ?2 WHERE id = ?1", rusqlite::params![post.id, b]).unwrap();
        floor.push(t.elapsed());
    }

    let (c50, c99) = (pct(&mut core, 50), pct(&mut core, 99));
    let (f50, f99) = (pct(&mut floor, 50), pct(&mut floor, 99));
    println!("autosave of a {word_count}-word post, {SAVES} saves each (WAL, synchronous=FULL)");
    println!("  core posts::edit            p50 {:>7.2} ms   p99 {:>7.2} ms   (budget p99 < 10 ms)", ms(c50), ms(c99));
    println!("  bare SQLite UPDATE (floor)  p50 {:>7.2} ms   p99 {:>7.2} ms", ms(f50), ms(f99));
    println!("  ratio core/floor            p50 {:.2}x        p99 {:.2}x", ms(c50) / ms(f50), ms(c99) / ms(f99));
}

fn pct(v: &mut [Duration], p: usize) -> Duration {
    v.sort();
    v[(v.len() * p / 100).min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
