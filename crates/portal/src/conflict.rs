//! A post changed on the portal and here (issue 6): the portal's version, kept by the sender
//! beside the local one, and the person's choice — keep mine (send it over theirs, now that it
//! was seen), take theirs (the local post becomes the portal's text), or merge by hand (edit
//! the local post, then keep mine).

use newsroom::posts::{self, as_edit};
use newsroom::review::Item;
use newsroom::revisions::{self, DiffPart};
use newsroom::users::Actor;
use newsroom::Store;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{PortalError, Result};

/// Both versions, and what differs, word by word (local → portal).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "PortalConflict")]
pub struct Conflict {
    pub item: Item,
    pub local_title: String,
    pub portal_title: String,
    /// Title, sapo and paragraphs as plain text.
    pub local_text: String,
    pub portal_text: String,
    pub parts: Vec<DiffPart>,
    /// When the portal's copy was last changed there (UTC).
    pub portal_modified: String,
    pub found_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ConflictChoice")]
pub enum Choice {
    KeepMine,
    TakeTheirs,
}

struct Kept {
    title: String,
    content_html: String,
    excerpt: String,
    modified_gmt: String,
    found_at: String,
}

fn kept(store: &Store, item: Item) -> Result<Option<Kept>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT title, content_html, excerpt, modified_gmt, found_at FROM portal_conflict
             WHERE item_kind = ?1 AND item_id = ?2",
            params![item.kind(), item.id()],
            |r| {
                Ok(Kept {
                    title: r.get(0)?,
                    content_html: r.get(1)?,
                    excerpt: r.get(2)?,
                    modified_gmt: r.get(3)?,
                    found_at: r.get(4)?,
                })
            },
        )
        .optional()?)
}

/// The portal's text with its copies of library photos pointing at the library again, and
/// without the signature line the sender appends (the post keeps that in its own field).
fn as_local_html(store: &Store, html: &str, signature: &str) -> Result<String> {
    let mut out = html.to_string();
    let mut stmt = store.conn().prepare("SELECT photo_id, source_url FROM portal_media")?;
    let rows: Vec<(i64, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (photo, url) in rows {
        if !url.is_empty() {
            out = out.replace(&url, &format!("photo://localhost/{photo}/1024"));
        }
    }
    if !signature.trim().is_empty() {
        let line = format!("\n<p style=\"text-align: right;\"><strong>{}</strong></p>", signature.trim());
        if let Some(stripped) = out.strip_suffix(&line) {
            out = stripped.to_string();
        }
    }
    Ok(out)
}

/// The conflict on `item`, if any.
pub fn get(store: &Store, item: Item) -> Result<Option<Conflict>> {
    let Some(k) = kept(store, item)? else { return Ok(None) };
    let Item::Post(id) = item else {
        // An album: its title, description and captions against the portal's gallery text.
        let local: serde_json::Value =
            serde_json::from_str(&newsroom::review::content_json(store.conn(), item)?).expect("our own JSON");
        let mut lines = vec![local["title"].as_str().unwrap_or_default().to_string()];
        lines.push(local["description"].as_str().unwrap_or_default().to_string());
        for p in local["photos"].as_array().into_iter().flatten() {
            lines.push(p["caption"].as_str().unwrap_or_default().to_string());
        }
        let local_text = lines.into_iter().filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
        let paragraphs = newsroom::text::html_to_paragraphs(&k.content_html);
        let portal_lines = paragraphs.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n");
        let portal_text = format!("{}\n{portal_lines}", k.title);
        return Ok(Some(Conflict {
            item,
            local_title: local["title"].as_str().unwrap_or_default().to_string(),
            portal_title: k.title,
            parts: revisions::diff_text(&local_text, &portal_text),
            local_text,
            portal_text,
            portal_modified: format!("{}Z", k.modified_gmt),
            found_at: k.found_at,
        }));
    };
    let post = posts::get(store, id)?;
    let local_text = revisions::plain_text(&post.title, &post.sapo, &post.body_html);
    let theirs = as_local_html(store, &k.content_html, &post.signature)?;
    let portal_text = revisions::plain_text(&k.title, &newsroom::text::html_to_paragraphs(&k.excerpt), &theirs);
    Ok(Some(Conflict {
        item,
        local_title: post.title,
        portal_title: k.title,
        parts: revisions::diff_text(&local_text, &portal_text),
        local_text,
        portal_text,
        portal_modified: format!("{}Z", k.modified_gmt),
        found_at: k.found_at,
    }))
}

/// Settles the conflict on `item`. Keep mine: the local version goes over the portal's at the
/// next send. Take theirs: the local post takes the portal's title, sapo and text (as a new
/// revision, by `actor`); an approved post then goes back to review, as after any edit.
pub fn resolve(store: &mut Store, actor: Option<&Actor>, item: Item, choice: Choice) -> Result<()> {
    let Some(k) = kept(store, item)? else {
        return Err(PortalError::NoConflict);
    };
    if choice == Choice::TakeTheirs {
        let Item::Post(id) = item else {
            // A gallery cannot be turned back into an album's photos: keep mine, or edit it.
            return Err(PortalError::AlbumTakesMine);
        };
        let post = posts::get(store, id)?;
        let mut edit = as_edit(&post);
        edit.title = k.title.clone();
        edit.sapo = newsroom::text::html_to_paragraphs(&k.excerpt).trim().to_string();
        edit.body_html = as_local_html(store, &k.content_html, &post.signature)?;
        posts::edit_as(store, actor, edit)?;
    }
    let next = match choice {
        // Sent again, over the portal's version.
        Choice::KeepMine => "waiting",
        // Nothing to send: both sides hold the portal's version.
        Choice::TakeTheirs => "cancelled",
    };
    // One transaction: a conflict is either still there whole, or settled whole.
    store.with_tx(|tx| {
        // Seen now: the next send compares with this.
        tx.execute(
            "UPDATE portal_item SET modified_gmt = ?3 WHERE item_kind = ?1 AND item_id = ?2",
            params![item.kind(), item.id(), k.modified_gmt],
        )?;
        tx.execute(
            "DELETE FROM portal_conflict WHERE item_kind = ?1 AND item_id = ?2",
            params![item.kind(), item.id()],
        )?;
        tx.execute(
            "UPDATE outbox SET state = ?3, next_at = NULL, done_at = CASE WHEN ?3 = 'cancelled' THEN ?4 ELSE done_at END
             WHERE item_kind = ?1 AND item_id = ?2 AND state = 'conflict'",
            params![item.kind(), item.id(), next, posts::stamp(chrono::Utc::now())],
        )?;
        Ok(())
    })?;
    Ok(())
}
