//! Albums (album ảnh): photos from one event in the order the photographer chose, with a
//! cover, a title, the event's date, a description and a credit. A photo may be in several
//! albums; its caption, alt text and credit are the photo's own, shown wherever it goes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
}

/// An album with its photos in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
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
