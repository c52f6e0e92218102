//! `toasoan [--data-dir DIR] <noun> <verb> [args] [--json]`
//!
//! Runs the same core as the window, for scripting, batch work and tests.
//! Exit status: 0 success, 1 refused or failed, 2 usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use newsroom::i18n::{t, tf};
use newsroom::posts::{self, NewPost, Post, Shelf};
use newsroom::text::{html_to_paragraphs, portal_time};
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
    /// Store path, schema version and integrity check.
    Doctor,
    /// Posts (bài viết).
    Post {
        #[command(subcommand)]
        verb: PostVerb,
    },
}

#[derive(Subcommand)]
enum PostVerb {
    /// Create a post and print its id.
    New {
        #[arg(long)]
        title: String,
        /// Body from a file: .html is taken as HTML, anything else as plain text paragraphs.
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
    },
    /// List posts, newest edit first.
    List {
        /// List the bin instead.
        #[arg(long)]
        bin: bool,
    },
    /// Show one post.
    Show { id: i64 },
    /// Move a post to the bin (restorable).
    Delete { id: i64 },
    /// Bring a post back from the bin.
    Restore { id: i64 },
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
        Noun::Post { verb } => match verb {
            PostVerb::New { title, body_file } => {
                let body_html = match body_file {
                    Some(f) => posts::body_from_file(f)?,
                    None => String::new(),
                };
                let post = posts::create(&mut store, NewPost { title: title.clone(), body_html })?;
                out.print(&post, || post.id.to_string());
            }
            PostVerb::List { bin } => {
                let shelf = if *bin { Shelf::Bin } else { Shelf::Active };
                let list = posts::list(&store, shelf)?;
                out.print(&json!({ "posts": list }), || {
                    if list.is_empty() {
                        return t(lang, "cli.no_posts");
                    }
                    let rows: Vec<String> = list
                        .iter()
                        .map(|p| {
                            let when = portal_time(p.published_at.as_deref().unwrap_or(&p.updated_at));
                            let mark =
                                if p.is_sample { format!("  [{}]", t(lang, "cli.sample")) } else { String::new() };
                            format!("{:>5}  {}  {}{}", p.id, when, title_or_untitled(&p.title, lang), mark)
                        })
                        .collect();
                    rows.join("\n")
                });
            }
            PostVerb::Show { id } => {
                let post = posts::get(&store, *id)?;
                out.print(&post, || show(&post, lang));
            }
            PostVerb::Delete { id } => {
                let post = posts::move_to_bin(&mut store, *id)?;
                out.print(&post, || tf(lang, "cli.moved_to_bin", &[("id", id)]));
            }
            PostVerb::Restore { id } => {
                let post = posts::restore(&mut store, *id)?;
                out.print(&post, || tf(lang, "cli.restored", &[("id", id)]));
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

fn doctor(store: &Store, out: Output) -> Result<ExitCode, Error> {
    let info = store.info()?;
    let healthy = info.integrity == ["ok"];
    let count = posts::list(store, Shelf::Active)?.len();
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

fn title_or_untitled(title: &str, lang: Lang) -> String {
    if title.is_empty() {
        t(lang, "cli.untitled")
    } else {
        title.to_string()
    }
}

fn show(post: &Post, lang: Lang) -> String {
    let mut s = format!("#{} {}\n", post.id, title_or_untitled(&post.title, lang));
    if !post.category.is_empty() {
        s += &format!("{}: {}\n", t(lang, "cli.category"), post.category);
    }
    match &post.published_at {
        Some(p) => s += &format!("{} {}\n", t(lang, "cli.published_at"), portal_time(p)),
        None => s += &format!("{}: {}\n", t(lang, "cli.updated_at"), portal_time(&post.updated_at)),
    }
    if post.deleted_at.is_some() {
        s += &format!("[{}]\n", t(lang, "cli.in_bin"));
    }
    let body = html_to_paragraphs(&post.body_html);
    if !body.is_empty() {
        s += "\n";
        s += &body;
        s += "\n";
    }
    if !post.signature.is_empty() {
        s += &format!("\n{}\n", post.signature);
    }
    s.trim_end().to_string()
}

#[derive(Clone, Copy)]
struct Output {
    json: bool,
    lang: Lang,
}

impl Output {
    fn print<T: serde::Serialize>(&self, value: &T, human: impl FnOnce() -> String) {
        if self.json {
            println!("{}", serde_json::to_string_pretty(value).expect("serialisable"));
        } else {
            println!("{}", human());
        }
    }
}
