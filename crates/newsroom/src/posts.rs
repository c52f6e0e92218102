//! Posts (bài viết): create, edit, list, move to the bin and back.
//! Every path in normalises text to NFC and sanitises the body, whoever calls.

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::lists;
use crate::review;
use crate::revisions;
use crate::store::Store;
use crate::text::{excerpt, nfc, paragraphs_to_html, sanitize_body, slugify};
use crate::users::Actor;

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Post {
    pub id: i64,
    pub title: String,
    /// The portal address's last part, ASCII ("do-anh-tuan"); unique.
    pub slug: String,
    /// True once the editor typed the slug; it then no longer follows the title.
    pub slug_manual: bool,
    /// The lead paragraph (sapo), plain text.
    pub sapo: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub category: String,
    pub tags: Vec<String>,
    /// The line that closes the post, e.g. "Ban Tuyên giáo Quận Tây Hồ".
    pub signature: String,
    /// UTC, RFC 3339; shown in Asia/Ho_Chi_Minh. The publication time, when set.
    pub published_at: Option<String>,
    /// Review state (see `review::State`): "draft", "submitted", "changes_requested",
    /// "approved", "scheduled", "published" or "withdrawn".
    pub state: String,
    pub created_at: String,
    pub updated_at: String,
    /// Set while the post is in the bin.
    pub deleted_at: Option<String>,
    pub is_sample: bool,
    /// The library photo shown with the post in lists and at the top of its page on the portal.
    pub featured_photo_id: Option<i64>,
    /// The profile that wrote it; None for posts made before profiles existed (see review.rs).
    pub author_id: Option<i64>,
    /// SHA-256 of the content the last approval pinned.
    pub approved_hash: Option<String>,
    /// UTC, when a scheduled post goes out.
    pub scheduled_at: Option<String>,
    /// Back in the review queue because it was edited after approval.
    pub edited_after_approval: bool,
}

/// A row of the post list: enough to show and open it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PostSummary {
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub category: String,
    pub state: String,
    pub published_at: Option<String>,
    pub updated_at: String,
    pub deleted_at: Option<String>,
    pub is_sample: bool,
    /// Its way to the portal in one word (see [`crate::outbox::portal_word_sql`]).
    pub portal: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct NewPost {
    pub title: String,
    #[serde(default)]
    pub body_html: String,
    #[serde(default)]
    pub category: String,
}

/// Everything the editor can change, sent whole on every save.
#[derive(Debug, Clone, Default, Deserialize, TS)]
pub struct PostEdit {
    pub id: i64,
    pub title: String,
    pub sapo: String,
    pub body_html: String,
    pub category: String,
    pub tags: Vec<String>,
    pub signature: String,
    /// UTC or with an offset, RFC 3339; stored as UTC.
    pub published_at: Option<String>,
    /// None: the slug follows the title (unless typed before). Some(""): follow the title again.
    /// Some(text): the editor's own slug, which must be unused.
    pub slug: Option<String>,
    /// A photo of the library, or None for no featured photo.
    #[serde(default)]
    pub featured_photo_id: Option<i64>,
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

/// A body larger than this is refused before any work: a report is a few hundred KB at most,
/// and sanitising tens of MB would stall saving.
pub const MAX_BODY_BYTES: usize = 20 * 1024 * 1024;

fn check_size(body_html: &str) -> Result<()> {
    if body_html.len() > MAX_BODY_BYTES {
        return Err(Error::BodyTooLarge(body_html.len()));
    }
    Ok(())
}

const COLUMNS: &str = "id, title, slug, slug_manual, sapo, body_html, category, tags, signature, published_at, state, \
                       created_at, updated_at, deleted_at, is_sample, featured_photo_id, author_id, approved_hash, \
                       scheduled_at, edited_after_approval";

fn from_row(r: &Row) -> rusqlite::Result<Post> {
    let tags: String = r.get(7)?;
    Ok(Post {
        id: r.get(0)?,
        title: r.get(1)?,
        slug: r.get(2)?,
        slug_manual: r.get(3)?,
        sapo: r.get(4)?,
        body_html: r.get(5)?,
        category: r.get(6)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        signature: r.get(8)?,
        published_at: r.get(9)?,
        state: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
        deleted_at: r.get(13)?,
        is_sample: r.get(14)?,
        featured_photo_id: r.get(15)?,
        author_id: r.get(16)?,
        approved_hash: r.get(17)?,
        scheduled_at: r.get(18)?,
        edited_after_approval: r.get(19)?,
    })
}

pub fn create(store: &mut Store, new: NewPost) -> Result<Post> {
    create_as(store, None, new)
}

/// `create` with `author` recorded as the post's author (None: no profile, as before issue 5).
pub fn create_as(store: &mut Store, author: Option<&Actor>, new: NewPost) -> Result<Post> {
    let signature = crate::settings::get(store)?.default_signature;
    store.with_tx(|tx| {
        let draft = Draft {
            title: new.title,
            body_html: new.body_html,
            category: new.category,
            signature,
            author_id: author.map(|a| a.id),
            ..Draft::default()
        };
        insert(tx, draft)
    })
}

/// What a new post starts with; `insert` normalises it.
#[derive(Default)]
pub(crate) struct Draft {
    pub title: String,
    pub sapo: String,
    pub body_html: String,
    pub category: String,
    pub signature: String,
    pub published_at: Option<String>,
    pub is_sample: bool,
    pub author_id: Option<i64>,
}

pub(crate) fn insert(conn: &Connection, d: Draft) -> Result<Post> {
    check_size(&d.body_html)?;
    let now = now();
    let title = nfc(d.title.trim());
    let published_at = d.published_at.as_deref().map(utc).transpose()?;
    conn.execute(
        "INSERT INTO post (title, sapo, body_html, category, signature, published_at, created_at, updated_at, is_sample,
                           author_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)",
        params![
            title,
            nfc(d.sapo.trim()),
            sanitize_body(&d.body_html),
            nfc(d.category.trim()),
            nfc(d.signature.trim()),
            published_at,
            stamp(now),
            d.is_sample,
            d.author_id
        ],
    )?;
    let id = conn.last_insert_rowid();
    let slug = free_slug(conn, &slugify(&title), id)?;
    conn.execute("UPDATE post SET slug = ?2 WHERE id = ?1", params![id, slug])?;
    let post = fetch(conn, id)?;
    revisions::record(conn, &post, revisions::Kind::Created, "", now)?;
    Ok(post)
}

