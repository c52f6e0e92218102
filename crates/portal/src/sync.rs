//! Sending the outbox to the portal (issue 6). For each item with open entries, oldest first:
//! make the portal's copy match the item as it is now — its WordPress status from the review
//! state, its text, photos, categories and tags — with the login of whoever took the step.
//!
//! Exactly once: before creating a post the client records a marker slug that carries this
//! store's install id and the item's id, and before any create it looks that slug up (pending
//! and draft posts included), so a create whose answer was lost is found, not repeated. Photos
//! are uploaded under a file name carrying their SHA-256 and version and looked up the same way.
//!
//! No silent overwrite: before an update the portal copy's `modified_gmt` must still be the
//! one last seen; if not, nothing is sent and the portal's version is kept as a conflict.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use newsroom::outbox::{self, Batch};
use newsroom::posts::{self, Post};
use newsroom::review::{self, Item, State};
use newsroom::text::nfc;
use newsroom::{ErrorReport, Lang, Store};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use serde_json::{json, Value};
use ts_rs::TS;

use crate::login::{self, Address, Login, NO_PROFILE};
use crate::wordpress::{Portal, Upload};
use crate::{PortalError, Result};

/// The largest rendition the portal gets: enough for a full-width photo.
pub const PORTAL_EDGE: u32 = 2048;
/// The category albums go into unless Settings say otherwise.
pub const DEFAULT_ALBUM_CATEGORY: &str = "Album ảnh";

/// What happened to one item in a run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SyncItem")]
pub struct ItemOutcome {
    pub item: Item,
    pub title: String,
    /// "sent", "nothing" (no portal change was needed), "failed", "waiting" (a transient
    /// failure: it goes again later by itself) or "conflict".
    pub outcome: String,
    /// The portal's status now: "pending", "publish", "future", "draft".
    pub remote_status: Option<String>,
    pub link: Option<String>,
    pub error: Option<ErrorReport>,
}

/// What `sync run` did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "SyncReport")]
pub struct Report {
    pub items: Vec<ItemOutcome>,
    /// What came from the portal: posts another PC sent for review ("received"), and this PC's
    /// items approved elsewhere ("published_elsewhere", "scheduled_elsewhere").
    pub received: Vec<ItemOutcome>,
    /// Entries still open after the run (waiting out a backoff, failed, in conflict).
    pub counts: outbox::Counts,
}

/// The portal's answer for one item, as far as this module is concerned.
enum Pushed {
    Done { status: String, link: Option<String> },
    Nothing,
    Conflict,
}

/// Backoff jitter in [0, 1) from the clock's nanoseconds: enough to keep PCs that come back
/// online together from retrying in step.
pub fn clock_jitter() -> f64 {
    f64::from(Utc::now().timestamp_subsec_nanos() % 1000) / 1000.0
}

/// Sends every entry that can go now, then reports. `jitter` gives the backoff's randomness
/// (tests pass a fixed one).
pub fn run(store: &mut Store, lang: Lang, now: impl Fn() -> DateTime<Utc>, jitter: impl Fn() -> f64) -> Result<Report> {
    outbox::recover(store, now())?;
    // Without an address nothing can go: the entries wait (a PC not yet set up for the portal
    // must not fill the Đồng bộ screen with failures).
    let Some(address) = login::address(store)? else {
        return Err(PortalError::NoPortal);
    };
    let mut portals: HashMap<Option<i64>, std::result::Result<Portal, PortalError>> = HashMap::new();
    let mut tried = Vec::new();
    let mut items = Vec::new();
    while let Some(batch) = outbox::next_except(store, now(), &tried)? {
        tried.push(batch.item);
        let title = title_of(store, batch.item);
        let portal = portals.entry(batch.user_id).or_insert_with(|| connect(store, &address, batch.user_id));
        let portal = match portal {
            Ok(p) => p,
            Err(e) => {
                let outcome = fail(store, &batch, e, lang, now(), jitter())?;
                items.push(failed(batch.item, title, e, lang, outcome));
                continue;
            }
        };
        if !outbox::claim(store, &batch.entries, now())? {
            continue;
        }
        match push(store, portal, batch.item) {
            Ok(Pushed::Done { status, link }) => {
                outbox::mark_sent(store, &batch.entries, now())?;
                items.push(ItemOutcome {
                    item: batch.item,
                    title,
                    outcome: "sent".into(),
                    remote_status: Some(status),
                    link,
                    error: None,
                });
            }
            Ok(Pushed::Nothing) => {
                outbox::mark_sent(store, &batch.entries, now())?;
                items.push(ItemOutcome {
                    item: batch.item,
                    title,
                    outcome: "nothing".into(),
                    remote_status: None,
                    link: None,
                    error: None,
                });
            }
            Ok(Pushed::Conflict) => {
                let message = newsroom::i18n::t(lang, "error.portal_conflict");
                outbox::mark_conflict(store, &batch.entries, &message)?;
                items.push(ItemOutcome {
                    item: batch.item,
                    title,
                    outcome: "conflict".into(),
                    remote_status: None,
                    link: None,
                    error: Some(ErrorReport { code: "portal_conflict".into(), message }),
                });
            }
            Err(e) => {
                let outcome = fail(store, &batch, &e, lang, now(), jitter())?;
                items.push(failed(batch.item, title, &e, lang, outcome));
            }
        }
    }
    // Then what changed on the portal, read with any login this PC holds (a supervisor's
    // first: only an editor's account sees other people's pending posts).
    let received = match receiving_portal(store, &address, &mut portals) {
        Some(portal) => {
            pull_categories(store, portal)?;
            receive(store, portal, now())?
        }
        None => Vec::new(),
    };
    Ok(Report { items, received, counts: outbox::counts(store)? })
}

