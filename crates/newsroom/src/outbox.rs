//! The outbox (issue 6): every change the portal must hear of, recorded in the same transaction
//! as the change itself, so that a crash, a closed window or a week offline loses nothing. The
//! sender (crate toasoan-portal) takes the oldest open entry per item, makes the portal's copy
//! match the item as it is then, and marks every entry of that item it covered. A transient
//! failure waits with exponential backoff and jitter; one that needs a person (a wrong
//! password, no right to publish, a conflict) stops that item's entries until retried.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::posts::stamp;
use crate::review::Item;
use crate::store::Store;

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "OutboxState")]
pub enum State {
    /// Waiting for the network or its turn (possibly until `next_at`, after a failure).
    Waiting,
    Sending,
    Sent,
    /// Needs a person: the error says what to do; "Thử lại" sends it again.
    Failed,
    Cancelled,
    /// The portal's copy changed there meanwhile: nothing was sent; see the conflict.
    Conflict,
}

impl State {
    fn parse(code: &str) -> State {
        match code {
            "sending" => State::Sending,
            "sent" => State::Sent,
            "failed" => State::Failed,
            "cancelled" => State::Cancelled,
            "conflict" => State::Conflict,
            _ => State::Waiting,
        }
    }
}

/// One row of the Đồng bộ screen.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "OutboxEntry")]
pub struct Entry {
    pub id: i64,
    pub item: Item,
    /// The item's title now ("" once it is gone).
    pub title: String,
    /// The review action that made it ("submit", "approve"…), or "edit".
    pub reason: String,
    /// Whose portal login sends it.
    pub user_id: Option<i64>,
    pub user: Option<String>,
    pub created_at: String,
    pub state: State,
    pub attempts: i64,
    /// Not before this time (UTC), after a failure.
    pub next_at: Option<String>,
    pub error_code: Option<String>,
    pub error: Option<String>,
    pub done_at: Option<String>,
}

/// The counts the navigation and the status line show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[ts(rename = "OutboxCounts")]
pub struct Counts {
    pub waiting: u32,
    pub sending: u32,
    pub failed: u32,
    pub conflict: u32,
}

/// What the sender takes next: an item, the open entries it covers (oldest first), and whose
/// login sends it (the newest entry's: the approval is sent with the approver's account).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub item: Item,
    pub entries: Vec<i64>,
    pub user_id: Option<i64>,
}

/// Records that `item` changed in a way the portal must hear of. Call inside the change's own
/// transaction.
pub(crate) fn enqueue(conn: &Connection, item: Item, reason: &str, user_id: Option<i64>, at: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO outbox (item_kind, item_id, reason, user_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![item.kind(), item.id(), reason, user_id, at],
    )?;
    Ok(())
}

/// Records an edit unless one for `item` still waits: the sender sends the item as it is when
/// it goes, so one waiting entry covers every edit before it. A post another PC sent for review is not: its text is that PC's to send.
pub(crate) fn enqueue_edit(conn: &Connection, item: Item, user_id: Option<i64>, at: &str) -> Result<()> {
    let skip: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM outbox WHERE item_kind = ?1 AND item_id = ?2 AND state = 'waiting')
             OR EXISTS (SELECT 1 FROM review_log WHERE item_kind = ?1 AND item_id = ?2 AND action = 'portal_submit')",
        params![item.kind(), item.id()],
        |r| r.get(0),
    )?;
    if skip {
        Ok(())
    } else {
        enqueue(conn, item, "edit", user_id, at)
    }
}

/// SQL for one word on an item's way to the portal, for the lists: "conflict", "failed" or
/// "waiting" while the outbox holds something for it (waiting only once the PC has a portal
/// address), else the portal copy's status ("pending", "publish", "future", "draft") or NULL.
/// `kind` is 'post' or 'album'; `id` the SQL expression of the item's id.
pub fn portal_word_sql(kind: &str, id: &str) -> String {
    let open = |states: &str| {
        format!("EXISTS (SELECT 1 FROM outbox o WHERE o.item_kind = '{kind}' AND o.item_id = {id} AND o.state IN ({states}))")
    };
    format!(
        "CASE WHEN {} THEN 'conflict' WHEN {} THEN 'failed'
              WHEN {} AND EXISTS (SELECT 1 FROM setting WHERE key = 'portal_url') THEN 'waiting'
              ELSE (SELECT pi.remote_status FROM portal_item pi WHERE pi.item_kind = '{kind}' AND pi.item_id = {id}) END",
        open("'conflict'"),
        open("'failed'"),
        open("'waiting', 'sending'")
    )
}

const SELECT: &str = "SELECT o.id, o.item_kind, o.item_id,
        COALESCE((SELECT title FROM post WHERE o.item_kind = 'post' AND id = o.item_id),
                 (SELECT title FROM album WHERE o.item_kind = 'album' AND id = o.item_id), ''),
        o.reason, o.user_id, u.display_name, o.created_at, o.state, o.attempts, o.next_at, o.error_code, o.error,
        o.done_at
     FROM outbox o LEFT JOIN user u ON u.id = o.user_id";

