//! `toasoan search QUERY`: the same search as the window's Tìm kiếm, accents optional.

use clap::Args;
use newsroom::i18n::t;
use newsroom::search::{self, Kind, Part, Query};
use newsroom::{Error, Store};

use crate::Output;

#[derive(Args)]
pub struct SearchArgs {
    /// The words, with or without diacritics ("dan van" finds "dân vận"); the last one may be
    /// the start of a word.
    pub query: String,
    /// Only this kind (repeat for several): post, album, photo, person, archive.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    pub kind: Vec<Kind>,
    /// Posts and albums in this review state: draft, submitted, changes_requested, approved,
    /// scheduled, published, withdrawn.
    #[arg(long)]
    pub state: Option<String>,
    /// Posts in this category (chuyên mục).
    #[arg(long)]
    pub category: Option<String>,
    /// Posts and albums of this profile.
    #[arg(long, value_name = "USER")]
    pub author: Option<String>,
    /// From this day (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DAY")]
    pub from: Option<String>,
    /// Until this day (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DAY")]
    pub to: Option<String>,
    /// Only posts and albums with photos.
    #[arg(long, conflicts_with = "no_photos")]
    pub has_photos: bool,
    /// Only posts and albums without photos.
    #[arg(long)]
    pub no_photos: bool,
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| format!("post, album, photo, person or archive, not «{s}»"))
}

pub fn run(args: &SearchArgs, store: &Store, out: Output) -> Result<(), Error> {
    let author_id = match &args.author {
        Some(name) => Some(newsroom::users::get_by_name(store, name)?.id),
        None => None,
    };
    let query = Query {
        text: args.query.clone(),
        kinds: args.kind.clone(),
        state: args.state.clone(),
        category: args.category.clone(),
        author_id,
        from: args.from.clone(),
        to: args.to.clone(),
        has_photos: if args.has_photos {
            Some(true)
        } else if args.no_photos {
            Some(false)
        } else {
            None
        },
        limit: args.limit,
        offset: args.offset,
    };
    let results = search::search(store, &query)?;
    let lang = out.lang;
    out.print(&results, || {
        if results.hits.is_empty() {
            return t(lang, "cli.search.none");
        }
        results
            .hits
            .iter()
            .map(|h| {
                let kind = t(lang, &format!("cli.search.kind.{}", h.kind.name()));
                format!("{kind} {:>6}  {}\n        {}", h.id, marked(&h.title_parts), marked(&h.snippet_parts))
            })
            .collect::<Vec<_>>()
            .join("\n")
    });
    Ok(())
}

/// The words that matched, between « and ».
fn marked(parts: &[Part]) -> String {
    parts.iter().map(|p| if p.hit { format!("«{}»", p.text) } else { p.text.clone() }).collect()
}
