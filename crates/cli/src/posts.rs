//! `toasoan post …`: the same post rules as the window (NFC, sanitising, slugs, revisions).

use std::path::PathBuf;

use clap::Subcommand;
use newsroom::i18n::{t, tf};
use newsroom::posts::{self, NewPost, Post, Shelf};
use newsroom::review::Item;
use newsroom::revisions;
use newsroom::text::{html_to_paragraphs, portal_time};
use newsroom::users::Actor;
use newsroom::{Error, Lang, Store};
use serde_json::json;

use crate::Output;

#[derive(Subcommand)]
pub enum PostVerb {
    /// Create a post and print its id.
    New {
        #[arg(long)]
        title: String,
        /// Body from a file: .html is taken as HTML, anything else as plain text paragraphs.
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
        /// Category (chuyên mục).
        #[arg(long)]
        category: Option<String>,
    },
    /// Change a post's fields; what is not given stays as it is.
    Edit {
        id: i64,
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
        #[arg(long)]
        category: Option<String>,
        /// The lead paragraph.
        #[arg(long)]
        sapo: Option<String>,
        /// The portal address; "" makes it follow the title again.
        #[arg(long)]
        slug: Option<String>,
        /// The signature line.
        #[arg(long)]
        signature: Option<String>,
        /// The library photo shown with the post (0: none).
        #[arg(long, value_name = "PHOTO_ID")]
        featured_photo: Option<i64>,
    },
    /// List posts, newest edit first.
    List {
        /// List the bin instead.
        #[arg(long)]
        bin: bool,
    },
    /// Show one post.
    Show { id: i64 },
    /// The post's revisions, newest first.
    History { id: i64 },
    /// Move a post to the bin (restorable).
    Delete { id: i64 },
    /// Bring a post back from the bin.
    Restore { id: i64 },
    /// The post's review log: who did what, when, on which content, each entry chained to the last.
    Log { id: i64 },
}

impl PostVerb {
    /// True for the verbs that change the store (they need `--as` once profiles exist).
    pub fn changes(&self) -> bool {
        matches!(
            self,
            PostVerb::New { .. } | PostVerb::Edit { .. } | PostVerb::Delete { .. } | PostVerb::Restore { .. }
        )
    }
}

pub fn run(verb: &PostVerb, store: &mut Store, out: Output, actor: Option<&Actor>) -> Result<(), Error> {
    let lang = out.lang;
    match verb {
        PostVerb::New { title, body_file, category } => {
            if title.trim().is_empty() {
                return Err(Error::TitleRequired);
            }
            let body_html = body_file.as_deref().map(posts::body_from_file).transpose()?.unwrap_or_default();
            let new = NewPost { title: title.clone(), body_html, category: category.clone().unwrap_or_default() };
            let post = posts::create_as(store, actor, new)?;
            out.print(&post, || post.id.to_string());
        }
        PostVerb::Edit { id, title, body_file, category, sapo, slug, signature, featured_photo } => {
            let mut edit = posts::as_edit(&posts::get(store, *id)?);
            if let Some(title) = title {
                if title.trim().is_empty() {
                    return Err(Error::TitleRequired);
                }
                edit.title = title.clone();
            }
            if let Some(f) = body_file {
                edit.body_html = posts::body_from_file(f)?;
            }
            edit.category = category.clone().unwrap_or(edit.category);
            edit.sapo = sapo.clone().unwrap_or(edit.sapo);
            edit.signature = signature.clone().unwrap_or(edit.signature);
            edit.slug = slug.clone();
            if let Some(photo) = featured_photo {
                edit.featured_photo_id = (*photo != 0).then_some(*photo);
            }
            let post = posts::edit_as(store, actor, edit)?;
            out.print(&post, || show(&post, lang));
        }
        PostVerb::List { bin } => {
            let shelf = if *bin { Shelf::Bin } else { Shelf::Active };
            let list = posts::list(store, shelf)?;
            out.print(&json!({ "posts": list }), || {
                if list.is_empty() {
                    return t(lang, "cli.no_posts");
                }
                let rows: Vec<String> = list
                    .iter()
                    .map(|p| {
                        let when = portal_time(p.published_at.as_deref().unwrap_or(&p.updated_at));
                        let mark = if p.is_sample { format!("  [{}]", t(lang, "cli.sample")) } else { String::new() };
                        format!("{:>5}  {}  {}{}", p.id, when, title_or_untitled(&p.title, lang), mark)
                    })
                    .collect();
                rows.join("\n")
            });
        }
        PostVerb::Show { id } => {
            let post = posts::get(store, *id)?;
            out.print(&post, || show(&post, lang));
        }
        PostVerb::History { id } => {
            let history = revisions::history(store, *id)?;
            out.print(&json!({ "post_id": id, "revisions": history }), || {
                if history.is_empty() {
                    return t(lang, "cli.no_revisions");
                }
                let rows: Vec<String> = history
                    .iter()
                    .map(|r| {
                        let kind = t(lang, &format!("cli.revision.{}", r.kind.code()));
                        let label = if r.label.is_empty() { String::new() } else { format!(" «{}»", r.label) };
                        let words = tf(lang, "cli.words", &[("n", &r.words)]);
                        format!("{:>5}  {}  {kind}{label}  ({words})", r.id, portal_time(&r.updated_at))
                    })
                    .collect();
                rows.join("\n")
            });
        }
        PostVerb::Delete { id } => {
            let post = posts::move_to_bin(store, *id)?;
            out.print(&post, || tf(lang, "cli.moved_to_bin", &[("id", id)]));
        }
        PostVerb::Restore { id } => {
            let post = posts::restore(store, *id)?;
            out.print(&post, || tf(lang, "cli.restored", &[("id", id)]));
        }
        PostVerb::Log { id } => {
            posts::get(store, *id)?;
            crate::review::print_log(store, Item::Post(*id), out)?;
        }
    }
    Ok(())
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
    if !post.slug.is_empty() {
        s += &format!("{}: {}\n", t(lang, "cli.slug"), post.slug);
    }
    if !post.tags.is_empty() {
        s += &format!("{}: {}\n", t(lang, "cli.tags"), post.tags.join(", "));
    }
    if post.deleted_at.is_some() {
        s += &format!("[{}]\n", t(lang, "cli.in_bin"));
    }
    if !post.sapo.is_empty() {
        s += &format!("\n{}\n", post.sapo);
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
