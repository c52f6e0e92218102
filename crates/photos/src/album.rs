//! Albums (album ảnh): photos from one event in the order the photographer chose, with a
//! cover, a title, the event's date, a description and a credit. A photo may be in several
//! albums; its caption, alt text and credit are the photo's own, shown wherever it goes.

use chrono::{NaiveDate, SecondsFormat, Utc};
use newsroom::lists;
use newsroom::text::nfc;
use newsroom::Store;
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::PhotoError;

/// An album as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AlbumSummary {
    pub id: i64,
    pub title: String,
    /// `YYYY-MM-DD`, the day of the event.
    pub event_date: Option<String>,
    pub photo_count: u32,
    /// The chosen cover, or the first photo when none was chosen.
    pub cover_photo_id: Option<i64>,
    pub updated_at: String,
    /// Its way to the portal in one word (see `newsroom::outbox::portal_word_sql`).
    pub portal: Option<String>,
}

/// An album with its photos in order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Album {
    pub id: i64,
    pub title: String,
    pub event_date: Option<String>,
    pub description: String,
    /// Shown for the album's photos that have no credit of their own.
    pub credit: String,
    /// The cover as chosen; `None` means the first photo is the cover.
    pub cover_photo_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub photos: Vec<PhotoSummary>,
}

/// A photo as a grid shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PhotoSummary {
    pub id: i64,
    pub width: u32,
    pub height: u32,
    pub taken_at: Option<String>,
    pub caption: String,
    pub alt_text: String,
    pub credit: String,
    /// Changes whenever the renditions are made again (rotate, crop): thumbnails add it to their
    /// address so the window does not show a stale copy.
    pub version: i64,
    /// How the renditions are framed; the original is never changed.
    pub framing: Framing,
}

/// A photo's turn and crop, applied after the EXIF orientation when its renditions are made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct Framing {
    /// Clockwise quarter turns, 0 to 3.
    pub quarter_turns: u8,
    /// The part kept, as fractions of the turned photo; `None` keeps all of it.
    pub crop: Option<Crop>,
}

/// A rectangle as fractions (0 to 1) of the turned photo's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct Crop {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Crop {
    /// Stored as "x,y,w,h".
    pub fn to_column(self) -> String {
        format!("{},{},{},{}", self.x, self.y, self.w, self.h)
    }

    pub fn from_column(text: &str) -> Option<Crop> {
        let v: Vec<f64> = text.split(',').map(|p| p.trim().parse().ok()).collect::<Option<_>>()?;
        match v[..] {
            [x, y, w, h] => Some(Crop { x, y, w, h }),
            _ => None,
        }
    }
}

/// Changes to an album; fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(optional_fields)]
pub struct AlbumEdit {
    pub title: Option<String>,
    /// `YYYY-MM-DD`, or an empty string to clear it.
    pub event_date: Option<String>,
    pub description: Option<String>,
    pub credit: Option<String>,
    /// A photo of the album, or 0 to go back to the first photo.
    pub cover_photo_id: Option<i64>,
}

/// Changes to one or many photos at once; fields left out stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, TS)]
#[ts(optional_fields)]
pub struct PhotoEdit {
    pub caption: Option<String>,
    pub alt_text: Option<String>,
    pub credit: Option<String>,
}

/// Longest album title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest album description, in characters: a few paragraphs about the event.
pub const MAX_DESCRIPTION: usize = 5_000;
/// Longest credit (album or photo), in characters.
pub const MAX_CREDIT: usize = 200;
/// Longest photo caption, in characters.
pub const MAX_CAPTION: usize = 2_000;
/// Longest alt text, in characters.
pub const MAX_ALT_TEXT: usize = 500;

/// The texts an editor types into albums and photos, each with its length limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    AlbumTitle,
    AlbumDescription,
    /// An album's or a photo's credit.
    Credit,
    Caption,
    AltText,
}

impl TextField {
    /// The most characters the field takes.
    pub fn max(self) -> usize {
        match self {
            TextField::AlbumTitle => MAX_TITLE,
            TextField::AlbumDescription => MAX_DESCRIPTION,
            TextField::Credit => MAX_CREDIT,
            TextField::Caption => MAX_CAPTION,
            TextField::AltText => MAX_ALT_TEXT,
        }
    }