fn row(r: &rusqlite::Row) -> rusqlite::Result<Entry> {
    let kind: String = r.get(1)?;
    let id: i64 = r.get(2)?;
    Ok(Entry {
        id: r.get(0)?,
        item: if kind == "album" { Item::Album(id) } else { Item::Post(id) },
        title: r.get(3)?,
        reason: r.get(4)?,
        user_id: r.get(5)?,
        user: r.get(6)?,
        created_at: r.get(7)?,
        state: State::parse(&r.get::<_, String>(8)?),
        attempts: r.get(9)?,
        next_at: r.get(10)?,
        error_code: r.get(11)?,
        error: r.get(12)?,
        done_at: r.get(13)?,
    })
}

/// Every open entry, oldest first, then the `recent` newest done ones (sent or cancelled).
pub fn list(store: &Store, recent: u32) -> Result<Vec<Entry>> {
    let conn = store.conn();
    let mut open = conn.prepare(&format!("{SELECT} WHERE o.state NOT IN ('sent', 'cancelled') ORDER BY o.id"))?;
    let mut out: Vec<Entry> = open.query_map([], row)?.collect::<rusqlite::Result<_>>()?;
    let mut done = conn.prepare(&format!(
        "{SELECT} WHERE o.state IN ('sent', 'cancelled') ORDER BY o.done_at DESC, o.id DESC LIMIT ?1"
    ))?;
    out.extend(done.query_map([recent], row)?.collect::<rusqlite::Result<Vec<_>>>()?);
    Ok(out)
}

pub fn get(store: &Store, id: i64) -> Result<Entry> {
    store.conn().query_row(&format!("{SELECT} WHERE o.id = ?1"), [id], row).optional()?.ok_or(Error::OutboxNotFound(id))
}

pub fn counts(store: &Store) -> Result<Counts> {
    Ok(store.conn().query_row(
        "SELECT count(*) FILTER (WHERE state = 'waiting'), count(*) FILTER (WHERE state = 'sending'),
                count(*) FILTER (WHERE state = 'failed'), count(*) FILTER (WHERE state = 'conflict')
         FROM outbox",
        [],
        |r| Ok(Counts { waiting: r.get(0)?, sending: r.get(1)?, failed: r.get(2)?, conflict: r.get(3)? }),
    )?)
}

/// The next item to send at `now`: the item whose oldest open entry is oldest, among items not
/// stopped by a failure or a conflict and not waiting out a backoff.
pub fn next(store: &Store, now: DateTime<Utc>) -> Result<Option<Batch>> {
    next_except(store, now, &[])
}