/// A portal to read from: one already reached in this run with a supervisor's login, else the
/// first login of this PC that connects.
fn receiving_portal<'a>(
    store: &Store,
    address: &Address,
    portals: &'a mut HashMap<Option<i64>, std::result::Result<Portal, PortalError>>,
) -> Option<&'a Portal> {
    let mut ids: Vec<Option<i64>> = store
        .conn()
        .prepare("SELECT id FROM user WHERE removed_at IS NULL ORDER BY is_supervisor DESC, id")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, i64>(0)).and_then(|rows| rows.collect::<rusqlite::Result<Vec<i64>>>())
        })
        .unwrap_or_default()
        .into_iter()
        .map(Some)
        .collect();
    ids.push(None);
    let chosen =
        ids.into_iter().find(|id| portals.entry(*id).or_insert_with(|| connect(store, address, *id)).is_ok())?;
    portals.get(&chosen).and_then(|p| p.as_ref().ok())
}

/// The portal's categories, cached for choosing offline (the editor's suggestions) and for
/// mapping names to ids.
pub(crate) fn pull_categories(store: &Store, portal: &Portal) -> Result<()> {
    for page in 1..=20 {
        let page_text = page.to_string();
        let list = match portal.get("/wp/v2/categories", &[("per_page", "100"), ("page", &page_text)]) {
            Ok(v) => v.as_array().cloned().unwrap_or_default(),
            Err(PortalError::Rejected { status: 400, .. }) => break,
            Err(e) => return Err(e),
        };
        for term in &list {
            cache_term(
                store,
                "category",
                term,
                &nfc(&newsroom::text::html_to_raw_text(term["name"].as_str().unwrap_or_default())),
            )?;
        }
        if list.len() < 100 {
            break;
        }
    }
    Ok(())
}

/// The install id and item a marker slug carries: "…-1a2b3c4dp42" → ("1a2b3c4d", Post(42)).
fn parse_marker(slug: &str) -> Option<(String, Item)> {
    let tail = slug.rsplit('-').next()?;
    if tail.len() < 10 || !tail.is_ascii() {
        return None;
    }
    let (install, rest) = tail.split_at(8);
    if !install.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let id: i64 = rest[1..].parse().ok()?;
    match rest.as_bytes()[0] {
        b'p' => Some((install.to_string(), Item::Post(id))),
        b'a' => Some((install.to_string(), Item::Album(id))),
        _ => None,
    }
}

/// How far back each read starts before the newest change already seen: posts changed while a
/// read pages through the list can move past a page boundary unseen; the next read finds them.
const RECEIVE_OVERLAP_MINUTES: i64 = 5;

