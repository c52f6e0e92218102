//! `toasoan [--data-dir DIR] <noun> <verb> [args] [--json]`
//!
//! Runs the same core as the window, for scripting, batch work and tests.
//! Exit status: 0 success, 1 refused or failed, 2 usage.
//!
//! Who acts (issue 5): `--as NAME` (or `TOASOAN_AS`), with a protected profile's password from
//! `--password-stdin` (its first line) or `TOASOAN_PASSWORD`. Once the store has any profile,
//! every command that changes something needs it (`who_are_you` otherwise); on a store with no
//! profile yet, posts, photos, albums and people work without it, as before profiles existed,
//! and only `review` steps need one. Reading needs nobody, except whose queue (`review queue`
//! and `review counts` name a profile, without asking its password: they only read).

use std::path::PathBuf;
use std::process::ExitCode;

mod albums;
mod archive;
mod people;
mod photos;
mod portal;
mod posts;
mod review;
mod search;
mod sync;
mod users;

use clap::{Parser, Subcommand};
use newsroom::i18n::t;
use newsroom::users::Actor;
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
    /// Act as this user profile (default: TOASOAN_AS). A protected profile's password comes from
    /// --password-stdin or TOASOAN_PASSWORD.
    #[arg(long = "as", global = true, value_name = "USER")]
    as_user: Option<String>,
    /// Read the password from standard input's first line (for `user add`: the new profile's
    /// password; the acting profile's then comes from TOASOAN_PASSWORD or the second line).
    #[arg(long, global = true)]
    password_stdin: bool,
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
    /// The portal's archive (lưu trữ): its published posts, pulled for reading offline.
    Archive {
        #[command(subcommand)]
        verb: archive::ArchiveVerb,
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
    /// The office's portal (cổng thông tin): its address, your portal login, the connection test.
    Portal {
        #[command(subcommand)]
        verb: portal::PortalVerb,
    },
    /// Review (duyệt bài): submit, request changes, approve, schedule, publish, withdraw; the queue.
    Review {
        #[command(subcommand)]
        verb: review::ReviewVerb,
    },
    /// Search posts, albums, photos, people and the portal's archive (tìm kiếm), accents optional.
    Search(search::SearchArgs),
    /// Sync with the portal (đồng bộ): send what waits, see what failed and why.
    Sync {
        #[command(subcommand)]
        verb: sync::SyncVerb,
    },
    /// User profiles of this computer (người dùng) and their roles.
    User {
        #[command(subcommand)]
        verb: users::UserVerb,
    },
}

/// What a command needs to know about who runs it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Reads only.
    Nobody,
    /// Changes something: a profile once any exists.
    Actor,
    /// A review step: always a profile, with its password if protected.
    Profile,
    /// Whose queue: a profile named, not its password.
    Name,
}

impl Needs {
    fn actor_if(changes: bool) -> Needs {
        if changes {
            Needs::Actor
        } else {
            Needs::Nobody
        }
    }
}

impl Noun {
    fn needs(&self) -> Needs {
        match self {
            // `user add` checks who adds in the core (only a supervisor, once one exists).
            Noun::Doctor | Noun::User { .. } | Noun::Search(_) => Needs::Nobody,
            Noun::Review { verb } => verb.needs(),
            Noun::Post { verb } => Needs::actor_if(verb.changes()),
            Noun::Album { verb } => Needs::actor_if(verb.changes()),
            Noun::Archive { verb } => Needs::actor_if(verb.changes()),
            Noun::Photo { verb } => Needs::actor_if(verb.changes()),
            Noun::People { verb } => Needs::actor_if(verb.changes()),
            // Whose portal login: a profile once any exists (its password too: it is theirs).
            Noun::Portal { verb } if verb.is_export() => Needs::Nobody,
            Noun::Portal { .. } => Needs::Actor,
            // Each entry goes with the login of whoever made it: running the sender acts as nobody.
            Noun::Sync { verb } => Needs::actor_if(verb.changes()),
        }
    }
}

/// Who runs the command: `--as`, or TOASOAN_AS.
fn as_name(cli: &Cli) -> Option<String> {
    cli.as_user.clone().or_else(|| std::env::var("TOASOAN_AS").ok()).filter(|n| !n.trim().is_empty())
}

/// Passwords: `--password-stdin`'s lines in turn, else TOASOAN_PASSWORD. Never printed.
pub struct Passwords {
    stdin: bool,
    /// `portal set` reads its application password first: the acting profile's comes after.
    first_for_command: bool,
    first: std::cell::RefCell<Option<Option<String>>>,
}

