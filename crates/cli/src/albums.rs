//! `toasoan album …`: albums (album ảnh), a photo library's photos from one event in order, with
//! a cover, title, event date, description and credit. The same rules as the window.

use std::process::ExitCode;

use clap::{ArgGroup, Subcommand};
use newsroom::i18n::{t, tf};
use newsroom::review::{self, Item};
use newsroom::users::Actor;
use newsroom::{Error, Lang, Store};
use serde_json::json;
use toasoan_photos::album::{self, Album, AlbumEdit, AlbumSummary};

use crate::photos::fail;
use crate::Output;

#[derive(Subcommand)]
pub enum AlbumVerb {
    /// Make an album and print it.
    New {
        #[arg(long)]
        title: String,
        /// The day of the event.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Shown for the album's photos that have no credit of their own.
        #[arg(long)]
        credit: Option<String>,
    },
    /// Every album, newest event first.
    List,
    /// An album with its photos in order.
    Show { id: i64 },
    /// Append photos to an album in the order given; photos already in it stay where they are.
    Add {
        id: i64,
        #[arg(required = true, value_name = "PHOTO_ID")]
        photos: Vec<i64>,
    },
    /// Take photos out of an album; they stay in the library.
    Remove {
        id: i64,
        #[arg(required = true, value_name = "PHOTO_ID")]
        photos: Vec<i64>,
    },
    /// Put an album's photos in a new order: list every photo of the album, each once.
    Order {
        id: i64,
        #[arg(required = true, value_name = "PHOTO_ID")]
        photos: Vec<i64>,
    },
    /// Change an album's fields; what is not given stays as it is.
    #[command(group(ArgGroup::new("fields").required(true).multiple(true)))]
    Edit {
        id: i64,
        #[arg(long, group = "fields")]
        title: Option<String>,
        /// The day of the event; "" clears it.
        #[arg(long, value_name = "YYYY-MM-DD", group = "fields")]
        date: Option<String>,
        #[arg(long, group = "fields")]
        description: Option<String>,
        #[arg(long, group = "fields")]
        credit: Option<String>,
        /// One of the album's photos; 0 makes the first photo the cover again.
        #[arg(long, value_name = "PHOTO_ID", group = "fields")]
        cover: Option<i64>,
    },
    /// Delete an album; its photos stay in the library.
    Delete { id: i64 },
    /// The album's review log: who did what, when, on which content (kept after a delete).
    Log { id: i64 },
}

impl AlbumVerb {
    /// True for the verbs that change the store (they need `--as` once profiles exist).
    pub fn changes(&self) -> bool {
        !matches!(self, AlbumVerb::List | AlbumVerb::Show { .. } | AlbumVerb::Log { .. })
    }
}

pub fn run(verb: &AlbumVerb, store: &mut Store, out: Output, actor: Option<&Actor>) -> Result<ExitCode, Error> {
    let lang = out.lang;
    let result = match verb {
        AlbumVerb::New { title, date, description, credit } => {
            let made = album::create_with(
                store,
                &AlbumEdit {
                    title: Some(title.clone()),
                    event_date: date.clone(),
                    description: description.clone(),
                    credit: credit.clone(),
                    cover_photo_id: None,
                },
            );
            // The profile that made it is its author, who submits it for review.
            if let (Ok(a), Some(actor)) = (&made, actor) {
                review::claim(store, actor, Item::Album(a.id))?;
            }
            made
        }
        AlbumVerb::Log { id } => {
            crate::review::print_log(store, Item::Album(*id), out)?;
            return Ok(ExitCode::SUCCESS);
        }
        AlbumVerb::List => {
            return Ok(match album::list(store) {
                Ok(albums) => {
                    out.print(&json!({ "albums": albums }), || list(&albums, lang));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, out),
            });
        }
        AlbumVerb::Show { id } => album::get(store, *id),
        AlbumVerb::Add { id, photos } => album::add_photos(store, *id, photos),
        AlbumVerb::Remove { id, photos } => album::remove_photos(store, *id, photos),
        AlbumVerb::Order { id, photos } => album::reorder(store, *id, photos),
        AlbumVerb::Edit { id, title, date, description, credit, cover } => album::edit(
            store,
            *id,
            &AlbumEdit {
                title: title.clone(),
                event_date: date.clone(),
                description: description.clone(),
                credit: credit.clone(),
                cover_photo_id: *cover,
            },
        ),
        AlbumVerb::Delete { id } => {
            return Ok(match album::delete(store, *id) {
                Ok(()) => {
                    out.print(&json!({ "deleted": id }), || tf(lang, "cli.album_deleted", &[("id", id)]));
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&e, out),
            });
        }
    };
    Ok(match result {
        Ok(album) => {
            out.print(&json!({ "album": album }), || show(&album, lang));
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, out),
    })
}

/// dd/mm/yyyy, the office's way of writing a date; "—" when there is none.
fn day(iso: Option<&str>) -> String {
    match iso.map(|d| d.split('-').collect::<Vec<_>>()).as_deref() {
        Some([y, m, d]) => format!("{d}/{m}/{y}"),
        _ => iso.unwrap_or("—").to_string(),
    }
}

fn count(n: usize, lang: Lang) -> String {
    let key = if n == 1 { "cli.album_photo_one" } else { "cli.album_photo_many" };
    tf(lang, key, &[("count", &n)])
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() {
        "—"
    } else {
        s
    }
}

/// One line per album: id, event date, title and how many photos.
fn list(albums: &[AlbumSummary], lang: Lang) -> String {
    if albums.is_empty() {
        return t(lang, "cli.album_none");
    }
    albums
        .iter()
        .map(|a| {
            format!(
                "{:>5}  {:<10}  {} ({})",
                a.id,
                day(a.event_date.as_deref()),
                a.title,
                count(a.photo_count as usize, lang)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The album's fields, then one line per photo in order.
fn show(a: &Album, lang: Lang) -> String {
    let cover = match a.cover_photo_id {
        Some(id) => tf(lang, "cli.album_cover_photo", &[("id", &id)]),
        None => t(lang, "cli.album_cover_first"),
    };
    let mut s = format!(
        "{:>5}  {}\n{}: {}\n{}: {}\n{}: {}\n{}: {}\n",
        a.id,
        a.title,
        t(lang, "cli.album_event_date"),
        day(a.event_date.as_deref()),
        t(lang, "cli.album_description"),
        or_dash(&a.description),
        t(lang, "cli.album_credit"),
        or_dash(&a.credit),
        t(lang, "cli.album_cover"),
        cover,
    );
    if a.photos.is_empty() {
        s += &tf(lang, "cli.album_empty", &[("id", &a.id)]);
        return s;
    }
    s += &count(a.photos.len(), lang);
    s.push(':');
    for p in &a.photos {
        s += &format!("\n{:>5}  {:>5} × {:<5}  {}", p.id, p.width, p.height, or_dash(&p.caption));
    }
    s
}
