//! `toasoan photo …`: the photo library (thư viện ảnh): import from files and folders (into an
//! album too), list, show one, and set captions, alt text and credits on one photo or many.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Subcommand};
use newsroom::i18n::{t, tf};
use newsroom::{Error, Lang, Store};
use serde_json::json;
use toasoan_photos::album::{self, Crop, Framing, PhotoEdit, PhotoSummary};
use toasoan_photos::{self as photos, ImportReport, PhotoInfo};

use crate::Output;

#[derive(Subcommand)]
pub enum PhotoVerb {
    /// Import photos (JPEG, PNG, WebP, TIFF, HEIC): files, or folders such as a card's DCIM, recursively.
    /// One line per file: the photo id, or why it was not imported. Exit 1 if any file failed.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Also append every photo imported (new or already in the library) to this album, in
        /// file order. An unknown album is refused before anything is imported.
        #[arg(long, value_name = "ID")]
        album: Option<i64>,
    },
    /// Every photo in the library, newest first.
    List,
    /// A photo: its original, renditions, time taken, caption, alt text and credit.
    Show { id: i64 },
    /// Set the caption, alt text or credit of one photo or many at once; what is not given stays.
    #[command(group(ArgGroup::new("fields").required(true).multiple(true)))]
    Edit {
        #[arg(required = true, value_name = "ID")]
        ids: Vec<i64>,
        /// The caption (chú thích); "" clears it.
        #[arg(long, group = "fields")]
        caption: Option<String>,
        /// What the photo shows, for readers who cannot see it.
        #[arg(long, group = "fields")]
        alt: Option<String>,
        /// Who took it.
        #[arg(long, group = "fields")]
        credit: Option<String>,
    },
    /// Turn and crop a photo; its renditions are made again from the untouched original.
    Frame {
        id: i64,
        /// Clockwise quarter turns from the camera's upright: 0 to 3.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=3))]
        turns: u8,
        /// The part kept, as fractions of the turned photo: x,y,w,h (e.g. 0.1,0,0.8,1). Without it,
        /// the whole photo.
        #[arg(long, value_name = "X,Y,W,H", value_parser = parse_crop)]
        crop: Option<Crop>,
    },
}

impl PhotoVerb {
    /// True for the verbs that change the store (they need `--as` once profiles exist).
    pub fn changes(&self) -> bool {
        !matches!(self, PhotoVerb::List | PhotoVerb::Show { .. })
    }
}

fn parse_crop(text: &str) -> Result<Crop, String> {
    Crop::from_column(text).ok_or_else(|| format!("{text}: expected four numbers x,y,w,h"))
}