pub fn get(store: &Store, id: i64) -> Result<Post> {
    fetch(store.conn(), id)
}

pub fn fetch(conn: &Connection, id: i64) -> Result<Post> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM post WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(Error::PostNotFound(id))
}

/// Saves the editor's fields. Saving what is already stored changes nothing, not even the time.
/// Changing the content of an approved, scheduled or published post sends it back to review
/// ("submitted", edited after approval); who edited is not known here — see [`edit_as`].
pub fn edit(store: &mut Store, edit: PostEdit) -> Result<Post> {
    edit_at(store, edit, Utc::now())
}

/// `edit` by `actor`, who is named in the log when the edit sends an approved post back.
pub fn edit_as(store: &mut Store, actor: Option<&Actor>, edit: PostEdit) -> Result<Post> {
    let now = Utc::now();
    store.with_tx(|tx| apply_as(tx, edit, now, revisions::Kind::Autosave, "", actor.map(|a| a.id)))
}

/// `edit` at a given time: revisions group saves by how far apart they are.
#[doc(hidden)]
pub fn edit_at(store: &mut Store, edit: PostEdit, now: DateTime<Utc>) -> Result<Post> {
    store.with_tx(|tx| apply(tx, edit, now, revisions::Kind::Autosave, ""))
}

/// Saves `edit` and, when the text changed, records it as a revision of `kind`.
pub(crate) fn apply(
    tx: &Connection,
    edit: PostEdit,
    now: DateTime<Utc>,
    kind: revisions::Kind,
    label: &str,
) -> Result<Post> {
    apply_as(tx, edit, now, kind, label, None)
}