    /// The i18n key of the field's name, as messages say it.
    pub fn key(self) -> &'static str {
        match self {
            TextField::AlbumTitle => "error.album_field_title",
            TextField::AlbumDescription => "error.album_field_description",
            TextField::Credit => "error.album_field_credit",
            TextField::Caption => "error.album_field_caption",
            TextField::AltText => "error.album_field_alt_text",
        }
    }
}

/// Why a new order is not exactly the album's photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderProblem {
    /// One of the album's photos is left out.
    Missing,
    /// A photo is listed twice.
    Repeated,
    /// A photo that is not in the album is listed.
    NotInAlbum,
}

impl OrderProblem {
    /// The i18n key of the message (placeholders `{album}` and `{photo}`).
    pub fn key(self) -> &'static str {
        match self {
            OrderProblem::Missing => "error.album_order_missing",
            OrderProblem::Repeated => "error.album_order_repeated",
            OrderProblem::NotInAlbum => "error.album_order_foreign",
        }
    }
}

/// A new, empty album titled `title`.
pub fn create(store: &mut Store, title: &str) -> Result<Album, PhotoError> {
    create_with(store, &AlbumEdit { title: Some(title.to_string()), ..AlbumEdit::default() })
}

/// A new album with the fields `fields` gives (a title is required), all in one transaction:
/// if any field is refused, no album is made. An empty album has no cover to choose.
pub fn create_with(store: &mut Store, fields: &AlbumEdit) -> Result<Album, PhotoError> {
    let title = required_title(fields.title.as_deref().unwrap_or(""))?;
    write(store, |tx| {
        let now = now();
        tx.execute("INSERT INTO album (title, created_at, updated_at) VALUES (?1, ?2, ?2)", params![title, now])?;
        let id = tx.last_insert_rowid();
        apply(tx, id, &AlbumEdit { title: None, ..fields.clone() })
    })
}

/// Every album, the newest event first (for the CLI; the window reads [`page`]s).
pub fn list(store: &Store) -> Result<Vec<AlbumSummary>, PhotoError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = page(store, after.as_ref(), lists::MAX_PAGE)?;
        out.extend(page.items);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(out),
        }
    }
}

/// One page of the album list.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AlbumPage {
    pub items: Vec<AlbumSummary>,
    pub next: Option<lists::Cursor>,
    /// How many albums there are (kept by triggers, not counted).
    pub total: u32,
}

/// `limit` albums after `after`, the newest event first. An album with no event date counts as
/// of the day it was last changed (in Vietnam's time), so one just made shows at the top; albums
/// of the same day come most recently changed first. Keyset on the `album_by_day` index; the
/// cursor's key is "day|updated_at".
pub fn page(store: &Store, after: Option<&lists::Cursor>, limit: u32) -> Result<AlbumPage, PhotoError> {
    let limit = lists::limit(limit);
    let portal = newsroom::outbox::portal_word_sql("album", "a.id");
    let day = "coalesce(a.event_date, date(a.updated_at, '+7 hours'))";
    let keyset = if after.is_some() {
        format!("WHERE ({day}, a.updated_at, a.id) < (?1, ?2, ?3)")
    } else {
        "WHERE ?1 IS NULL AND ?2 IS NULL AND ?3 IS NULL".to_string()
    };
    let mut stmt = store.conn().prepare_cached(&format!(
        "SELECT a.id, a.title, a.event_date,
                (SELECT count(*) FROM album_photo ap WHERE ap.album_id = a.id),
                COALESCE(a.cover_photo_id,
                         (SELECT ap.photo_id FROM album_photo ap WHERE ap.album_id = a.id
                          ORDER BY ap.position LIMIT 1)),
                a.updated_at, {portal}, {day}
         FROM album a {keyset}
         ORDER BY {day} DESC, a.updated_at DESC, a.id DESC LIMIT ?4"
    ))?;
    let (day_key, updated, id) = match after {
        Some(c) => {
            let (d, u) = c.key.split_once('|').unwrap_or((c.key.as_str(), ""));
            (Some(d.to_string()), Some(u.to_string()), Some(c.id))
        }
        None => (None, None, None),
    };
    let rows = stmt.query_map(params![day_key, updated, id, limit + 1], |r| {
        Ok((
            AlbumSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                event_date: r.get(2)?,
                photo_count: r.get(3)?,
                cover_photo_id: r.get(4)?,
                updated_at: r.get(5)?,
                portal: r.get(6)?,
            },
            r.get::<_, String>(7)?,
        ))
    })?;
    let mut rows: Vec<(AlbumSummary, String)> = rows.collect::<rusqlite::Result<_>>()?;
    let next = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last().map(|(a, day)| lists::Cursor { key: format!("{day}|{}", a.updated_at), id: a.id })
    } else {
        None
    };
    Ok(AlbumPage { items: rows.into_iter().map(|(a, _)| a).collect(), next, total: lists::tally(store, "albums")? })
}

