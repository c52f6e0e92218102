//! Pulling the portal's archive (issue 7): every published post, page by page, into
//! `archive_post` (see `newsroom::archive`). Each page is kept with the place reached in one
//! transaction, so a pull that stops (offline, a 500, the window closed) goes on from the next
//! page. Once every page was read, later pulls ask only for what changed since.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use newsroom::archive::{self, ArchivePost, AFTER_SETTING, PAGE_SETTING, PULLED_SETTING};
use newsroom::posts::stamp;
use newsroom::Store;
use rusqlite::params;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use crate::login::{self, Login};
use crate::wordpress::Portal;
use crate::{PortalError, Result};

/// How far a pull is, after each page.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "ArchiveProgress")]
pub struct Progress {
    pub page: u32,
    pub pages: u32,
    /// Posts received in this pull so far.
    pub received: u32,
}

/// What a pull did.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(rename = "ArchiveReport")]
pub struct Report {
    /// Posts received (new or changed) in this pull.
    pub received: u32,
    /// Posts the archive holds now.
    pub count: u32,
    /// Every page was read (false: stopped by cancel; the next pull goes on).
    pub complete: bool,
}

pub const PAGE_SIZE: u32 = 100;

/// The portal as the archive reads it: the public side (published posts need no login), or with
/// `login` when the site lets only its users read its API.
pub fn connect(store: &Store, login: Option<&Login>) -> Result<Portal> {
    let address = login::address(store)?.ok_or(PortalError::NoPortal)?;
    match Portal::connect_public(&address) {
        Err(PortalError::WrongPassword | PortalError::Forbidden(_)) if login.is_some() => {
            Portal::connect(&address, login.expect("checked"))
        }
        other => other,
    }
}

/// Pulls what is new on the portal into the archive, `page_size` posts a request, calling
/// `on_progress` after each page; `cancel` stops it between pages.
pub fn pull(
    store: &mut Store,
    portal: &Portal,
    page_size: u32,
    cancel: &AtomicBool,
    mut on_progress: impl FnMut(&Progress),
) -> Result<Report> {
    crate::sync::pull_categories(store, portal)?;
    let resume: Option<u32> = store.setting(PAGE_SETTING)?.and_then(|p| p.parse().ok());
    let after = store.setting(AFTER_SETTING)?;
    // A whole pass (first time, or going on from where one stopped), else what changed since.
    let (mut page, since) = match (resume, after) {
        (Some(page), _) => (page, None),
        (None, Some(after)) => (1, Some(after)),
        (None, None) => (1, None),
    };
    let whole_pass = since.is_none();
    let size = page_size.clamp(1, 100).to_string();
    let since_query = since.as_deref().map(overlap);
    let mut received = 0u32;
    loop {
        if cancel.load(Ordering::Relaxed) {
            store.set_setting(PULLED_SETTING, &stamp(Utc::now()))?;
            return Ok(Report { received, count: archive::status(store)?.count, complete: false });
        }
        let page_text = page.to_string();
        let mut query = vec![
            ("status", "publish"),
            ("per_page", size.as_str()),
            ("page", page_text.as_str()),
            ("_fields", "id,title,content,excerpt,link,date_gmt,modified_gmt,categories"),
        ];
        match &since_query {
            // Oldest first by id: a post published while pulling lands on a later page.
            None => query.extend([("orderby", "id"), ("order", "asc")]),
            Some(after) => {
                query.extend([("orderby", "modified"), ("order", "asc"), ("modified_after", after.as_str())])
            }
        }
        let (list, pages) = match portal.get_page("/wp/v2/posts", &query) {
            Ok(answer) => answer,
            // Past the last page: the list shrank while reading.
            Err(PortalError::Rejected { status: 400, .. }) => (Value::Array(Vec::new()), page.saturating_sub(1)),
            Err(e) => {
                store.set_setting(PULLED_SETTING, &stamp(Utc::now()))?;
                return Err(e);
            }
        };
        let posts = list.as_array().cloned().unwrap_or_default();
        let last = page >= pages.max(1) || posts.is_empty();
        let newest = keep_page(store, &posts, whole_pass.then_some(page + 1), last)?;
        received += newest;
        on_progress(&Progress { page, pages: pages.max(page), received });
        if last {
            break;
        }
        page += 1;
    }
    store.set_setting(PULLED_SETTING, &stamp(Utc::now()))?;
    Ok(Report { received, count: archive::status(store)?.count, complete: true })
}

/// Five minutes before `after` (a clock a little off on either side loses nothing), as UTC.
fn overlap(after: &str) -> String {
    DateTime::parse_from_rfc3339(&format!("{}Z", after.trim_end_matches('Z')))
        .map(|t| (t.with_timezone(&Utc) - chrono::Duration::minutes(5)).format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_else(|_| after.to_string())
}

/// Keeps one page of posts and the place reached, in one transaction: `next_page` while a
/// whole pass goes on; at the `last` page the pass is done and later pulls ask for changes
/// after the newest seen. Returns how many posts were new or changed.
fn keep_page(store: &mut Store, posts: &[Value], next_page: Option<u32>, last: bool) -> Result<u32> {
    let names = category_names(store)?;
    let now = stamp(Utc::now());
    Ok(store.with_tx(|tx| {
        let mut kept = 0;
        for p in posts {
            let Some(remote_id) = p["id"].as_i64() else { continue };
            let rendered = |k: &str| p[k]["rendered"].as_str().unwrap_or_default().to_string();
            let categories = p["categories"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c.as_i64().and_then(|id| names.get(&id).cloned()))
                .collect::<Vec<_>>()
                .join(", ");
            let post = archive::clean(ArchivePost {
                remote_id,
                title: rendered("title"),
                content_html: rendered("content"),
                excerpt: rendered("excerpt"),
                link: p["link"].as_str().unwrap_or_default().to_string(),
                published_at: format!("{}Z", p["date_gmt"].as_str().unwrap_or_default().trim_end_matches('Z')),
                categories,
            });
            let modified = p["modified_gmt"].as_str().unwrap_or_default();
            let changed = archive::keep(tx, &post, modified, &now)?;
            tx.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)",
                params!["archive_newest", modified],
            )?;
            kept += u32::from(changed);
        }
        match (next_page, last) {
            (Some(next), false) => set(tx, PAGE_SETTING, &next.to_string())?,
            _ if last => {
                tx.execute("DELETE FROM setting WHERE key = ?1", [PAGE_SETTING])?;
                tx.execute(
                    "INSERT INTO setting (key, value) SELECT ?1, value FROM setting WHERE key = 'archive_newest'
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [AFTER_SETTING],
                )?;
            }
            _ => {}
        }
        Ok(kept)
    })?)
}

fn set(tx: &rusqlite::Connection, key: &str, value: &str) -> newsroom::Result<()> {
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

fn category_names(store: &Store) -> Result<std::collections::HashMap<i64, String>> {
    let mut stmt = store.conn().prepare("SELECT remote_id, name FROM portal_term WHERE taxonomy = 'category'")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
