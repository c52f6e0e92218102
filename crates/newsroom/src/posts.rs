//! Posts (bài viết): create, edit, list, move to the bin and back.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::Store;
use crate::text::{excerpt, nfc, now_utc, paragraphs_to_html, sanitize_body};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Post {
    pub id: i64,
    pub title: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub category: String,
    pub signature: String,
    /// UTC, RFC 3339; shown in Asia/Ho_Chi_Minh. None until published.
    pub published_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the post is in the bin.
    pub deleted_at: Option<String>,
    pub is_sample: bool,
}

/// A row of the post list: enough to show and open it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PostSummary {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub published_at: Option<String>,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub is_sample: bool,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct NewPost {
    pub title: String,
    #[serde(default)]
    pub body_html: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PostEdit {
    pub id: i64,
    pub title: String,
    pub body_html: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Shelf {
    /// Posts in use.
    #[default]
    Active,
    /// Posts moved to the bin, restorable.
    Bin,
}

const COLUMNS: &str =
    "id, title, body_html, category, signature, published_at, created_at, updated_at, deleted_at, is_sample";

fn from_row(r: &Row) -> rusqlite::Result<Post> {
    Ok(Post {
        id: r.get(0)?,
        title: r.get(1)?,
        body_html: r.get(2)?,
        category: r.get(3)?,
        signature: r.get(4)?,
        published_at: r.get(5)?,
        created_at: r.get(6)?,
        updated_at: r.get(7)?,
        deleted_at: r.get(8)?,
        is_sample: r.get(9)?,
    })
}

pub fn create(store: &mut Store, new: NewPost) -> Result<Post> {
    store.with_tx(|tx| insert(tx, &new, "", "", None, false))
}

/// Inserts a post; the title and body are normalised and sanitised here, whoever calls.
pub(crate) fn insert(
    conn: &Connection,
    new: &NewPost,
    category: &str,
    signature: &str,
    published_at: Option<&str>,
    is_sample: bool,
) -> Result<Post> {
    let now = now_utc();
    conn.execute(
        "INSERT INTO post (title, body_html, category, signature, published_at, created_at, updated_at, is_sample)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
        params![
            nfc(new.title.trim()),
            sanitize_body(&new.body_html),
            nfc(category),
            nfc(signature),
            published_at,
            now,
            is_sample
        ],
    )?;
    fetch(conn, conn.last_insert_rowid())
}

pub fn get(store: &Store, id: i64) -> Result<Post> {
    fetch(store.conn(), id)
}

fn fetch(conn: &Connection, id: i64) -> Result<Post> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM post WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::PostNotFound(id))
}

/// Saves the title and body. Saving what is already stored changes nothing, not even the time.
pub fn edit(store: &mut Store, edit: PostEdit) -> Result<Post> {
    store.with_tx(|tx| {
        let title = nfc(edit.title.trim());
        let body = sanitize_body(&edit.body_html);
        // Only a real change moves `updated_at`; an unknown id is reported by `fetch`.
        tx.execute(
            "UPDATE post SET title = ?2, body_html = ?3, updated_at = ?4
             WHERE id = ?1 AND (title IS NOT ?2 OR body_html IS NOT ?3)",
            params![edit.id, title, body, now_utc()],
        )?;
        fetch(tx, edit.id)
    })
}

pub fn list(store: &Store, shelf: Shelf) -> Result<Vec<PostSummary>> {
    let filter = match shelf {
        Shelf::Active => "deleted_at IS NULL",
        Shelf::Bin => "deleted_at IS NOT NULL",
    };
    let mut stmt = store
        .conn()
        .prepare(&format!("SELECT {COLUMNS} FROM post WHERE {filter} ORDER BY updated_at DESC, id DESC"))?;
    let rows = stmt.query_map([], from_row)?;
    let mut out = Vec::new();
    for post in rows {
        let p = post?;
        out.push(PostSummary {
            id: p.id,
            title: p.title,
            excerpt: excerpt(&p.body_html, 160),
            published_at: p.published_at,
            updated_at: p.updated_at,
            deleted_at: p.deleted_at,
            is_sample: p.is_sample,
        });
    }
    Ok(out)
}

/// Moves a post to the bin; it stays there, whole, until restored.
pub fn move_to_bin(store: &mut Store, id: i64) -> Result<Post> {
    store.with_tx(|tx| {
        tx.execute("UPDATE post SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, now_utc()])?;
        fetch(tx, id)
    })
}

pub fn restore(store: &mut Store, id: i64) -> Result<Post> {
    store.with_tx(|tx| {
        tx.execute("UPDATE post SET deleted_at = NULL WHERE id = ?1", [id])?;
        fetch(tx, id)
    })
}

fn read_text(path: &Path) -> Result<String> {
    let bytes =
        std::fs::read(path).map_err(|e| Error::FileUnreadable { path: path.to_path_buf(), detail: e.to_string() })?;
    let text = String::from_utf8(bytes).map_err(|_| Error::FileNotText { path: path.to_path_buf() })?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

fn is_html(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
}

/// A body from a file: `.html`/`.htm` is taken as HTML (then sanitised), anything else as
/// plain text with blank lines between paragraphs.
pub fn body_from_file(path: &Path) -> Result<String> {
    let text = read_text(path)?;
    Ok(if is_html(path) { sanitize_body(&text) } else { paragraphs_to_html(&text) })
}

/// The window's "new post from a file": a text file's first line is the title and the rest
/// the body; an HTML file is titled by its file name.
pub fn new_from_file(path: &Path) -> Result<NewPost> {
    if is_html(path) {
        let title = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        return Ok(NewPost { title, body_html: body_from_file(path)? });
    }
    let text = read_text(path)?;
    let (title, rest) = text.split_once('\n').unwrap_or((&text, ""));
    Ok(NewPost { title: title.trim().to_string(), body_html: paragraphs_to_html(rest) })
}
