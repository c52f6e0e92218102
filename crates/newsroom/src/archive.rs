//! The portal's archive as this PC keeps it (issue 7): every published post, pulled by
//! `toasoan_portal::archive`, read-only here. Search covers it; an editor opens a post, copies
//! from it, or starts a new post from it.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::posts::{self, Post};
use crate::store::Store;
use crate::users::Actor;

/// One post of the archive.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ArchivePost {
    /// The post's id on the portal.
    pub remote_id: i64,
    pub title: String,
    /// Sanitised like a post's body (the portal's images are not kept).
    pub content_html: String,
    pub excerpt: String,
    /// The post's address on the portal, shown as text.
    pub link: String,
    /// UTC, RFC 3339.
    pub published_at: String,
    /// Category names, comma separated.
    pub categories: String,
}

/// What the archive holds and where its pull stands.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ArchiveStatus {
    pub count: u32,
    /// When a pull last finished or stopped (UTC).
    pub pulled_at: Option<String>,
    /// A pull stopped part way: the next one goes on from this page.
    pub resume_page: Option<u32>,
    /// Every published post was read at least once.
    pub complete: bool,
}

/// The settings the pull keeps its place in (`toasoan_portal::archive` writes them).
pub const PAGE_SETTING: &str = "archive_page";
pub const AFTER_SETTING: &str = "archive_after";
pub const PULLED_SETTING: &str = "archive_pulled_at";

pub fn status(store: &Store) -> Result<ArchiveStatus> {
    let count: u32 = store.conn().query_row("SELECT count(*) FROM archive_post", [], |r| r.get(0))?;
    let resume_page = store.setting(PAGE_SETTING)?.and_then(|p| p.parse().ok());
    Ok(ArchiveStatus {
        count,
        pulled_at: store.setting(PULLED_SETTING)?,
        resume_page,
        complete: store.setting(AFTER_SETTING)?.is_some() && resume_page.is_none(),
    })
}

fn fetch(conn: &Connection, remote_id: i64) -> Result<ArchivePost> {
    conn.query_row(
        "SELECT remote_id, title, content_html, excerpt, link, published_at, categories FROM archive_post
         WHERE remote_id = ?1",
        [remote_id],
        |r| {
            Ok(ArchivePost {
                remote_id: r.get(0)?,
                title: r.get(1)?,
                content_html: r.get(2)?,
                excerpt: r.get(3)?,
                link: r.get(4)?,
                published_at: r.get(5)?,
                categories: r.get(6)?,
            })
        },
    )
    .optional()?
    .ok_or(Error::ArchiveNotFound(remote_id))
}

/// The newest `limit` posts of the archive, newest first (for the CLI).
pub fn newest(store: &Store, limit: u32) -> Result<Vec<ArchivePost>> {
    let mut stmt = store
        .conn()
        .prepare("SELECT remote_id FROM archive_post ORDER BY published_at DESC, remote_id DESC LIMIT ?1")?;
    let ids: Vec<i64> = stmt.query_map([limit], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    ids.into_iter().map(|id| fetch(store.conn(), id)).collect()
}

pub fn get(store: &Store, remote_id: i64) -> Result<ArchivePost> {
    fetch(store.conn(), remote_id)
}

/// Keeps `post` (already sanitised by the caller's [`clean`]) in the archive, replacing the
/// copy pulled before; false when that copy was already this version. Call inside the pull's
/// transaction.
pub fn keep(conn: &Connection, post: &ArchivePost, modified_gmt: &str, pulled_at: &str) -> Result<bool> {
    let changed = conn.execute(
        "INSERT INTO archive_post (remote_id, title, content_html, excerpt, link, published_at, modified_gmt, categories, pulled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (remote_id) DO UPDATE SET title = excluded.title, content_html = excluded.content_html,
             excerpt = excluded.excerpt, link = excluded.link, published_at = excluded.published_at,
             modified_gmt = excluded.modified_gmt, categories = excluded.categories, pulled_at = excluded.pulled_at
         WHERE archive_post.modified_gmt IS NOT excluded.modified_gmt",
        params![
            post.remote_id,
            post.title,
            post.content_html,
            post.excerpt,
            post.link,
            post.published_at,
            modified_gmt,
            post.categories,
            pulled_at
        ],
    )?;
    Ok(changed > 0)
}

/// A post of the portal as the archive keeps it: NFC text, the body through the editor's
/// allowlist (so nothing remote or scripted is kept), the excerpt as plain text.
pub fn clean(post: ArchivePost) -> ArchivePost {
    let text = |s: &str| crate::text::nfc(crate::text::html_to_raw_text(s).trim());
    ArchivePost {
        title: text(&post.title),
        content_html: crate::text::sanitize_body(&post.content_html),
        excerpt: crate::text::nfc(&crate::text::html_to_text(&post.excerpt)),
        categories: crate::text::nfc(&post.categories),
        ..post
    }
}

/// A new draft starting from an archive post (last year's report of the same meeting): its
/// title, sapo, text and first category, by `author`.
pub fn to_post(store: &mut Store, author: Option<&Actor>, remote_id: i64) -> Result<Post> {
    let old = get(store, remote_id)?;
    let signature = crate::settings::get(store)?.default_signature;
    let category = old.categories.split(',').next().unwrap_or_default().trim().to_string();
    store.with_tx(|tx| {
        let draft = posts::Draft {
            title: old.title.clone(),
            sapo: old.excerpt.clone(),
            body_html: old.content_html.clone(),
            category,
            signature,
            author_id: author.map(|a| a.id),
            ..posts::Draft::default()
        };
        posts::insert(tx, draft)
    })
}
