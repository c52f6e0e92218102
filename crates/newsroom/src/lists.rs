//! Lists at scale (issue 7): pages read by keyset, counts kept by triggers (migration 0012).
//! A page ends with the [`Cursor`] of its last row; the next page starts strictly after it in
//! the list's order, so pages stay fast at any depth and a row added meanwhile is not read twice.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::store::Store;

/// The last row of a page: its sort key (a time or a day, as the list sorts) and its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(rename = "ListCursor")]
pub struct Cursor {
    pub key: String,
    pub id: i64,
}

/// Rows a page holds unless asked otherwise, and at most.
pub const PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 500;

pub fn limit(asked: u32) -> u32 {
    if asked == 0 {
        PAGE
    } else {
        asked.min(MAX_PAGE)
    }
}

/// A count the triggers keep: "posts", "bin", "albums", "photos".
pub fn tally(store: &Store, name: &str) -> Result<u32> {
    Ok(store.conn().query_row("SELECT n FROM tally WHERE name = ?1", [name], |r| r.get(0))?)
}