pub fn run(verb: &PhotoVerb, store: &mut Store, out: Output) -> Result<ExitCode, Error> {
    let lang = out.lang;
    if let Err(e) = photos::open_library(store) {
        return Ok(fail(&e, out));
    }
    match verb {
        PhotoVerb::Import { paths, album: None } => {
            let report = photos::import_many(store, paths, lang);
            out.print(&report, || summary(&report, lang));
            Ok(if report.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        PhotoVerb::Import { paths, album: Some(album_id) } => {
            if let Err(e) = album::get(store, *album_id) {
                return Ok(fail(&e, out));
            }
            let report = photos::import_many(store, paths, lang);
            let ids: Vec<i64> = report.items.iter().filter_map(|item| item.photo_id).collect();
            let album = album::add_photos(store, *album_id, &ids);
            let mut doc = serde_json::to_value(&report).expect("serialisable");
            if let Ok(album) = &album {
                doc["album"] = json!(album);
            }
            out.print(&doc, || {
                let mut s = summary(&report, lang);
                if album.is_ok() {
                    s += "\n";
                    s += &tf(lang, "cli.album_added", &[("id", album_id), ("count", &ids.len())]);
                }
                s
            });
            match album {
                Err(e) => Ok(fail(&e, out)),
                Ok(_) if report.failed > 0 => Ok(ExitCode::from(1)),
                Ok(_) => Ok(ExitCode::SUCCESS),
            }
        }
        PhotoVerb::List => match photos::list(store) {
            Ok(list) => {
                out.print(&json!({ "photos": list }), || {
                    if list.is_empty() {
                        return t(lang, "cli.photo_none");
                    }
                    list.iter().map(|p| line(p, lang)).collect::<Vec<_>>().join("\n")
                });
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => Ok(fail(&e, out)),
        },
        PhotoVerb::Edit { ids, caption, alt, credit } => {
            let edit = PhotoEdit { caption: caption.clone(), alt_text: alt.clone(), credit: credit.clone() };
            match photos::edit_photos(store, ids, &edit) {
                Ok(list) => {
                    out.print(&json!({ "photos": list }), || {
                        let mut lines = vec![tf(lang, "cli.photo_edited", &[("count", &list.len())])];
                        lines.extend(list.iter().map(|p| line(p, lang)));
                        lines.join("\n")
                    });
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(fail(&e, out)),
            }
        }
        PhotoVerb::Frame { id, turns, crop } => {
            match photos::frame(store, *id, Framing { quarter_turns: *turns, crop: *crop }) {
                Ok(photo) => {
                    out.print(&json!({ "photo": photo }), || {
                        tf(lang, "cli.photo_framed", &[("id", id), ("width", &photo.width), ("height", &photo.height)])
                    });
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => Ok(fail(&e, out)),
            }
        }
        PhotoVerb::Show { id } => match photos::get(store, *id) {
            Ok(info) => {
                out.print(&json!({ "photo": info }), || show(&info, lang));
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => Ok(fail(&e, out)),
        },
    }
}

/// Errors print as the core's do: a sentence on stderr, or {"error":{"code","message"}}.
pub(crate) fn fail(e: &photos::PhotoError, out: Output) -> ExitCode {
    if out.json {
        eprintln!("{}", json!({ "error": e.report(out.lang) }));
    } else {
        eprintln!("{}", e.message(out.lang));
    }
    ExitCode::from(1)
}

/// One line per file, then the counts.
fn summary(report: &ImportReport, lang: Lang) -> String {
    let mut lines: Vec<String> = report
        .items
        .iter()
        .map(|item| match (&item.error, item.photo_id) {
            (Some(e), _) => tf(lang, "cli.photo_failed", &[("path", &item.path), ("message", &e.message)]),
            (None, Some(id)) if item.duplicate => tf(lang, "cli.photo_duplicate", &[("path", &item.path), ("id", &id)]),
            (None, id) => tf(lang, "cli.photo_imported", &[("path", &item.path), ("id", &id.unwrap_or_default())]),
        })
        .collect();
    lines.push(tf(
        lang,
        "cli.photo_summary",
        &[("imported", &report.imported), ("duplicates", &report.duplicates), ("failed", &report.failed)],
    ));
    lines.join("\n")
}

fn show(p: &PhotoInfo, lang: Lang) -> String {
    let or_dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    let mut s = format!(
        "{:>5}\n{}: {} ({} B, sha256 {})\n{}: {} × {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n{}:",
        p.id,
        t(lang, "cli.photo_original"),
        p.original_path,
        p.bytes,
        p.sha256,
        t(lang, "cli.photo_size"),
        p.width,
        p.height,
        t(lang, "cli.photo_taken_at"),
        p.taken_at.clone().unwrap_or_else(|| t(lang, "cli.photo_unknown")),
        t(lang, "cli.photo_caption"),
        or_dash(&p.caption),
        t(lang, "cli.photo_alt_text"),
        or_dash(&p.alt_text),
        t(lang, "cli.photo_credit"),
        or_dash(&p.credit),
        t(lang, "cli.photo_renditions"),
    );
    for r in &p.renditions {
        s += &format!("\n  {:>4} × {:<4}  {}", r.width, r.height, r.path);
    }
    s
}

/// A photo on one line: id, size, when it was taken and its caption.
fn line(p: &PhotoSummary, lang: Lang) -> String {
    let taken = p.taken_at.clone().unwrap_or_else(|| t(lang, "cli.photo_unknown"));
    let caption = if p.caption.is_empty() { "—" } else { &p.caption };
    format!("{:>5}  {:>5} × {:<5}  {}  {}", p.id, p.width, p.height, taken, caption)
}
