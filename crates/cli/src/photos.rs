//! `toasoan photo …`: the photo library (thư viện ảnh): import from files and folders, show one.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use newsroom::i18n::{t, tf};
use newsroom::{Error, Lang, Store};
use serde_json::json;
use toasoan_photos::{self as photos, ImportReport, PhotoInfo};

use crate::Output;

#[derive(Subcommand)]
pub enum PhotoVerb {
    /// Import photos (JPEG, PNG, WebP, TIFF): files, or folders such as a card's DCIM, recursively.
    /// One line per file: the photo id, or why it was not imported. Exit 1 if any file failed.
    Import {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// A photo: its original, renditions, time taken, caption, alt text and credit.
    Show { id: i64 },
}

pub fn run(verb: &PhotoVerb, store: &mut Store, out: Output) -> Result<ExitCode, Error> {
    let lang = out.lang;
    if let Err(e) = photos::open_library(store) {
        return Ok(fail(&e, out));
    }
    match verb {
        PhotoVerb::Import { paths } => {
            let report = photos::import_many(store, paths, lang);
            out.print(&report, || summary(&report, lang));
            Ok(if report.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
fn fail(e: &photos::PhotoError, out: Output) -> ExitCode {
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
