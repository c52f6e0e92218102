//! `toasoan [--data-dir DIR] <noun> <verb> [args] [--json]`
//!
//! Runs the same core as the window, for scripting, batch work and tests.
//! Exit status: 0 success, 1 refused or failed, 2 usage.

use std::path::PathBuf;
use std::process::ExitCode;

mod albums;
mod people;
mod photos;
mod posts;

use clap::{Parser, Subcommand};
use newsroom::i18n::t;
use newsroom::posts::Shelf;
use newsroom::{Error, Lang, Store};
use serde_json::json;

#[derive(Parser)]
#[command(name = "toasoan", version, about = "Tòa Soạn — phòng biên tập ngoại tuyến (command line)")]
struct Cli {
    /// Folder of the store (default: TOASOAN_DATA_DIR, else the OS's app-data folder).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print one JSON document on stdout (errors as {"error":{"code","message"}} on stderr).
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    noun: Noun,
}

#[derive(Subcommand)]
enum Noun {
    /// Albums (album ảnh): photos from one event in order, with a cover, date and credit.
    Album {
        #[command(subcommand)]
        verb: albums::AlbumVerb,
    },
    /// Store path, schema version and integrity check.
    Doctor,
    /// The people directory (danh bạ): officials, their titles and when they held them.
    People {
        #[command(subcommand)]
        verb: people::PeopleVerb,
    },
    /// The photo library (thư viện ảnh).
    Photo {
        #[command(subcommand)]
        verb: photos::PhotoVerb,
    },
    /// Posts (bài viết).
    Post {
        #[command(subcommand)]
        verb: posts::PostVerb,
    },
}

fn main() -> ExitCode {
    let lang = Lang::from_env();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::{DisplayHelp, DisplayVersion};
            if matches!(e.kind(), DisplayHelp | DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if std::env::args().any(|a| a == "--json") {
                let message = e.render().to_string();
                eprintln!("{}", json!({"error": {"code": "usage", "message": message.trim()}}));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(2);
        }
    };
    match run(&cli, lang) {
        Ok(code) => code,
        Err(e) => {
            if cli.json {
                eprintln!("{}", json!({"error": e.report(lang)}));
            } else {
                eprintln!("{}", e.message(lang));
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli, lang: Lang) -> Result<ExitCode, Error> {
    let dir = cli.data_dir.clone().unwrap_or_else(newsroom::store::default_data_dir);
    let mut store = newsroom::open(&dir)?;
    let out = Output { json: cli.json, lang };
    match &cli.noun {
        Noun::Doctor => return doctor(&store, out),
        Noun::People { verb } => people::run(verb, &mut store, out)?,
        Noun::Post { verb } => posts::run(verb, &mut store, out)?,
        Noun::Photo { verb } => return photos::run(verb, &mut store, out),
        Noun::Album { verb } => return albums::run(verb, &mut store, out),
    }
    Ok(ExitCode::SUCCESS)
}

fn doctor(store: &Store, out: Output) -> Result<ExitCode, Error> {
    let info = store.info()?;
    let healthy = info.integrity == ["ok"];
    let count = newsroom::posts::list(store, Shelf::Active)?.len();
    let lang = out.lang;
    out.print(&json!({ "store": info, "healthy": healthy, "posts": count }), || {
        let integrity = if healthy { t(lang, "cli.integrity_ok") } else { info.integrity.join("; ") };
        format!(
            "{}: {}\n{}: {}\n{}: {}\n{}: {}",
            t(lang, "cli.store_path"),
            info.path,
            t(lang, "cli.schema_version"),
            info.schema_version,
            t(lang, "cli.integrity"),
            integrity,
            t(lang, "cli.posts_count"),
            count
        )
    });
    Ok(if healthy { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

#[derive(Clone, Copy)]
pub struct Output {
    pub json: bool,
    pub lang: Lang,
}

impl Output {
    pub fn print<T: serde::Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
        } else {
            println!("{}", human());
        }
    }
}