/// An album with its photos in order.
pub fn get(store: &Store, id: i64) -> Result<Album, PhotoError> {
    fetch(store.conn(), id)
}

/// Changes the fields `edit` gives: a title must remain; an event date is a real `YYYY-MM-DD`
/// day, or empty to clear it; a cover is one of the album's photos, or 0 for the first photo.
/// Text is trimmed and NFC. Refused edits change nothing; an edit that changes nothing does not
/// touch `updated_at`.
pub fn edit(store: &mut Store, id: i64, edit: &AlbumEdit) -> Result<Album, PhotoError> {
    let album = write(store, |tx| apply(tx, id, edit))?;
    if edit.credit.is_some() {
        restamp_uncredited(store, &album)?;
    }
    Ok(album)
}

/// The album's credit stands for its photos that have none: their renditions say so too.
fn restamp_uncredited(store: &Store, album: &Album) -> Result<(), PhotoError> {
    for photo in album.photos.iter().filter(|p| p.credit.is_empty()) {
        crate::restamp(store, photo.id)?;
    }
    Ok(())
}

/// Appends `photo_ids` to the album in the order given. Photos already in it stay where they
/// are (and a photo listed twice is added once). An id that is not in the library is refused
/// with `not_found`, and nothing is added.
pub fn add_photos(store: &mut Store, id: i64, photo_ids: &[i64]) -> Result<Album, PhotoError> {
    write(store, |tx| {
        let mut members = member_ids(tx, id)?;
        for &photo_id in photo_ids {
            let known: Option<i64> =
                tx.query_row("SELECT id FROM photo WHERE id = ?1", [photo_id], |r| r.get(0)).optional()?;
            if known.is_none() {
                return Err(PhotoError::NotFound(photo_id));
            }
        }
        let before = members.len();
        for &photo_id in photo_ids {
            if !members.contains(&photo_id) {
                tx.execute(
                    "INSERT INTO album_photo (album_id, photo_id, position) VALUES (?1, ?2, ?3)",
                    params![id, photo_id, members.len() as i64],
                )?;
                members.push(photo_id);
            }
        }
        if members.len() != before {
            touch(tx, id)?;
        }
        fetch(tx, id)
    })
    .and_then(|album| {
        if !album.credit.is_empty() {
            restamp_uncredited(store, &album)?;
        }
        Ok(album)
    })
}

/// Takes `photo_ids` out of the album; they stay in the library. Removing the chosen cover goes
/// back to the first photo as cover. A photo that is not in the album is refused with
/// `not_in_album`, and nothing is removed.
pub fn remove_photos(store: &mut Store, id: i64, photo_ids: &[i64]) -> Result<Album, PhotoError> {
    write(store, |tx| {
        let members = member_ids(tx, id)?;
        if let Some(&photo_id) = photo_ids.iter().find(|p| !members.contains(p)) {
            return Err(PhotoError::NotInAlbum { album_id: id, photo_id });
        }
        if photo_ids.is_empty() {
            return fetch(tx, id);
        }
        let kept: Vec<i64> = members.into_iter().filter(|p| !photo_ids.contains(p)).collect();
        for photo_id in photo_ids {
            tx.execute("DELETE FROM album_photo WHERE album_id = ?1 AND photo_id = ?2", params![id, photo_id])?;
        }
        tx.execute(
            "UPDATE album SET cover_photo_id = NULL
             WHERE id = ?1 AND cover_photo_id IS NOT NULL
               AND cover_photo_id NOT IN (SELECT photo_id FROM album_photo WHERE album_id = ?1)",
            [id],
        )?;
        renumber(tx, id, &kept)?;
        touch(tx, id)?;
        fetch(tx, id)
    })
}