/// `apply` by profile `actor_id` (None: not known), named in the review log if the edit sends
/// an approved post back to review.
pub(crate) fn apply_as(
    tx: &Connection,
    edit: PostEdit,
    now: DateTime<Utc>,
    kind: revisions::Kind,
    label: &str,
    actor_id: Option<i64>,
) -> Result<Post> {
    check_size(&edit.body_html)?;
    let old = fetch(tx, edit.id)?;
    let title = nfc(edit.title.trim());
    let (slug, slug_manual) = match edit.slug.as_deref().map(slugify) {
        Some(typed) if !typed.is_empty() => {
            if let Some(other) = slug_owner(tx, &typed, edit.id)? {
                return Err(Error::SlugTaken { slug: typed, other });
            }
            (typed, true)
        }
        None if old.slug_manual => (old.slug.clone(), true),
        // Following the title; a title that is taken gets "-2", "-3"…
        _ => (free_slug(tx, &slugify(&title), edit.id)?, false),
    };
    let new = Post {
        title,
        slug,
        slug_manual,
        sapo: nfc(edit.sapo.trim()),
        body_html: sanitize_body(&edit.body_html),
        category: nfc(edit.category.trim()),
        tags: clean_tags(&edit.tags),
        signature: nfc(edit.signature.trim()),
        published_at: edit.published_at.as_deref().filter(|p| !p.is_empty()).map(utc).transpose()?,
        featured_photo_id: edit.featured_photo_id,
        ..old.clone()
    };
    if let Some(photo) = new.featured_photo_id.filter(|&p| old.featured_photo_id != Some(p)) {
        let exists = tx.query_row("SELECT 1 FROM photo WHERE id = ?1", [photo], |_| Ok(())).optional()?.is_some();
        if !exists {
            return Err(Error::PhotoNotFound(photo));
        }
    }
    if new == old {
        return Ok(old);
    }
    tx.execute(
        "UPDATE post SET title = ?2, slug = ?3, slug_manual = ?4, sapo = ?5, body_html = ?6, category = ?7,
                         tags = ?8, signature = ?9, published_at = ?10, updated_at = ?11, featured_photo_id = ?12
         WHERE id = ?1",
        params![
            new.id,
            new.title,
            new.slug,
            new.slug_manual,
            new.sapo,
            new.body_html,
            new.category,
            serde_json::to_string(&new.tags).expect("strings serialise"),
            new.signature,
            new.published_at,
            stamp(now),
            new.featured_photo_id
        ],
    )?;
    let post = fetch(tx, edit.id)?;
    if (&post.title, &post.sapo, &post.body_html) != (&old.title, &old.sapo, &old.body_html) {
        revisions::record(tx, &post, kind, label, now)?;
    }
    if review::State::parse(&post.state).is_some_and(review::State::is_approved) {
        // No longer what the supervisor approved: back to the queue, on record.
        review::catch_up_by(tx, review::Item::Post(post.id), actor_id, now)?;
        return fetch(tx, edit.id);
    }
    if post.state == "submitted" {
        // The portal's pending copy is what a supervisor on another PC reads: it follows the
        // edits, one waiting entry at a time however fast the autosaves come.
        crate::outbox::enqueue_edit(tx, review::Item::Post(post.id), actor_id, &stamp(now))?;
    }
    Ok(post)
}

/// The PostEdit that leaves `post` as it is; the CLI changes only what it was given.
pub fn as_edit(post: &Post) -> PostEdit {
    PostEdit {
        id: post.id,
        title: post.title.clone(),
        sapo: post.sapo.clone(),
        body_html: post.body_html.clone(),
        category: post.category.clone(),
        tags: post.tags.clone(),
        signature: post.signature.clone(),
        published_at: post.published_at.clone(),
        slug: None,
        featured_photo_id: post.featured_photo_id,
    }
}

fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = nfc(t.trim());
        if !t.is_empty() && !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t);
        }
    }
    out
}

/// The title of the other post that uses `slug`, if any.
fn slug_owner(conn: &Connection, slug: &str, id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT title FROM post WHERE slug = ?1 AND id <> ?2", params![slug, id], |r| r.get(0))
        .optional()?)
}

/// `base`, or `base-2`, `base-3`… whichever no other post uses.
fn free_slug(conn: &Connection, base: &str, id: i64) -> Result<String> {
    if base.is_empty() {
        return Ok(String::new());
    }
    let mut candidate = base.to_string();
    let mut n = 1;
    while slug_owner(conn, &candidate, id)?.is_some() {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

/// Gives slugs to titled posts made before slugs existed: once per store, not at every start.
pub(crate) fn fill_missing_slugs(store: &mut Store) -> Result<()> {
    if store.setting("slugs_filled")?.is_some() {
        return Ok(());
    }
    store.with_tx(|tx| {
        let missing: Vec<(i64, String)> = tx
            .prepare("SELECT id, title FROM post WHERE slug = '' AND title <> ''")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, title) in missing {
            let slug = free_slug(tx, &slugify(&title), id)?;
            tx.execute("UPDATE post SET slug = ?2 WHERE id = ?1", params![id, slug])?;
        }
        tx.execute("INSERT INTO setting (key, value) VALUES ('slugs_filled', '1')", [])?;
        Ok(())
    })
}

/// Every post on `shelf`, most recently changed first (for the CLI; the window reads [`page`]s).
pub fn list(store: &Store, shelf: Shelf) -> Result<Vec<PostSummary>> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = page(store, shelf, after.as_ref(), lists::MAX_PAGE)?;
        out.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(out),
        }
    }
}