impl Passwords {
    /// The command's own secret from the first line of --password-stdin (read once, before the
    /// acting profile's password when the command needs both).
    pub fn take_first_line(&self) -> Option<String> {
        let mut first = self.first.borrow_mut();
        if first.is_none() {
            *first = Some(self.next_stdin_line());
        }
        first.as_ref().cloned().flatten()
    }

    /// The next line of standard input, without its line ending, when --password-stdin is given.
    pub fn next_stdin_line(&self) -> Option<String> {
        if !self.stdin {
            return None;
        }
        let mut line = String::new();
        match std::io::stdin().read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => {
                Some(line.strip_suffix('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).unwrap_or(&line).to_string())
            }
        }
    }

    /// True with --password-stdin.
    pub fn from_stdin(&self) -> bool {
        self.stdin
    }

    /// The acting profile's password: the stdin line when given, else TOASOAN_PASSWORD.
    pub fn acting(&self) -> Option<String> {
        if self.first_for_command {
            self.take_first_line();
        }
        self.next_stdin_line().or_else(|| std::env::var("TOASOAN_PASSWORD").ok())
    }
}

/// The profile acting, authenticated; None on a store without profiles when `needs` allows it.
fn actor(store: &Store, cli: &Cli, needs: Needs, passwords: &Passwords) -> Result<Option<Actor>, Error> {
    let name = as_name(cli);
    match (needs, name) {
        (Needs::Nobody, _) => Ok(None),
        (Needs::Name, Some(name)) => {
            let u = newsroom::users::get_by_name(store, &name)?;
            Ok(Some(Actor { id: u.id, name: u.name, display_name: u.display_name, roles: u.roles }))
        }
        (_, Some(name)) => Ok(Some(newsroom::users::authenticate(store, &name, passwords.acting().as_deref())?)),
        (Needs::Actor, None) if !newsroom::users::any(store)? => Ok(None),
        (_, None) => Err(Error::WhoAreYou { profiles: newsroom::users::any(store)? }),
    }
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
    let first_for_command = matches!(&cli.noun, Noun::Portal { verb } if verb.needs_password());
    let passwords = Passwords { stdin: cli.password_stdin, first_for_command, first: Default::default() };
    let actor = actor(&store, cli, cli.noun.needs(), &passwords)?;
    let actor = actor.as_ref();
    match &cli.noun {
        Noun::Doctor => return doctor(&store, out),
        Noun::People { verb } => people::run(verb, &mut store, out)?,
        Noun::Post { verb } => posts::run(verb, &mut store, out, actor)?,
        Noun::Photo { verb } => return photos::run(verb, &mut store, out),
        Noun::Album { verb } => return albums::run(verb, &mut store, out, actor),
        Noun::Archive { verb } => return archive::run(verb, &mut store, out, actor),
        Noun::Review { verb } => review::run(verb, &mut store, out, actor)?,
        Noun::Search(args) => search::run(args, &store, out)?,
        Noun::Portal { verb } => return portal::run(verb, &mut store, out, actor, &passwords),
        Noun::Sync { verb } => return sync::run(verb, &mut store, out, actor),
        Noun::User { verb } => {
            users::run(verb, &mut store, out, as_name(cli).as_deref(), &passwords)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn doctor(store: &Store, out: Output) -> Result<ExitCode, Error> {
    let info = store.info()?;
    let intact = info.integrity == ["ok"];
    // The review log's hash chain: an edit behind the app's back shows here.
    let broken = match newsroom::review::verify_log(store) {
        Ok(()) => None,
        Err(Error::LogBroken(b)) => Some(b),
        Err(e) => return Err(e),
    };
    let healthy = intact && broken.is_none();
    // Kept by triggers: no need to read every post to count them.
    let count = newsroom::lists::tally(store, "posts")?;
    let lang = out.lang;
    let log = json!({ "ok": broken.is_none(), "broken": broken });
    out.print(&json!({ "store": info, "healthy": healthy, "posts": count, "review_log": log }), || {
        let integrity = if intact { t(lang, "cli.integrity_ok") } else { info.integrity.join("; ") };
        let log = match &broken {
            None => t(lang, "cli.integrity_ok"),
            Some(b) => Error::LogBroken(b.clone()).message(lang),
        };
        format!(
            "{}: {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}",
            t(lang, "cli.store_path"),
            info.path,
            t(lang, "cli.schema_version"),
            info.schema_version,
            t(lang, "cli.integrity"),
            integrity,
            t(lang, "cli.posts_count"),
            count,
            t(lang, "cli.review_log"),
            log
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