/// Puts the album's photos in a new order (the window's drag and drop). `photo_ids` must be
/// exactly the album's photos, each once; anything else is refused with `order_mismatch`, naming
/// the first photo that is missing, repeated or not in the album, and the order stays as it was.
pub fn reorder(store: &mut Store, id: i64, photo_ids: &[i64]) -> Result<Album, PhotoError> {
    write(store, |tx| {
        let members = member_ids(tx, id)?;
        let bad = |photo_id, problem| PhotoError::BadOrder { album_id: id, photo_id, problem };
        let mut seen = std::collections::HashSet::new();
        for &photo_id in photo_ids {
            if !members.contains(&photo_id) {
                return Err(bad(photo_id, OrderProblem::NotInAlbum));
            }
            if !seen.insert(photo_id) {
                return Err(bad(photo_id, OrderProblem::Repeated));
            }
        }
        if let Some(&photo_id) = members.iter().find(|p| !seen.contains(p)) {
            return Err(bad(photo_id, OrderProblem::Missing));
        }
        if members != photo_ids {
            renumber(tx, id, photo_ids)?;
            touch(tx, id)?;
        }
        fetch(tx, id)
    })
}

/// Deletes the album. Its photos stay in the library, and in any other album.
pub fn delete(store: &mut Store, id: i64) -> Result<(), PhotoError> {
    write(store, |tx| {
        if tx.execute("DELETE FROM album WHERE id = ?1", [id])? == 0 {
            return Err(PhotoError::AlbumNotFound(id));
        }
        Ok(())
    })
}

/// Runs `f` in one IMMEDIATE transaction: all of it is saved, or none of it (an error from `f`,
/// a refusal included, rolls it back).
pub(crate) fn write<T>(
    store: &mut Store,
    f: impl FnOnce(&Transaction) -> Result<T, PhotoError>,
) -> Result<T, PhotoError> {
    let tx = Transaction::new_unchecked(store.conn(), TransactionBehavior::Immediate)?;
    let out = f(&tx)?;
    tx.commit()?;
    Ok(out)
}

/// `text` trimmed and NFC, refused when longer than `field` takes.
pub(crate) fn clean(field: TextField, text: &str) -> Result<String, PhotoError> {
    let text = nfc(text.trim());
    let len = text.chars().count();
    if len > field.max() {
        return Err(PhotoError::TooLong { field, len, max: field.max() });
    }
    Ok(text)
}

/// The columns [`summary_row`] reads, from `photo` as `p`.
pub(crate) const SUMMARY_COLUMNS: &str =
    "p.id, p.width, p.height, p.taken_at, p.caption, p.alt_text, p.credit, p.version, p.quarter_turns, p.crop";

pub(crate) fn summary_row(r: &Row) -> rusqlite::Result<PhotoSummary> {
    Ok(PhotoSummary {
        id: r.get(0)?,
        width: r.get(1)?,
        height: r.get(2)?,
        taken_at: r.get(3)?,
        caption: r.get(4)?,
        alt_text: r.get(5)?,
        credit: r.get(6)?,
        version: r.get(7)?,
        framing: Framing {
            quarter_turns: r.get(8)?,
            crop: r.get::<_, Option<String>>(9)?.as_deref().and_then(Crop::from_column),
        },
    })
}

fn required_title(text: &str) -> Result<String, PhotoError> {
    let title = clean(TextField::AlbumTitle, text)?;
    if title.is_empty() {
        return Err(PhotoError::AlbumTitleRequired);
    }
    Ok(title)
}

