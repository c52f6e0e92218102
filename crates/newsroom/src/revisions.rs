//! Revisions of a post's text (title, sapo, body): made on creation, by every burst of
//! autosaves, by "save a version" and by a restore; compared word by word; restorable.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::posts::{self, stamp, Post};
use crate::store::Store;
use crate::text::{html_to_paragraphs, nfc};

/// Saves closer together than this belong to one burst of typing, and to one revision.
const BURST_GAP: Duration = Duration::minutes(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Created,
    Autosave,
    Version,
    Restore,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Created => "created",
            Kind::Autosave => "autosave",
            Kind::Version => "version",
            Kind::Restore => "restore",
        }
    }

    fn parse(s: &str) -> Kind {
        match s {
            "created" => Kind::Created,
            "version" => Kind::Version,
            "restore" => Kind::Restore,
            _ => Kind::Autosave,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Revision {
    pub id: i64,
    pub post_id: i64,
    pub kind: Kind,
    pub label: String,
    pub title: String,
    pub sapo: String,
    pub body_html: String,
    pub created_at: String,
    /// The last save this revision holds (an autosave burst grows until typing pauses).
    pub updated_at: String,
    pub words: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Same,
    Added,
    Removed,
}

/// A run of words that both texts share, or that one of them adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffPart {
    pub op: DiffOp,
    pub text: String,
}

/// Records `post`'s text as a revision of `kind`. An autosave joins the post's latest
/// revision when that is an autosave saved less than BURST_GAP ago.
pub(crate) fn record(conn: &Connection, post: &Post, kind: Kind, label: &str, now: DateTime<Utc>) -> Result<()> {
    if kind == Kind::Autosave {
        let last: Option<(i64, String, String)> = conn
            .query_row(
                "SELECT id, kind, updated_at FROM post_revision WHERE post_id = ?1 ORDER BY id DESC LIMIT 1",
                [post.id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        if let Some((id, last_kind, at)) = last {
            let recent = DateTime::parse_from_rfc3339(&at).is_ok_and(|t| now - t.with_timezone(&Utc) < BURST_GAP);
            if last_kind == Kind::Autosave.code() && recent {
                conn.execute(
                    "UPDATE post_revision SET title = ?2, sapo = ?3, body_html = ?4, updated_at = ?5 WHERE id = ?1",
                    params![id, post.title, post.sapo, post.body_html, stamp(now)],
                )?;
                return Ok(());
            }
        }
    }
    insert(conn, post, kind, label, now)
}

fn insert(conn: &Connection, post: &Post, kind: Kind, label: &str, now: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO post_revision (post_id, kind, label, title, sapo, body_html, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![post.id, kind.code(), label, post.title, post.sapo, post.body_html, stamp(now)],
    )?;
    Ok(())
}

/// "Save a version": the post's text as it is now, under the editor's label.
pub fn save_version(store: &mut Store, post_id: i64, label: &str) -> Result<Revision> {
    store.with_tx(|tx| {
        let post = posts::fetch(tx, post_id)?;
        insert(tx, &post, Kind::Version, &nfc(label.trim()), Utc::now())?;
        fetch(tx, tx.last_insert_rowid())
    })
}

/// The post's revisions, newest first.
pub fn history(store: &Store, post_id: i64) -> Result<Vec<Revision>> {
    posts::fetch(store.conn(), post_id)?;
    let mut stmt = store.conn().prepare(&format!("{SELECT} WHERE post_id = ?1 ORDER BY id DESC"))?;
    let rows = stmt.query_map([post_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(store: &Store, id: i64) -> Result<Revision> {
    fetch(store.conn(), id)
}

const SELECT: &str =
    "SELECT id, post_id, kind, label, title, sapo, body_html, created_at, updated_at FROM post_revision";

fn fetch(conn: &Connection, id: i64) -> Result<Revision> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row).optional()?.ok_or(Error::RevisionNotFound(id))
}

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Revision> {
    let body_html: String = r.get(6)?;
    let words = html_to_paragraphs(&body_html).split_whitespace().count() as u32;
    Ok(Revision {
        id: r.get(0)?,
        post_id: r.get(1)?,
        kind: Kind::parse(&r.get::<_, String>(2)?),
        label: r.get(3)?,
        title: r.get(4)?,
        sapo: r.get(5)?,
        body_html,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
        words,
    })
}

/// The text a person compares: title, sapo and body paragraphs.
fn plain(rev: &Revision) -> String {
    plain_text(&rev.title, &rev.sapo, &rev.body_html)
}

/// Title, sapo and body paragraphs, a blank line apart: what word diffs compare.
pub fn plain_text(title: &str, sapo: &str, body_html: &str) -> String {
    [title, sapo, &html_to_paragraphs(body_html)]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// What changed from revision `from` to revision `to`, word by word.
pub fn diff(store: &Store, from: i64, to: i64) -> Result<Vec<DiffPart>> {
    let (a, b) = (get(store, from)?, get(store, to)?);
    Ok(diff_text(&plain(&a), &plain(&b)))
}

pub fn diff_text(old: &str, new: &str) -> Vec<DiffPart> {
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Same,
            ChangeTag::Insert => DiffOp::Added,
            ChangeTag::Delete => DiffOp::Removed,
        };
        match parts.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => parts.push(DiffPart { op, text: change.value().to_string() }),
        }
    }
    parts
}

/// Puts a revision's text back into its post. The text it replaces is already the latest
/// revision (every save makes or grows one), so a restore can itself be undone.
pub fn restore(store: &mut Store, revision_id: i64) -> Result<Post> {
    store.with_tx(|tx| {
        let rev = fetch(tx, revision_id)?;
        let post = posts::fetch(tx, rev.post_id)?;
        let edit =
            posts::PostEdit { title: rev.title, sapo: rev.sapo, body_html: rev.body_html, ..posts::as_edit(&post) };
        posts::apply(tx, edit, Utc::now(), Kind::Restore, &format!("#{revision_id}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_diff_shows_what_moved() {
        let parts = diff_text("Chiều ngày 15/01/2020, Ban Dân vận", "Sáng ngày 15/01/2020, Ban Dân vận Quận ủy");
        let shown: Vec<(DiffOp, &str)> = parts.iter().map(|p| (p.op, p.text.as_str())).collect();
        assert_eq!(
            shown,
            vec![
                (DiffOp::Removed, "Chiều"),
                (DiffOp::Added, "Sáng"),
                (DiffOp::Same, " ngày 15/01/2020, Ban Dân vận"),
                (DiffOp::Added, " Quận ủy"),
            ]
        );
    }
}