/// One page of a post list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PostPage {
    pub items: Vec<PostSummary>,
    /// Where the next page starts; None at the end.
    pub next: Option<lists::Cursor>,
    /// How many posts the shelf holds (kept by triggers, not counted).
    pub total: u32,
}

/// `limit` posts of `shelf` (0: [`lists::PAGE`]) after `after`, most recently changed first:
/// keyset on the `(deleted_at, updated_at, id)` index.
pub fn page(store: &Store, shelf: Shelf, after: Option<&lists::Cursor>, limit: u32) -> Result<PostPage> {
    let (filter, tally) = match shelf {
        Shelf::Active => ("deleted_at IS NULL", "posts"),
        Shelf::Bin => ("deleted_at IS NOT NULL", "bin"),
    };
    let limit = lists::limit(limit);
    let portal = crate::outbox::portal_word_sql("post", "post.id");
    let keyset = if after.is_some() { "AND (updated_at, id) < (?1, ?2)" } else { "AND ?1 IS NULL AND ?2 IS NULL" };
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT {COLUMNS}, {portal} FROM post WHERE {filter} {keyset} ORDER BY updated_at DESC, id DESC LIMIT ?3"
    ))?;
    let (key, id) = after.map(|c| (Some(c.key.clone()), Some(c.id))).unwrap_or((None, None));
    let rows = stmt.query_map(params![key, id, limit + 1], |r| Ok((from_row(r)?, r.get::<_, Option<String>>(20)?)))?;
    let mut items = Vec::new();
    for row in rows {
        let (p, portal) = row?;
        items.push(PostSummary {
            portal,
            id: p.id,
            excerpt: if p.sapo.is_empty() { excerpt(&p.body_html, 160) } else { excerpt(&p.sapo, 160) },
            title: p.title,
            category: p.category,
            state: p.state,
            published_at: p.published_at,
            updated_at: p.updated_at,
            deleted_at: p.deleted_at,
            is_sample: p.is_sample,
        });
    }
    let next = if items.len() > limit as usize {
        items.truncate(limit as usize);
        items.last().map(|p| lists::Cursor { key: p.updated_at.clone(), id: p.id })
    } else {
        None
    };
    Ok(PostPage { items, next, total: lists::tally(store, tally)? })
}

/// Categories already used, for the editor's suggestions (the portal's list comes with sync).
/// The categories to suggest: those used here and the portal's, as last pulled by the sync
/// (so they are there offline too).
pub fn categories(store: &Store) -> Result<Vec<String>> {
    let mut stmt = store.conn().prepare(
        "SELECT category FROM post WHERE category <> ''
         UNION SELECT name FROM portal_term WHERE taxonomy = 'category' AND name <> ''
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes a post nobody wrote anything in ("Viết bài mới" then back), so the list does not
/// fill with empty drafts. Returns false, and keeps the post, when it holds any text at all.
pub fn discard_if_empty(store: &mut Store, id: i64) -> Result<bool> {
    store.with_tx(|tx| {
        let removed = tx.execute(
            "DELETE FROM post WHERE id = ?1 AND title = '' AND sapo = '' AND body_html = '' AND is_sample = 0
             AND NOT EXISTS (SELECT 1 FROM post_meeting WHERE post_id = ?1)",
            [id],
        )?;
        Ok(removed == 1)
    })
}

/// Moves a post to the bin; it stays there, whole, until restored.
pub fn move_to_bin(store: &mut Store, id: i64) -> Result<Post> {
    store.with_tx(|tx| {
        tx.execute("UPDATE post SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", params![id, stamp(now())])?;
        fetch(tx, id)
    })
}

pub fn restore(store: &mut Store, id: i64) -> Result<Post> {
    store.with_tx(|tx| {
        tx.execute("UPDATE post SET deleted_at = NULL WHERE id = ?1", [id])?;
        fetch(tx, id)
    })
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Any RFC 3339 time, as UTC ("2020-01-16T11:19:00+07:00" → "2020-01-16T04:19:00Z").
fn utc(s: &str) -> Result<String> {
    DateTime::parse_from_rfc3339(s.trim())
        .map(|t| stamp(t.with_timezone(&Utc)))
        .map_err(|_| Error::BadTime(s.to_string()))
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
        return Ok(NewPost { title, body_html: body_from_file(path)?, ..NewPost::default() });
    }
    let text = read_text(path)?;
    let (title, rest) = text.split_once('\n').unwrap_or((&text, ""));
    Ok(NewPost { title: title.trim().to_string(), body_html: paragraphs_to_html(rest), ..NewPost::default() })
}