/// `Some(day)` for a real `YYYY-MM-DD` day, `None` for an empty text.
fn event_date(text: &str) -> Result<Option<String>, PhotoError> {
    let text = nfc(text.trim());
    if text.is_empty() {
        return Ok(None);
    }
    match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
        // Formatting back refuses "2025-9-5" and years that are not four digits.
        Ok(day) if day.format("%Y-%m-%d").to_string() == text => Ok(Some(text)),
        _ => Err(PhotoError::InvalidDate(text)),
    }
}

fn apply(tx: &Connection, id: i64, edit: &AlbumEdit) -> Result<Album, PhotoError> {
    let old = fetch(tx, id)?;
    let title = match &edit.title {
        Some(text) => required_title(text)?,
        None => old.title.clone(),
    };
    let event_date = match &edit.event_date {
        Some(text) => event_date(text)?,
        None => old.event_date.clone(),
    };
    let description = match &edit.description {
        Some(text) => clean(TextField::AlbumDescription, text)?,
        None => old.description.clone(),
    };
    let credit = match &edit.credit {
        Some(text) => clean(TextField::Credit, text)?,
        None => old.credit.clone(),
    };
    let cover_photo_id = match edit.cover_photo_id {
        None => old.cover_photo_id,
        Some(0) => None,
        Some(photo_id) if old.photos.iter().any(|p| p.id == photo_id) => Some(photo_id),
        Some(photo_id) => return Err(PhotoError::NotInAlbum { album_id: id, photo_id }),
    };
    let new = Album { title, event_date, description, credit, cover_photo_id, ..old.clone() };
    if new == old {
        return Ok(old);
    }
    tx.execute(
        "UPDATE album SET title = ?2, event_date = ?3, description = ?4, credit = ?5, cover_photo_id = ?6,
                          updated_at = ?7
         WHERE id = ?1",
        params![id, new.title, new.event_date, new.description, new.credit, new.cover_photo_id, now()],
    )?;
    fetch(tx, id)
}

fn fetch(conn: &Connection, id: i64) -> Result<Album, PhotoError> {
    let mut album = conn
        .query_row(
            "SELECT id, title, event_date, description, credit, cover_photo_id, created_at, updated_at
             FROM album WHERE id = ?1",
            [id],
            |r| {
                Ok(Album {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    event_date: r.get(2)?,
                    description: r.get(3)?,
                    credit: r.get(4)?,
                    cover_photo_id: r.get(5)?,
                    created_at: r.get(6)?,
                    updated_at: r.get(7)?,
                    photos: Vec::new(),
                })
            },
        )
        .optional()?
        .ok_or(PhotoError::AlbumNotFound(id))?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM album_photo ap JOIN photo p ON p.id = ap.photo_id
         WHERE ap.album_id = ?1 ORDER BY ap.position, p.id"
    ))?;
    album.photos = stmt.query_map([id], summary_row)?.collect::<rusqlite::Result<_>>()?;
    Ok(album)
}

/// The album's photo ids in order; `AlbumNotFound` when there is no such album.
fn member_ids(conn: &Connection, id: i64) -> Result<Vec<i64>, PhotoError> {
    let exists: Option<i64> = conn.query_row("SELECT id FROM album WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    if exists.is_none() {
        return Err(PhotoError::AlbumNotFound(id));
    }
    let mut stmt = conn.prepare("SELECT photo_id FROM album_photo WHERE album_id = ?1 ORDER BY position, photo_id")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Positions 0, 1, 2… in the order of `photo_ids`.
fn renumber(conn: &Connection, id: i64, photo_ids: &[i64]) -> Result<(), PhotoError> {
    let mut stmt = conn.prepare("UPDATE album_photo SET position = ?3 WHERE album_id = ?1 AND photo_id = ?2")?;
    for (position, photo_id) in photo_ids.iter().enumerate() {
        stmt.execute(params![id, photo_id, position as i64])?;
    }
    Ok(())
}

fn touch(conn: &Connection, id: i64) -> Result<(), PhotoError> {
    conn.execute("UPDATE album SET updated_at = ?2 WHERE id = ?1", params![id, now()])?;
    Ok(())
}

fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true)
}