/// Reads the posts changed on the portal since the last time and follows them here, page by
/// page as WordPress counts them; a post seen twice is harmless.
fn receive(store: &mut Store, portal: &Portal, now: DateTime<Utc>) -> Result<Vec<ItemOutcome>> {
    let ours = store.install_id()?;
    let reviews_here = store.conn().query_row(
        "SELECT EXISTS (SELECT 1 FROM user WHERE is_supervisor = 1 AND removed_at IS NULL)",
        [],
        |r| r.get::<_, bool>(0),
    )?;
    let parse = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok();
    // The first time: the last month is enough to find what waits for review.
    let since = store
        .setting("portal_received_gmt")?
        .as_deref()
        .and_then(parse)
        .unwrap_or_else(|| (now - chrono::Duration::days(30)).naive_utc());
    // The "Z" makes WordPress read it as UTC whatever the site's time zone.
    let after = (since - chrono::Duration::minutes(RECEIVE_OVERLAP_MINUTES)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut newest = since;
    let mut out = Vec::new();
    let mut page = 1u32;
    loop {
        let page_text = page.to_string();
        let query = [
            ("context", "edit"),
            ("status", ANY_STATUS),
            ("per_page", "100"),
            ("orderby", "modified"),
            ("order", "asc"),
            ("modified_after", after.as_str()),
            ("page", page_text.as_str()),
        ];
        let (list, pages) = match portal.get_page("/wp/v2/posts", &query) {
            Ok(answer) => answer,
            // Past the last page (the list shrank while reading).
            Err(PortalError::Rejected { status: 400, .. }) => break,
            Err(e) => return Err(e),
        };
        for post in list.as_array().into_iter().flatten() {
            if let Some(m) = post["modified_gmt"].as_str().and_then(parse) {
                newest = newest.max(m);
            }
            if let Some(outcome) = follow(store, portal, post, &ours, reviews_here, now)? {
                out.push(outcome);
            }
        }
        if page >= pages {
            break;
        }
        page += 1;
    }
    store.set_setting("portal_received_gmt", &newest.format("%Y-%m-%dT%H:%M:%S").to_string())?;
    Ok(out)
}

/// One post from the portal: a known item's status followed, or another PC's pending post made
/// here for review.
fn follow(
    store: &mut Store,
    portal: &Portal,
    post: &Value,
    ours: &str,
    reviews_here: bool,
    now: DateTime<Utc>,
) -> Result<Option<ItemOutcome>> {
    let remote_id = post["id"].as_i64().unwrap_or_default();
    let status = post["status"].as_str().unwrap_or_default().to_string();
    let link = post["link"].as_str().map(String::from);
    let known: Option<(String, i64)> = store
        .conn()
        .query_row("SELECT item_kind, item_id FROM portal_item WHERE remote_id = ?1", [remote_id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if let Some((kind, id)) = known {
        let item = if kind == "album" { Item::Album(id) } else { Item::Post(id) };
        if status == "pending" && is_theirs(store, item)? {
            return received_edit(store, portal, post, item, remote_id, now);
        }
        store.conn().execute(
            "UPDATE portal_item SET remote_status = ?2, link = ?3 WHERE remote_id = ?1",
            params![remote_id, status, link],
        )?;
        let (to, outcome) = match status.as_str() {
            "publish" => (State::Published, "published_elsewhere"),
            "future" => (State::Scheduled, "scheduled_elsewhere"),
            _ => return Ok(None),
        };
        let at = post["date_gmt"].as_str().map(|d| format!("{d}Z"));
        if !review::follow_portal(store, item, to, at.as_deref(), now)? {
            return Ok(None);
        }
        return Ok(Some(ItemOutcome {
            item,
            title: title_of(store, item),
            outcome: outcome.into(),
            remote_status: Some(status),
            link,
            error: None,
        }));
    }
    let slug = post["slug"].as_str().unwrap_or_default();
    let marked: Option<(String, i64)> = store
        .conn()
        .query_row("SELECT item_kind, item_id FROM portal_item WHERE marker = ?1", [slug], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?;
    if marked.is_some() {
        // This PC's own create whose answer was lost: the next send adopts it by its marker.
        return Ok(None);
    }
    let from_another_pc = parse_marker(slug).is_some_and(|(install, _)| install != ours);
    // Only a PC where someone reviews takes other PCs' posts in: an editor's list stays theirs.
    if status != "pending" || !from_another_pc || !reviews_here {
        return Ok(None);
    }
    let raw = |k: &str| post[k]["raw"].as_str().unwrap_or_default().to_string();
    let category = post["categories"]
        .as_array()
        .and_then(|c| c.first())
        .and_then(|c| c.as_i64())
        .and_then(|id| {
            store
                .conn()
                .query_row("SELECT name FROM portal_term WHERE taxonomy = 'category' AND remote_id = ?1", [id], |r| {
                    r.get::<_, String>(0)
                })
                .ok()
        })
        .unwrap_or_default();
    let sapo = newsroom::text::html_to_paragraphs(&raw("excerpt"));
    let (content, featured) = localise(store, portal, post)?;
    let item = review::receive_submitted(store, &raw("title"), &content, sapo.trim(), &category, featured, now)?;
    store.conn().execute(
        "INSERT INTO portal_item (item_kind, item_id, marker, remote_id, remote_status, link, modified_gmt)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![item.kind(), item.id(), slug, remote_id, status, link, post["modified_gmt"].as_str()],
    )?;
    Ok(Some(ItemOutcome {
        item,
        title: raw("title"),
        outcome: "received".into(),
        remote_status: Some(status),
        link,
        error: None,
    }))
}

/// Another PC's post as this PC keeps it: its content with the portal's photos fetched into the
/// library, and its featured photo.
fn localise(store: &mut Store, portal: &Portal, post: &Value) -> Result<(String, Option<i64>)> {
    let content = crate::received::localise(store, portal, post["content"]["raw"].as_str().unwrap_or_default())?;
    let featured = match post["featured_media"].as_i64().filter(|&m| m > 0) {
        Some(media) => crate::received::photo_for(store, portal, media)?,
        None => None,
    };
    Ok((content, featured))
}

/// Whether `item` came from another PC (its marker carries another install id).
fn is_theirs(store: &Store, item: Item) -> Result<bool> {
    let ours = store.install_id()?;
    Ok(remote_of(store, item)?.and_then(|r| parse_marker(&r.marker)).is_some_and(|(install, _)| install != ours))
}

/// Another PC's post, still pending there: when its author changed it since this PC last read
/// it, the copy waiting here for review takes the new text.
fn received_edit(
    store: &mut Store,
    portal: &Portal,
    post: &Value,
    item: Item,
    remote_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<ItemOutcome>> {
    let modified = post["modified_gmt"].as_str().unwrap_or_default();
    let seen = remote_of(store, item)?.and_then(|r| r.modified_gmt);
    if seen.as_deref() == Some(modified) {
        return Ok(None);
    }
    let raw = |k: &str| post[k]["raw"].as_str().unwrap_or_default().to_string();
    let sapo = newsroom::text::html_to_paragraphs(&raw("excerpt"));
    let (content, featured) = localise(store, portal, post)?;
    if !review::receive_edit(store, item, &raw("title"), &content, sapo.trim(), featured, now)? {
        return Ok(None);
    }
    store.conn().execute(
        "UPDATE portal_item SET modified_gmt = ?2, remote_status = 'pending' WHERE remote_id = ?1",
        params![remote_id, modified],
    )?;
    Ok(Some(ItemOutcome {
        item,
        title: title_of(store, item),
        outcome: "received_edit".into(),
        remote_status: Some("pending".into()),
        link: post["link"].as_str().map(String::from),
        error: None,
    }))
}

fn fail(
    store: &mut Store,
    batch: &Batch,
    e: &PortalError,
    lang: Lang,
    now: DateTime<Utc>,
    jitter: f64,
) -> Result<&'static str> {
    let transient = e.is_transient();
    outbox::mark_failed(store, &batch.entries, e.code(), &e.message(lang), transient, now, jitter)?;
    Ok(if transient { "waiting" } else { "failed" })
}

fn failed(item: Item, title: String, e: &PortalError, lang: Lang, outcome: &str) -> ItemOutcome {
    ItemOutcome { item, title, outcome: outcome.into(), remote_status: None, link: None, error: Some(e.report(lang)) }
}

fn title_of(store: &Store, item: Item) -> String {
    review::state(store, item).map(|s| s.title).unwrap_or_default()
}

/// The portal reached with the login of profile `user_id` (or the PC's only login).
fn connect(store: &Store, address: &Address, user_id: Option<i64>) -> Result<Portal> {
    let profile = match user_id {
        Some(id) => store
            .conn()
            .query_row("SELECT name FROM user WHERE id = ?1", [id], |r| r.get::<_, String>(0))
            .optional()?
            .unwrap_or_else(|| NO_PROFILE.to_string()),
        None => NO_PROFILE.to_string(),
    };
    let login: Login = login::load(&profile, address)?;
    let portal = Portal::connect(address, &login);
    if matches!(portal, Err(PortalError::WrongPassword)) {
        login::drop_kept(&profile, address);
    }
    portal
}

// ---------------------------------------------------------------------------------------------
// One item

struct Remote {
    marker: String,
    remote_id: Option<i64>,
    modified_gmt: Option<String>,
}

/// The WordPress status `state` asks for, given what the portal shows now. A live copy
/// (published or scheduled there) stays as approved until a new approval or a withdrawal:
/// text still under review never replaces it.
fn desired(state: State, exists: bool, live: bool) -> Option<&'static str> {
    match state {
        State::Approved | State::Published => Some("publish"),
        State::Scheduled => Some("future"),
        State::Withdrawn => exists.then_some("draft"),
        State::Submitted => (!live).then_some("pending"),
        State::ChangesRequested | State::Draft => (exists && !live).then_some("draft"),
    }
}

fn remote_of(store: &Store, item: Item) -> Result<Option<Remote>> {
    Ok(store
        .conn()
        .query_row(
            "SELECT marker, remote_id, modified_gmt FROM portal_item WHERE item_kind = ?1 AND item_id = ?2",
            params![item.kind(), item.id()],
            |r| Ok(Remote { marker: r.get(0)?, remote_id: r.get(1)?, modified_gmt: r.get(2)? }),
        )
        .optional()?)
}

/// The marker slug: the item's own slug (or its kind), this store's install id, the item's id.
fn marker_for(store: &Store, item: Item, slug: &str) -> Result<String> {
    let base = if slug.is_empty() { item.kind().to_string() } else { slug.chars().take(60).collect() };
    let kind = if matches!(item, Item::Album(_)) { 'a' } else { 'p' };
    Ok(format!("{base}-{}{kind}{}", store.install_id()?, item.id()))
}

fn record(store: &Store, item: Item, answer: &Value) -> Result<(String, Option<String>)> {
    let status = answer["status"].as_str().unwrap_or_default().to_string();
    let link = answer["link"].as_str().map(String::from);
    store.conn().execute(
        "UPDATE portal_item SET remote_id = ?3, remote_status = ?4, link = ?5, modified_gmt = ?6
         WHERE item_kind = ?1 AND item_id = ?2",
        params![item.kind(), item.id(), answer["id"].as_i64(), status, link, answer["modified_gmt"].as_str()],
    )?;
    Ok((status, link))
}

const ANY_STATUS: &str = "publish,future,draft,pending,private";

fn push(store: &mut Store, portal: &Portal, item: Item) -> Result<Pushed> {
    let current = review::state(store, item)?;
    if current.in_bin {
        return Ok(Pushed::Nothing);
    }
    let mut remote = remote_of(store, item)?;

    // A create whose answer was lost: the marker finds it.
    if let Some(r) = remote.as_mut().filter(|r| r.remote_id.is_none()) {
        let found = portal.get("/wp/v2/posts", &[("slug", &r.marker), ("status", ANY_STATUS), ("context", "edit")])?;
        if let Some(post) = found.as_array().and_then(|a| a.first()) {
            record(store, item, post)?;
            remote = remote_of(store, item)?;
        }
    }

    // The portal's copy now, checked against the one last seen.
    let mut live = false;
    if let Some(Remote { remote_id: Some(id), modified_gmt, .. }) = &remote {
        match portal.get(&format!("/wp/v2/posts/{id}"), &[("context", "edit")]) {
            Ok(there) => {
                let seen = there["modified_gmt"].as_str().unwrap_or_default();
                if modified_gmt.as_deref().is_some_and(|m| m != seen) {
                    keep_conflict(store, item, *id, &there)?;
                    return Ok(Pushed::Conflict);
                }
                live = matches!(there["status"].as_str(), Some("publish" | "future"));
            }
            // Deleted on the portal: made again below, under the same marker.
            Err(PortalError::Rejected { status: 404 | 410, .. }) => {
                store.conn().execute(
                    "UPDATE portal_item SET remote_id = NULL, remote_status = NULL, modified_gmt = NULL
                     WHERE item_kind = ?1 AND item_id = ?2",
                    params![item.kind(), item.id()],
                )?;
                remote = remote_of(store, item)?;
            }
            Err(e) => return Err(e),
        }
    }
    let exists = remote.as_ref().is_some_and(|r| r.remote_id.is_some());
    let Some(status) = desired(current.state, exists, live) else {
        return Ok(Pushed::Nothing);
    };

    // Another PC's post, reviewed here: the portal holds its text and photos (this PC may not
    // have the photos), so only the decision is sent.
    let theirs = is_theirs(store, item)?;
    let mut body = match item {
        _ if theirs => json!({}),
        Item::Post(id) => post_body(store, portal, &posts::fetch(store.conn(), id)?)?,
        Item::Album(id) => album_body(store, portal, id)?,
    };
    body["status"] = json!(status);
    if status == "future" {
        if let Some(at) = &current.scheduled_at {
            body["date_gmt"] = json!(at.trim_end_matches('Z'));
        }
    }

    let answer = match remote.and_then(|r| r.remote_id) {
        Some(id) => portal.post(&format!("/wp/v2/posts/{id}"), &body)?,
        None => {
            // Record the marker before the create, so that a lost answer is looked up next time.
            let slug = body["slug"].as_str().unwrap_or_default().to_string();
            store.conn().execute(
                "INSERT INTO portal_item (item_kind, item_id, marker) VALUES (?1, ?2, ?3)
                 ON CONFLICT (item_kind, item_id) DO NOTHING",
                params![item.kind(), item.id(), slug],
            )?;
            let marker: String = store.conn().query_row(
                "SELECT marker FROM portal_item WHERE item_kind = ?1 AND item_id = ?2",
                params![item.kind(), item.id()],
                |r| r.get(0),
            )?;
            body["slug"] = json!(marker);
            portal.post("/wp/v2/posts", &body)?
        }
    };
    let (status, link) = record(store, item, &answer)?;
    Ok(Pushed::Done { status, link })
}

fn keep_conflict(store: &Store, item: Item, remote_id: i64, there: &Value) -> Result<()> {
    let raw = |k: &str| there[k]["raw"].as_str().or(there[k]["rendered"].as_str()).unwrap_or_default().to_string();
    store.conn().execute(
        "INSERT INTO portal_conflict (item_kind, item_id, remote_id, title, content_html, excerpt, modified_gmt, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (item_kind, item_id) DO UPDATE SET remote_id = excluded.remote_id, title = excluded.title,
             content_html = excluded.content_html, excerpt = excluded.excerpt,
             modified_gmt = excluded.modified_gmt, found_at = excluded.found_at",
        params![
            item.kind(),
            item.id(),
            remote_id,
            nfc(&raw("title")),
            nfc(&raw("content")),
            nfc(&raw("excerpt")),
            there["modified_gmt"].as_str().unwrap_or_default(),
            posts::stamp(Utc::now())
        ],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// What is sent

/// A post as WordPress takes it: title, content (inline photos pointing at the portal's
/// copies, the signature closing it), the sapo as excerpt, category, tags, featured photo.
fn post_body(store: &mut Store, portal: &Portal, post: &Post) -> Result<Value> {
    let mut content = String::new();
    let mut rest = post.body_html.as_str();
    // Inline library photos: src="photo://localhost/ID/EDGE…" becomes the portal's copy.
    while let Some(at) = rest.find("photo://localhost/") {
        content.push_str(&rest[..at]);
        let after = &rest[at + "photo://localhost/".len()..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        let end = after.find(['"', '\'']).unwrap_or(after.len());
        match digits.parse::<i64>() {
            Ok(photo_id) => {
                let (media_id, url) = ensure_media(store, portal, photo_id)?;
                content.push_str(&url);
                content.push_str(&format!("\" class=\"wp-image-{media_id}"));
            }
            Err(_) => content.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    content.push_str(rest);
    if !post.signature.trim().is_empty() {
        content.push_str(&format!(
            "\n<p style=\"text-align: right;\"><strong>{}</strong></p>",
            escape(post.signature.trim())
        ));
    }
    let mut body = json!({
        "title": post.title,
        "content": content,
        "excerpt": post.sapo,
        "slug": marker_for(store, Item::Post(post.id), &post.slug)?,
    });
    body["categories"] = json!(category_ids(store, portal, &post.category)?);
    let mut tags = Vec::new();
    for tag in &post.tags {
        if let Some(id) = term_id(store, portal, "post_tag", tag)? {
            tags.push(id);
        }
    }
    if !tags.is_empty() {
        body["tags"] = json!(tags);
    }
    if let Some(photo) = post.featured_photo_id {
        body["featured_media"] = json!(ensure_media(store, portal, photo)?.0);
    }
    if let Some(at) = &post.published_at {
        body["date_gmt"] = json!(at.trim_end_matches('Z'));
    }
    Ok(body)
}

/// An album as a post in the album category: its description, then a gallery of its photos in
/// order, each with its caption; the cover is the featured photo.
fn album_body(store: &mut Store, portal: &Portal, id: i64) -> Result<Value> {
    let album = toasoan_photos::album::get(store, id)?;
    let mut content = String::new();
    if !album.description.trim().is_empty() {
        for para in album.description.split("\n\n").filter(|p| !p.trim().is_empty()) {
            content.push_str(&format!("<p>{}</p>\n", escape(para.trim()).replace('\n', "<br>")));
        }
    }
    content.push_str("<!-- wp:gallery {\"linkTo\":\"none\"} -->\n<figure class=\"wp-block-gallery has-nested-images columns-default\">\n");
    for photo in &album.photos {
        let (media_id, url) = ensure_media(store, portal, photo.id)?;
        content.push_str(&format!(
            "<!-- wp:image {{\"id\":{media_id}}} -->\n<figure class=\"wp-block-image\"><img src=\"{url}\" alt=\"{}\" class=\"wp-image-{media_id}\"/>",
            escape(&photo.alt_text)
        ));
        if !photo.caption.is_empty() {
            content
                .push_str(&format!("<figcaption class=\"wp-element-caption\">{}</figcaption>", escape(&photo.caption)));
        }
        content.push_str("</figure>\n<!-- /wp:image -->\n");
    }
    content.push_str("</figure>\n<!-- /wp:gallery -->");
    let category = login::album_category(store)?;
    let category = category.as_str();
    let mut body = json!({
        "title": album.title,
        "content": content,
        "excerpt": album.description.lines().next().unwrap_or_default(),
        "slug": marker_for(store, Item::Album(id), &newsroom::text::slugify(&album.title))?,
    });
    body["categories"] = json!(category_ids(store, portal, category)?);
    let cover = album.cover_photo_id.or(album.photos.first().map(|p| p.id));
    if let Some(cover) = cover {
        body["featured_media"] = json!(ensure_media(store, portal, cover)?.0);
    }
    Ok(body)
}

/// The portal's id for category `name` as a list for WordPress: empty for no category; a name
/// the portal does not have stops the item (a post filed under "Uncategorized" unnoticed is
/// worse than a clear question).
fn category_ids(store: &Store, portal: &Portal, name: &str) -> Result<Vec<i64>> {
    if name.trim().is_empty() {
        return Ok(Vec::new());
    }
    match term_id(store, portal, "category", name)? {
        Some(id) => Ok(vec![id]),
        None => Err(PortalError::NoCategory(nfc(name.trim()))),
    }
}

/// Text for HTML, attribute values included.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The portal's id for the category or tag called `name` (case and Unicode form aside): from
/// the cache, else asked of the portal and cached; a tag the portal lacks is made when the
/// account may. None when there is none and none can be made.
fn term_id(store: &Store, portal: &Portal, taxonomy: &str, name: &str) -> Result<Option<i64>> {
    let name = nfc(name.trim());
    if name.is_empty() {
        return Ok(None);
    }
    let key = name.to_lowercase();
    let cached: Option<i64> = store
        .conn()
        .query_row(
            "SELECT remote_id FROM portal_term WHERE taxonomy = ?1 AND lower(name) = ?2",
            params![taxonomy, key],
            |r| r.get(0),
        )
        .optional()?;
    if cached.is_some() {
        return Ok(cached);
    }
    let route = if taxonomy == "category" { "/wp/v2/categories" } else { "/wp/v2/tags" };
    let found = portal.get(route, &[("search", &name), ("per_page", "100")])?;
    let mut hit = None;
    for term in found.as_array().into_iter().flatten() {
        let term_name = nfc(&newsroom::text::html_to_raw_text(term["name"].as_str().unwrap_or_default()));
        cache_term(store, taxonomy, term, &term_name)?;
        if term_name.to_lowercase() == key {
            hit = term["id"].as_i64();
        }
    }
    if hit.is_none() && taxonomy == "post_tag" {
        match portal.post(route, &json!({ "name": name })) {
            Ok(term) => {
                cache_term(store, taxonomy, &term, &name)?;
                hit = term["id"].as_i64();
            }
            // Authors and contributors may not make tags: the post goes without that one.
            Err(PortalError::Forbidden(_) | PortalError::Rejected { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(hit)
}

fn cache_term(store: &Store, taxonomy: &str, term: &Value, name: &str) -> Result<()> {
    store.conn().execute(
        "INSERT INTO portal_term (taxonomy, remote_id, name, slug) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (taxonomy, remote_id) DO UPDATE SET name = excluded.name, slug = excluded.slug",
        params![taxonomy, term["id"].as_i64(), name, term["slug"].as_str().unwrap_or_default()],
    )?;
    Ok(())
}

/// The portal's copy of library photo `photo_id`, uploaded now if it has none (or an older
/// version): the largest rendition up to [`PORTAL_EDGE`], a smaller one if the portal refuses
/// that as too large, with its caption, alt text and credit.
fn ensure_media(store: &mut Store, portal: &Portal, photo_id: i64) -> Result<(i64, String)> {
    let version: i64 = store
        .conn()
        .query_row("SELECT version FROM photo WHERE id = ?1", [photo_id], |r| r.get(0))
        .optional()?
        .ok_or(toasoan_photos::PhotoError::NotFound(photo_id))?;
    let kept: Option<(i64, String, i64)> = store
        .conn()
        .query_row("SELECT remote_id, source_url, version FROM portal_media WHERE photo_id = ?1", [photo_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    if let Some((id, url, v)) = kept {
        if v == version {
            return Ok((id, url));
        }
    }
    let info = toasoan_photos::get(store, photo_id)?;
    // The slug marks the upload as this photo at this version, for every store: WordPress would
    // otherwise name it after the caption the JPEG carries.
    let name = format!("toasoan-{}-v{version}", &info.sha256[..16]);
    let credit = if info.credit.is_empty() { String::new() } else { format!("Ảnh: {}", info.credit) };
    let fields = [
        ("slug", name.as_str()),
        ("title", name.as_str()),
        ("caption", info.caption.as_str()),
        ("alt_text", info.alt_text.as_str()),
        ("description", credit.as_str()),
    ];
    // Uploaded before (by this PC, its answer lost, or by another): found by its slug.
    let found = portal.get("/wp/v2/media", &[("slug", &name), ("context", "edit")])?;
    let described = match found.as_array().and_then(|a| a.first()) {
        Some(m) => {
            let id = m["id"].as_i64().unwrap_or_default();
            let body: serde_json::Map<String, Value> =
                fields[2..].iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
            portal.post(&format!("/wp/v2/media/{id}"), &Value::Object(body))?
        }
        None => {
            let mut last = None;
            let mut media = None;
            for rendition in info.renditions.iter().filter(|r| r.long_edge <= PORTAL_EDGE) {
                let bytes = std::fs::read(&rendition.path).map_err(|e| PortalError::Photo(e.to_string()))?;
                let upload =
                    Upload { file_name: &format!("{name}.jpg"), mime: "image/jpeg", bytes: &bytes, fields: &fields };
                match portal.upload(&upload) {
                    Ok(m) => {
                        media = Some(m);
                        break;
                    }
                    Err(e @ PortalError::TooLarge { .. }) => last = Some(e),
                    Err(e) => return Err(e),
                }
            }
            match media {
                Some(m) => m,
                None => return Err(last.unwrap_or(toasoan_photos::PhotoError::NotFound(photo_id).into())),
            }
        }
    };
    let id = described["id"].as_i64().unwrap_or_default();
    let url = described["source_url"].as_str().unwrap_or_default().to_string();
    store.conn().execute(
        "INSERT INTO portal_media (photo_id, remote_id, source_url, version) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (photo_id) DO UPDATE SET remote_id = excluded.remote_id, source_url = excluded.source_url,
             version = excluded.version",
        params![photo_id, id, url, version],
    )?;
    Ok((id, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_portal_should_show_for_each_state() {
        use State::*;
        // (state, exists on the portal, live there) → status
        let cases = [
            (Draft, false, false, None),
            (Draft, true, false, Some("draft")),
            (Submitted, false, false, Some("pending")),
            (Submitted, true, true, None),
            (ChangesRequested, true, false, Some("draft")),
            (ChangesRequested, true, true, None),
            (Approved, false, false, Some("publish")),
            (Scheduled, true, false, Some("future")),
            (Published, true, true, Some("publish")),
            (Withdrawn, true, true, Some("draft")),
            (Withdrawn, false, false, None),
        ];
        for (state, exists, live, want) in cases {
            assert_eq!(desired(state, exists, live), want, "{state:?} {exists} {live}");
        }
    }

    #[test]
    fn markers_name_the_pc_and_the_item() {
        assert_eq!(parse_marker("hoi-nghi-tong-ket-1a2b3c4dp42"), Some(("1a2b3c4d".into(), Item::Post(42))));
        assert_eq!(parse_marker("le-khai-giang-0000ffffa7"), Some(("0000ffff".into(), Item::Album(7))));
        for not in ["hoi-nghi", "hoi-nghi-2", "x-1a2b3c4dq42", "x-zzzzzzzzp1", "x-1a2b3c4dp"] {
            assert_eq!(parse_marker(not), None, "{not}");
        }
    }
}
