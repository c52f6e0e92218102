//! `toasoan archive …`: the portal's published posts, pulled for reading and searching offline
//! (issue 7). `pull` goes on from where a stopped pull left off.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use clap::Subcommand;
use newsroom::archive;
use newsroom::i18n::tf;
use newsroom::text::portal_time;
use newsroom::users::Actor;
use newsroom::{Error, Store};
use toasoan_portal::archive as pull;
use toasoan_portal::login::{self, NO_PROFILE};

use crate::portal::fail;
use crate::Output;

#[derive(Subcommand)]
pub enum ArchiveVerb {
    /// Pull the portal's published posts (all of them the first time, then what changed),
    /// printing the pages as they come (on stderr); a stopped pull goes on where it was.
    Pull {
        /// Posts per request (1–100).
        #[arg(long, default_value_t = pull::PAGE_SIZE)]
        page_size: u32,
    },
    /// How many posts the archive holds and whether a pull stopped part way.
    Status,
    /// The newest posts of the archive: id on the portal, date, title.
    List {
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// One archive post, by its id on the portal.
    Show { id: i64 },
    /// Start a new post from an archive post; prints the new post's id.
    NewPost { id: i64 },
}

impl ArchiveVerb {
    pub(crate) fn changes(&self) -> bool {
        matches!(self, ArchiveVerb::NewPost { .. })
    }
}

pub fn run(verb: &ArchiveVerb, store: &mut Store, out: Output, actor: Option<&Actor>) -> Result<ExitCode, Error> {
    let lang = out.lang;
    match verb {
        ArchiveVerb::Pull { page_size } => {
            // The public side needs no login; the acting profile's is used if the site asks.
            let profile = actor.map(|a| a.name.clone()).unwrap_or_else(|| NO_PROFILE.to_string());
            let kept = login::address(store).ok().flatten().and_then(|a| login::load(&profile, &a).ok());
            let portal = match pull::connect(store, kept.as_ref()) {
                Ok(p) => p,
                Err(e) => return Ok(fail(&e, out)),
            };
            let report = pull::pull(store, &portal, *page_size, &AtomicBool::new(false), |p| {
                if !out.json {
                    eprintln!(
                        "{}",
                        tf(
                            lang,
                            "cli.archive.page",
                            &[("page", &p.page), ("pages", &p.pages), ("received", &p.received)]
                        )
                    );
                }
            });
            match report {
                Ok(report) => out.print(&report, || {
                    tf(lang, "cli.archive.pulled", &[("received", &report.received), ("count", &report.count)])
                }),
                Err(e) => return Ok(fail(&e, out)),
            }
        }
        ArchiveVerb::Status => {
            let status = archive::status(store)?;
            out.print(&status, || {
                let mut line = tf(lang, "cli.archive.count", &[("count", &status.count)]);
                if let Some(at) = &status.pulled_at {
                    line.push_str(&format!(" {}", tf(lang, "cli.archive.pulled_at", &[("at", &portal_time(at))])));
                }
                if let Some(page) = status.resume_page {
                    line.push_str(&format!(" {}", tf(lang, "cli.archive.resume", &[("page", &page)])));
                }
                line
            });
        }
        ArchiveVerb::List { limit } => {
            let posts = archive::newest(store, *limit)?;
            out.print(&serde_json::json!({ "posts": posts }), || {
                posts
                    .iter()
                    .map(|p| format!("{:>7}  {}  {}", p.remote_id, portal_time(&p.published_at), p.title))
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        ArchiveVerb::Show { id } => {
            let post = archive::get(store, *id)?;
            out.print(&post, || {
                format!(
                    "#{} {}\n{} | {}\n{}\n\n{}\n\n{}",
                    post.remote_id,
                    post.title,
                    portal_time(&post.published_at),
                    post.categories,
                    post.link,
                    post.excerpt,
                    newsroom::text::html_to_paragraphs(&post.content_html).trim()
                )
            });
        }
        ArchiveVerb::NewPost { id } => {
            let post = archive::to_post(store, actor, *id)?;
            out.print(&post, || post.id.to_string());
        }
    }
    Ok(ExitCode::SUCCESS)
}