/// [`next`], skipping `skip` (items already tried in this run).
pub fn next_except(store: &Store, now: DateTime<Utc>, skip: &[Item]) -> Result<Option<Batch>> {
    let conn = store.conn();
    let mut stmt = conn.prepare(
        "SELECT item_kind, item_id FROM outbox
         WHERE state IN ('waiting', 'sending', 'failed', 'conflict')
         GROUP BY item_kind, item_id
         HAVING sum(state IN ('failed', 'conflict', 'sending')) = 0 AND max(COALESCE(next_at, '')) <= ?1
         ORDER BY min(id)",
    )?;
    let items: Vec<(String, i64)> =
        stmt.query_map([stamp(now)], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (kind, id) in items {
        let item = if kind == "album" { Item::Album(id) } else { Item::Post(id) };
        if skip.contains(&item) {
            continue;
        }
        let mut stmt = conn.prepare(
            "SELECT id, user_id FROM outbox WHERE item_kind = ?1 AND item_id = ?2 AND state = 'waiting' ORDER BY id",
        )?;
        let rows: Vec<(i64, Option<i64>)> =
            stmt.query_map(params![kind, id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let user_id = rows.last().and_then(|r| r.1);
        return Ok(Some(Batch { item, entries: rows.into_iter().map(|r| r.0).collect(), user_id }));
    }
    Ok(None)
}

/// Runs `sql` (?1 the entry's id, ?2 `value`) for each of `ids`, in one transaction.
fn set_each(store: &mut Store, ids: &[i64], sql: &str, value: &str) -> Result<()> {
    store.with_tx(|tx| {
        for &id in ids {
            tx.execute(sql, params![id, value])?;
        }
        Ok(())
    })
}

/// Takes the entries for sending. False when another sender (the window's background sync, a
/// `toasoan sync run` at the same time) took any of them first: then this one leaves the item.
pub fn claim(store: &mut Store, ids: &[i64], now: DateTime<Utc>) -> Result<bool> {
    let at = stamp(now);
    // One IMMEDIATE transaction: no other sender can take any of them between look and take.
    store.with_tx(|tx| {
        for &id in ids {
            let waiting: bool = tx
                .query_row("SELECT state = 'waiting' FROM outbox WHERE id = ?1", [id], |r| r.get(0))
                .optional()?
                .unwrap_or(false);
            if !waiting {
                return Ok(false);
            }
        }
        for &id in ids {
            tx.execute(
                "UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_at = ?2 WHERE id = ?1",
                params![id, at],
            )?;
        }
        Ok(true)
    })
}

pub fn mark_sent(store: &mut Store, ids: &[i64], now: DateTime<Utc>) -> Result<()> {
    set_each(
        store,
        ids,
        "UPDATE outbox SET state = 'sent', done_at = ?2, error_code = NULL, error = NULL, next_at = NULL WHERE id = ?1",
        &stamp(now),
    )
}

/// The wait before attempt `attempts + 1`: 5 s doubled each time, at most an hour, then ±20 %
/// jitter (`jitter` in [0, 1)) so that PCs back online together do not all knock at once.
pub fn backoff(attempts: i64, jitter: f64) -> Duration {
    let base = 5.0 * 2f64.powi(attempts.clamp(0, 20) as i32);
    let capped = base.min(3600.0);
    Duration::milliseconds((capped * (0.8 + 0.4 * jitter.clamp(0.0, 1.0)) * 1000.0) as i64)
}

/// A failure: `transient` ones (offline, timeout, 5xx) wait and go again by themselves; the
/// others stop this item's entries until a person retries (after fixing what the error says).
pub fn mark_failed(
    store: &mut Store,
    ids: &[i64],
    code: &str,
    message: &str,
    transient: bool,
    now: DateTime<Utc>,
    jitter: f64,
) -> Result<()> {
    store.with_tx(|tx| {
        for &id in ids {
            let attempts: i64 = tx.query_row("SELECT attempts FROM outbox WHERE id = ?1", [id], |r| r.get(0))?;
            let (state, next_at) = if transient {
                ("waiting", Some(stamp(now + backoff(attempts.max(1) - 1, jitter))))
            } else {
                ("failed", None)
            };
            tx.execute(
                "UPDATE outbox SET state = ?2, next_at = ?3, error_code = ?4, error = ?5 WHERE id = ?1",
                params![id, state, next_at, code, message],
            )?;
        }
        Ok(())
    })
}

/// The portal's copy changed there: nothing was sent; the entries wait for the person.
pub fn mark_conflict(store: &mut Store, ids: &[i64], message: &str) -> Result<()> {
    set_each(
        store,
        ids,
        "UPDATE outbox SET state = 'conflict', error_code = 'portal_conflict', error = ?2 WHERE id = ?1",
        message,
    )
}

/// "Thử lại": a failed or conflicting entry (and the rest of its item's) waits again, at once.
pub fn retry(store: &mut Store, id: i64) -> Result<Entry> {
    let entry = get(store, id)?;
    store.with_tx(|tx| {
        tx.execute(
            "UPDATE outbox SET state = 'waiting', next_at = NULL
             WHERE item_kind = ?1 AND item_id = ?2 AND state IN ('failed', 'conflict', 'waiting')",
            params![entry.item.kind(), entry.item.id()],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// "Huỷ": the entry is not sent. One being sent cannot be cancelled.
pub fn cancel(store: &mut Store, id: i64, now: DateTime<Utc>) -> Result<Entry> {
    let changed = store.conn().execute(
        "UPDATE outbox SET state = 'cancelled', done_at = ?2 WHERE id = ?1 AND state IN ('waiting', 'failed', 'conflict')",
        params![id, stamp(now)],
    )?;
    let entry = get(store, id)?;
    if changed == 0 {
        return Err(Error::OutboxNotCancellable(id));
    }
    Ok(entry)
}

/// How long a sender may hold entries before they count as left by one that died.
pub const CLAIM_TIMEOUT_MINUTES: i64 = 15;

/// After a crash: entries left "sending" long ago go back to waiting (the sender finds what the
/// portal already did before doing it again). Returns how many.
pub fn recover(store: &Store, now: DateTime<Utc>) -> Result<usize> {
    let before = stamp(now - Duration::minutes(CLAIM_TIMEOUT_MINUTES));
    Ok(store.conn().execute(
        "UPDATE outbox SET state = 'waiting' WHERE state = 'sending' AND COALESCE(claimed_at, '') < ?1",
        [before],
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_five_seconds_to_an_hour_with_jitter() {
        assert_eq!(backoff(0, 0.5), Duration::seconds(5));
        assert_eq!(backoff(1, 0.5), Duration::seconds(10));
        assert_eq!(backoff(3, 0.5), Duration::seconds(40));
        assert_eq!(backoff(30, 0.5), Duration::hours(1));
        assert_eq!(backoff(0, 0.0), Duration::seconds(4));
        assert_eq!(backoff(0, 1.0), Duration::seconds(6));
    }
}
