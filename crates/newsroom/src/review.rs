//! The review workflow (issue 5): only approved work goes out, and every step is on record.
//!
//! Posts and albums move through the states of [`State`] by the actions of [`Action`]; who may
//! take which step is the one table [`RULES`], used by [`transition`] and walked whole by the
//! tests. Each step is a compare-and-set in one IMMEDIATE transaction, so two windows acting at
//! once get one success and one `invalid_transition`, and it appends an entry to the item's
//! log, chained by hashes so that an edit behind the app's back is found by [`verify_log`].
//!
//! Approval pins the SHA-256 of the item's content ([`content_json`]); once the content no
//! longer matches, the item is back in the queue, marked "edited after approval".

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::posts::{self, stamp, Post};
use crate::revisions::{self, DiffPart};
use crate::store::Store;
use crate::text::{html_to_paragraphs, nfc, vietnam};
use crate::users::{self, Actor, Role};

/// A post or an album: what goes through review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "id", rename_all = "lowercase")]
#[ts(rename = "ReviewItem")]
pub enum Item {
    Post(i64),
    Album(i64),
}

impl Item {
    pub fn kind(self) -> &'static str {
        match self {
            Item::Post(_) => "post",
            Item::Album(_) => "album",
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Item::Post(id) | Item::Album(id) => id,
        }
    }

    fn from_parts(kind: &str, id: i64) -> Item {
        if kind == "album" {
            Item::Album(id)
        } else {
            Item::Post(id)
        }
    }

    fn table(self) -> &'static str {
        self.kind()
    }

    fn not_found(self) -> Error {
        match self {
            Item::Post(id) => Error::PostNotFound(id),
            Item::Album(id) => Error::AlbumNotFound(id),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ReviewState")]
pub enum State {
    /// Bản nháp: being written.
    Draft,
    /// Đã gửi duyệt: waiting in the supervisors' queue.
    Submitted,
    /// Cần sửa: sent back to the author with notes.
    ChangesRequested,
    /// Đã duyệt: the approved content is pinned by its hash.
    Approved,
    /// Đã hẹn giờ đăng: approved, to go out at `scheduled_at`.
    Scheduled,
    /// Đã đăng.
    Published,
    /// Đã gỡ: taken down after it was scheduled or published.
    Withdrawn,
}

impl State {
    pub const ALL: [State; 7] = [
        State::Draft,
        State::Submitted,
        State::ChangesRequested,
        State::Approved,
        State::Scheduled,
        State::Published,
        State::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::ChangesRequested => "changes_requested",
            State::Approved => "approved",
            State::Scheduled => "scheduled",
            State::Published => "published",
            State::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// States whose content a supervisor approved: an edit there goes back to the queue.
    pub fn is_approved(self) -> bool {
        matches!(self, State::Approved | State::Scheduled | State::Published)
    }
}

impl ToSql for State {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.code()))
    }
}

impl FromSql for State {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        State::parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown review state {text}").into()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ReviewAction")]
pub enum Action {
    /// The author sends the item to the supervisors.
    Submit,
    /// A supervisor sends it back with a note (required).
    RequestChanges,
    /// A supervisor approves the content as it is now; its hash is pinned.
    Approve,
    /// A supervisor sets when the approved item goes out (Asia/Ho_Chi_Minh, in the future).
    Schedule,
    /// A supervisor marks it published (the portal sync of issue 6 will too).
    Publish,
    /// A supervisor takes a scheduled or published item down.
    Withdraw,
    /// The author (or a supervisor) takes a withdrawn item back to draft, to rework it.
    Reopen,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::Submit,
        Action::RequestChanges,
        Action::Approve,
        Action::Schedule,
        Action::Publish,
        Action::Withdraw,
        Action::Reopen,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::RequestChanges => "request_changes",
            Action::Approve => "approve",
            Action::Schedule => "schedule",
            Action::Publish => "publish",
            Action::Withdraw => "withdraw",
            Action::Reopen => "reopen",
        }
    }
}

/// Who may take a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The item's author, holding the editor or photographer role. An item made before profiles
    /// existed has no author: any editor or photographer may take it, and becomes its author.
    Author,
    /// A supervisor, whoever wrote the item (a supervisor who also writes may approve their own).
    Supervisor,
    /// Either of the two.
    AuthorOrSupervisor,
}

/// One allowed step: from a state, by an action, to a state, by whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub from: State,
    pub action: Action,
    pub to: State,
    pub who: Who,
}

const fn rule(from: State, action: Action, to: State, who: Who) -> Rule {
    Rule { from, action, to, who }
}

/// Every allowed step; anything else is refused. The same for posts and albums.
pub const RULES: &[Rule] = &[
    rule(State::Draft, Action::Submit, State::Submitted, Who::Author),
    rule(State::ChangesRequested, Action::Submit, State::Submitted, Who::Author),
    rule(State::Submitted, Action::RequestChanges, State::ChangesRequested, Who::Supervisor),
    // A supervisor may change their mind before the item goes out.
    rule(State::Approved, Action::RequestChanges, State::ChangesRequested, Who::Supervisor),
    rule(State::Scheduled, Action::RequestChanges, State::ChangesRequested, Who::Supervisor),
    rule(State::Submitted, Action::Approve, State::Approved, Who::Supervisor),
    rule(State::Approved, Action::Schedule, State::Scheduled, Who::Supervisor),
    // A new time for a scheduled item.
    rule(State::Scheduled, Action::Schedule, State::Scheduled, Who::Supervisor),
    rule(State::Approved, Action::Publish, State::Published, Who::Supervisor),
    rule(State::Scheduled, Action::Publish, State::Published, Who::Supervisor),
    rule(State::Scheduled, Action::Withdraw, State::Withdrawn, Who::Supervisor),
    rule(State::Published, Action::Withdraw, State::Withdrawn, Who::Supervisor),
    rule(State::Withdrawn, Action::Reopen, State::Draft, Who::AuthorOrSupervisor),
];

/// What a refused step lacked (errors cross IPC as code and message, so this stays in Rust).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// The supervisor role.
    Supervisor,
    /// The editor or photographer role.
    Maker,
    /// To be the item's author (named).
    Author(String),
}

/// Why [`decide`] refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The actor's roles never allow this action, in any state (`forbidden`).
    Role,
    /// The roles would, but the item is someone else's work (`forbidden`).
    NotAuthor,
    /// Nobody may take this action from this state (`invalid_transition`).
    State,
}

fn is_maker(roles: &[Role]) -> bool {
    roles.contains(&Role::Editor) || roles.contains(&Role::Photographer)
}

fn admits(who: Who, roles: &[Role], own: bool) -> bool {
    let supervisor = roles.contains(&Role::Supervisor);
    match who {
        Who::Author => is_maker(roles) && own,
        Who::Supervisor => supervisor,
        Who::AuthorOrSupervisor => supervisor || (is_maker(roles) && own),
    }
}

/// The table's answer: the state `action` leads to from `from`, taken by someone holding
/// `roles`, who wrote the item (`own`, also true for an item with no author yet), or why not.
/// The role comes first: an editor asking to approve hears "only a supervisor", in any state.
pub fn decide(from: State, action: Action, roles: &[Role], own: bool) -> Result<State, Refusal> {
    if !RULES.iter().any(|r| r.action == action && admits(r.who, roles, true)) {
        return Err(Refusal::Role);
    }
    let rule = RULES.iter().find(|r| r.from == from && r.action == action).ok_or(Refusal::State)?;
    if !admits(rule.who, roles, own) {
        return Err(Refusal::NotAuthor);
    }
    Ok(rule.to)
}

/// An item's place in the workflow, as the window and `--json` show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ItemState {
    pub item: Item,
    pub title: String,
    pub state: State,
    pub author_id: Option<i64>,
    /// The author's display name.
    pub author: Option<String>,
    /// SHA-256 of the content as it is now.
    pub content_hash: String,
    /// SHA-256 of the content the last approval pinned.
    pub approved_hash: Option<String>,
    /// UTC, when a scheduled item goes out.
    pub scheduled_at: Option<String>,
    /// UTC, when it last entered "submitted".
    pub submitted_at: Option<String>,
    /// Back in the queue because it was edited after approval.
    pub edited_after_approval: bool,
    /// A post in the bin: no step is taken until it is restored.
    pub in_bin: bool,
    /// The portal's copy: its address and its WordPress status ("pending", "publish"…), once
    /// the sync has sent it or read it.
    pub portal_link: Option<String>,
    pub portal_status: Option<String>,
}

/// A step of an item's log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LogEntry {
    pub item: Item,
    /// 1, 2, 3… within the item.
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// None for the system (an edit whose author the core did not know).
    pub user_id: Option<i64>,
    pub user: Option<String>,
    /// An [`Action`] code, or "edited_after_approval".
    pub action: String,
    pub from_state: Option<State>,
    pub to_state: State,
    /// SHA-256 of the content the step was taken on.
    pub content_hash: String,
    /// The post's latest revision at the time (posts only).
    pub revision_id: Option<i64>,
    pub note: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// A note between supervisor and author: general, or on a quoted passage; possibly a reply.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Note {
    pub id: i64,
    pub item: Item,
    pub author_id: i64,
    pub author: String,
    pub body: String,
    /// The text the note is attached to; None for a general note.
    pub passage: Option<String>,
    /// The note this one answers.
    pub reply_to: Option<i64>,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<i64>,
    pub created_at: String,
}

/// A row of the supervisor's queue, or of the list of what is approved and going out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QueueEntry {
    pub item: Item,
    pub title: String,
    pub state: State,
    /// When a scheduled item goes out (UTC).
    pub scheduled_at: Option<String>,
    pub author_id: Option<i64>,
    pub author: Option<String>,
    pub submitted_at: Option<String>,
    pub edited_after_approval: bool,
    /// Notes not yet resolved.
    pub open_notes: u32,
}

/// The navigation's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, TS)]
#[ts(rename = "ReviewCounts")]
pub struct Counts {
    /// Submitted items, for a supervisor; 0 for anyone else.
    pub waiting_for_me: u32,
    /// The actor's own items sent back with "changes requested": posts and albums together,
    /// then each (the navigation shows them on "Bài viết" and on "Album ảnh").
    pub returned_to_me: u32,
    pub returned_posts: u32,
    pub returned_albums: u32,
}

/// What the review view compares the current text with.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ReviewDiff {
    /// "approved" or "submitted"; None when the post was never submitted (all of it is new).
    pub against: Option<String>,
    /// When that approval or submission was.
    pub at: Option<String>,
    /// Its log entry.
    pub seq: Option<i64>,
    pub parts: Vec<DiffPart>,
}

/// Where the log chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LogBroken {
    pub item: Item,
    /// The first entry that does not check. For a `state` problem, the last entry (0 when the
    /// item has none): its state was changed behind the app's back, or entries were removed.
    pub seq: i64,
    pub problem: LogProblem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LogProblem {
    /// The entry's fields do not give its hash: it was changed.
    Hash,
    /// The entry does not follow the one before it (prev_hash or seq): one was changed, removed or
    /// inserted.
    Chain,
    /// The stored content snapshot is not the content its hash names.
    Snapshot,
    /// The item is not in the state its last entry left it in.
    State,
}

// ---------------------------------------------------------------------------------------------
// Content and hashes

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Serialize)]
struct PostContent<'a> {
    title: &'a str,
    sapo: &'a str,
    body_html: &'a str,
    category: &'a str,
    tags: &'a [String],
    signature: &'a str,
    featured_photo_id: Option<i64>,
}

#[derive(Serialize)]
struct AlbumPhoto {
    id: i64,
    caption: String,
}

#[derive(Serialize)]
struct AlbumContent {
    title: String,
    description: String,
    credit: String,
    event_date: Option<String>,
    photos: Vec<AlbumPhoto>,
}

/// A post's content as approval pins it: JSON with the fields in this order — title, sapo,
/// body_html, category, tags, signature, featured_photo_id. The slug and the publication time
/// are not content: changing them keeps an approval.
pub(crate) fn post_content_json(post: &Post) -> String {
    serde_json::to_string(&PostContent {
        title: &post.title,
        sapo: &post.sapo,
        body_html: &post.body_html,
        category: &post.category,
        tags: &post.tags,
        signature: &post.signature,
        featured_photo_id: post.featured_photo_id,
    })
    .expect("strings serialise")
}

/// The content of `item` as JSON, whose SHA-256 is its content hash. An album's is title,
/// description, credit, event_date, then its photos in order, each as {id, caption}.
pub fn content_json(conn: &Connection, item: Item) -> Result<String> {
    match item {
        Item::Post(id) => Ok(post_content_json(&posts::fetch(conn, id)?)),
        Item::Album(id) => {
            let head = conn
                .query_row("SELECT title, description, credit, event_date FROM album WHERE id = ?1", [id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })
                .optional()?
                .ok_or(Error::AlbumNotFound(id))?;
            let mut stmt = conn.prepare(
                "SELECT p.id, p.caption FROM album_photo ap JOIN photo p ON p.id = ap.photo_id
                 WHERE ap.album_id = ?1 ORDER BY ap.position, p.id",
            )?;
            let photos = stmt
                .query_map([id], |r| Ok(AlbumPhoto { id: r.get(0)?, caption: r.get(1)? }))?
                .collect::<rusqlite::Result<_>>()?;
            let (title, description, credit, event_date) = head;
            Ok(serde_json::to_string(&AlbumContent { title, description, credit, event_date, photos })
                .expect("strings serialise"))
        }
    }
}

pub fn content_hash(conn: &Connection, item: Item) -> Result<String> {
    Ok(sha256_hex(content_json(conn, item)?.as_bytes()))
}

const ZERO_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields a log entry's hash covers, in the order they are hashed.
struct Fields<'a> {
    prev_hash: &'a str,
    item: Item,
    seq: i64,
    at: &'a str,
    user_id: Option<i64>,
    action: &'a str,
    from_state: Option<State>,
    to_state: State,
    content_hash: &'a str,
    revision_id: Option<i64>,
    note: Option<&'a str>,
}

/// A log entry's hash: SHA-256, lowercase hex, of the bytes
/// `"toasoan-review-log-v1\n"` followed by each field in this order — prev_hash, item_kind,
/// item_id, seq, at, user_id, action, from_state, to_state, content_hash, revision_id, note —
/// each written as `"-\n"` when NULL, else as its UTF-8 length in bytes (decimal), `":"`, the
/// text, `"\n"`. Numbers are in decimal. The lengths keep "ab"+"c" apart from "a"+"bc".
fn entry_hash(f: &Fields) -> String {
    let mut buf = String::from("toasoan-review-log-v1\n");
    let mut put = |v: Option<&str>| match v {
        None => buf.push_str("-\n"),
        Some(s) => {
            buf.push_str(&s.len().to_string());
            buf.push(':');
            buf.push_str(s);
            buf.push('\n');
        }
    };
    put(Some(f.prev_hash));
    put(Some(f.item.kind()));
    put(Some(&f.item.id().to_string()));
    put(Some(&f.seq.to_string()));
    put(Some(f.at));
    put(f.user_id.map(|u| u.to_string()).as_deref());
    put(Some(f.action));
    put(f.from_state.map(State::code));
    put(Some(f.to_state.code()));
    put(Some(f.content_hash));
    put(f.revision_id.map(|r| r.to_string()).as_deref());
    put(f.note);
    sha256_hex(buf.as_bytes())
}

/// Appends an entry to `item`'s log, chained to its last one.
#[allow(clippy::too_many_arguments)]
fn append(
    conn: &Connection,
    item: Item,
    user_id: Option<i64>,
    action: &str,
    from_state: Option<State>,
    to_state: State,
    note: Option<&str>,
    with_snapshot: bool,
    at: &str,
) -> Result<()> {
    let json = content_json(conn, item)?;
    let content_hash = sha256_hex(json.as_bytes());
    let revision_id: Option<i64> = match item {
        Item::Post(id) => conn
            .query_row("SELECT max(id) FROM post_revision WHERE post_id = ?1", [id], |r| r.get(0))
            .optional()?
            .flatten(),
        Item::Album(_) => None,
    };
    let (last_seq, prev_hash): (i64, String) = conn
        .query_row(
            "SELECT seq, hash FROM review_log WHERE item_kind = ?1 AND item_id = ?2 ORDER BY seq DESC LIMIT 1",
            params![item.kind(), item.id()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, ZERO_HASH.to_string()));
    let fields = Fields {
        prev_hash: &prev_hash,
        item,
        seq: last_seq + 1,
        at,
        user_id,
        action,
        from_state,
        to_state,
        content_hash: &content_hash,
        revision_id,
        note,
    };
    let hash = entry_hash(&fields);
    conn.execute(
        "INSERT INTO review_log (item_kind, item_id, seq, at, user_id, action, from_state, to_state, content_hash,
                                 revision_id, note, snapshot, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            item.kind(),
            item.id(),
            fields.seq,
            at,
            user_id,
            action,
            from_state,
            to_state,
            content_hash,
            revision_id,
            note,
            with_snapshot.then_some(&json),
            prev_hash,
            hash
        ],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Reading an item's state

struct Current {
    title: String,
    state: State,
    author_id: Option<i64>,
    approved_hash: Option<String>,
    scheduled_at: Option<String>,
    submitted_at: Option<String>,
    edited_after_approval: bool,
    in_bin: bool,
}

fn read(conn: &Connection, item: Item) -> Result<Current> {
    let deleted = match item {
        Item::Post(_) => "deleted_at IS NOT NULL",
        Item::Album(_) => "0",
    };
    conn.query_row(
        &format!(
            "SELECT title, state, author_id, approved_hash, scheduled_at, submitted_at, edited_after_approval, {deleted}
             FROM {} WHERE id = ?1",
            item.table()
        ),
        [item.id()],
        |r| {
            Ok(Current {
                title: r.get(0)?,
                state: r.get(1)?,
                author_id: r.get(2)?,
                approved_hash: r.get(3)?,
                scheduled_at: r.get(4)?,
                submitted_at: r.get(5)?,
                edited_after_approval: r.get(6)?,
                in_bin: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| item.not_found())
}

fn item_state(conn: &Connection, item: Item) -> Result<ItemState> {
    let c = read(conn, item)?;
    let author = c.author_id.map(|id| users::display_name(conn, id)).transpose()?.flatten();
    let (portal_link, portal_status): (Option<String>, Option<String>) = conn
        .query_row(
            "SELECT link, remote_status FROM portal_item WHERE item_kind = ?1 AND item_id = ?2",
            params![item.kind(), item.id()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((None, None));
    Ok(ItemState {
        item,
        title: c.title,
        state: c.state,
        author_id: c.author_id,
        author,
        content_hash: content_hash(conn, item)?,
        approved_hash: c.approved_hash,
        scheduled_at: c.scheduled_at,
        submitted_at: c.submitted_at,
        edited_after_approval: c.edited_after_approval,
        in_bin: c.in_bin,
        portal_link,
        portal_status,
    })
}

/// Where `item` stands in the workflow.
pub fn state(store: &Store, item: Item) -> Result<ItemState> {
    item_state(store.conn(), item)
}

// ---------------------------------------------------------------------------------------------
// Steps

/// Takes `action` on `item` as `actor`. `note` goes into the log (and, for a request for
/// changes, where it is required, becomes a note beside the text); `at` is the publication
/// time of a schedule (see [`parse_time`]), which must be in the future.
///
/// Refused, changing nothing: `forbidden` (the actor's roles, or someone else's work),
/// `invalid_transition` (not from the item's state — also the loser of two windows acting at
/// once), `in_bin`, `not_found`, `note_required`, `time_required`, `time_in_past`.
pub fn transition(
    store: &mut Store,
    actor: &Actor,
    item: Item,
    action: Action,
    note: Option<&str>,
    at: Option<&str>,
) -> Result<ItemState> {
    transition_at(store, actor, item, action, note, at, Utc::now())
}

/// [`transition`] from a review view: `seen_hash` is the content hash of the text the supervisor
/// was shown. An approval is refused with `changed_since_seen` when the item changed since, so
/// nobody approves words they have not read.
pub fn transition_seen(
    store: &mut Store,
    actor: &Actor,
    item: Item,
    action: Action,
    note: Option<&str>,
    at: Option<&str>,
    seen_hash: Option<&str>,
) -> Result<ItemState> {
    step(store, actor, item, action, note, at, Utc::now(), seen_hash)
}

/// `transition` at a given time.
#[doc(hidden)]
pub fn transition_at(
    store: &mut Store,
    actor: &Actor,
    item: Item,
    action: Action,
    note: Option<&str>,
    at: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ItemState> {
    step(store, actor, item, action, note, at, now, None)
}

#[allow(clippy::too_many_arguments)]
fn step(
    store: &mut Store,
    actor: &Actor,
    item: Item,
    action: Action,
    note: Option<&str>,
    at: Option<&str>,
    now: DateTime<Utc>,
    seen_hash: Option<&str>,
) -> Result<ItemState> {
    let note = note.map(|n| nfc(n.trim())).filter(|n| !n.is_empty());
    // An album edited after approval (the photos crate knows nothing of review) goes back to the
    // queue first, in its own transaction, so that a refused step below does not undo it.
    store.with_tx(|tx| catch_up(tx, item, now))?;
    store.with_tx(|tx| {
        let cur = read(tx, item)?;
        if cur.in_bin {
            return Err(Error::InBin(item));
        }
        // Roles as they are now: one taken away in another window counts at once.
        let actor = &users::reload(tx, actor)?;
        // An item whose author's profile was removed may be taken over, as one with no author.
        let own = match cur.author_id {
            None => true,
            Some(a) => a == actor.id || users::is_removed(tx, a)?,
        };
        let to = decide(cur.state, action, &actor.roles, own).map_err(|refusal| match refusal {
            Refusal::Role => Error::Forbidden {
                item,
                action,
                need: if action == Action::Submit { Need::Maker } else { Need::Supervisor },
                who: actor.display_name.clone(),
            },
            Refusal::NotAuthor => {
                let author = cur.author_id.and_then(|id| users::display_name(tx, id).ok().flatten());
                Error::Forbidden {
                    item,
                    action,
                    need: Need::Author(author.unwrap_or_default()),
                    who: actor.display_name.clone(),
                }
            }
            Refusal::State => Error::InvalidTransition { item, state: cur.state, action },
        })?;

        let when = stamp(now);
        let mut scheduled_at = None;
        match action {
            Action::RequestChanges if note.is_none() => return Err(Error::NoteRequired),
            Action::Schedule => {
                let text = at.map(str::trim).filter(|t| !t.is_empty()).ok_or(Error::TimeRequired)?;
                let t = parse_time(text)?;
                if t <= now {
                    return Err(Error::TimeInPast(crate::text::portal_time(&stamp(t))));
                }
                scheduled_at = Some(stamp(t));
            }
            Action::Submit => {
                if let Item::Post(id) = item {
                    if posts::fetch(tx, id)?.title.is_empty() {
                        return Err(Error::TitleRequired);
                    }
                }
            }
            _ => {}
        }

        let set = match action {
            // The submitter becomes the author of an item that had none, or whose author left.
            Action::Submit => {
                "submitted_at = ?3, author_id = CASE WHEN author_id IS NULL
                     OR author_id IN (SELECT id FROM user WHERE removed_at IS NOT NULL) THEN ?4 ELSE author_id END"
            }
            Action::RequestChanges | Action::Withdraw => "scheduled_at = NULL",
            Action::Approve => "approved_hash = ?5, edited_after_approval = 0",
            Action::Schedule => "scheduled_at = ?6",
            Action::Publish if matches!(item, Item::Post(_)) => {
                "published_at = COALESCE(scheduled_at, ?3), scheduled_at = NULL"
            }
            Action::Publish => "scheduled_at = NULL",
            Action::Reopen => "approved_hash = NULL, edited_after_approval = 0, submitted_at = NULL",
        };
        let hash = content_hash(tx, item)?;
        if action == Action::Approve && seen_hash.is_some_and(|seen| seen != hash) {
            return Err(Error::ChangedSinceSeen(item));
        }
        // Compare-and-set: the step applies only to the state it was decided on.
        let changed = tx.execute(
            &format!("UPDATE {} SET state = ?2, {set} WHERE id = ?1 AND state = ?7", item.table()),
            params![item.id(), to, when, actor.id, hash, scheduled_at, cur.state],
        )?;
        if changed != 1 {
            let state = read(tx, item)?.state;
            return Err(Error::InvalidTransition { item, state, action });
        }
        let snapshot = matches!(action, Action::Submit | Action::Approve);
        append(tx, item, Some(actor.id), action.code(), Some(cur.state), to, note.as_deref(), snapshot, &when)?;
        // The portal hears of every step, sent with the login of whoever took it.
        crate::outbox::enqueue(tx, item, action.code(), Some(actor.id), &when)?;
        if action == Action::RequestChanges {
            insert_note(tx, actor, item, note.as_deref().unwrap_or_default(), None, None, &when)?;
        }
        item_state(tx, item)
    })
}

/// When an approved, scheduled or published item's content no longer matches its approval,
/// sends it back to the queue: "submitted", marked edited after approval, with a log entry by
/// `user_id` (None when the core does not know who edited). Posts call this on every save that
/// changes content; albums (edited by the photos crate) are caught up before each step.
pub(crate) fn catch_up_by(conn: &Connection, item: Item, user_id: Option<i64>, now: DateTime<Utc>) -> Result<()> {
    let cur = read(conn, item)?;
    if !cur.state.is_approved() || cur.approved_hash.as_deref() == Some(content_hash(conn, item)?.as_str()) {
        return Ok(());
    }
    let when = stamp(now);
    conn.execute(
        &format!(
            "UPDATE {} SET state = 'submitted', edited_after_approval = 1, submitted_at = ?2, scheduled_at = NULL
             WHERE id = ?1 AND state = ?3",
            item.table()
        ),
        params![item.id(), when, cur.state],
    )?;
    append(conn, item, user_id, "edited_after_approval", Some(cur.state), State::Submitted, None, true, &when)
}

fn catch_up(conn: &Connection, item: Item, now: DateTime<Utc>) -> Result<()> {
    match catch_up_by(conn, item, None, now) {
        // The step itself reports a missing item.
        Err(Error::PostNotFound(_) | Error::AlbumNotFound(_)) => Ok(()),
        other => other,
    }
}

/// Catches up every approved, scheduled or published item whose content changed since its
/// approval (albums are edited by the photos crate, which knows nothing of review): each goes
/// back to the queue as in [`transition`]. Returns how many did. Call before showing the queue
/// or publishing.
pub fn refresh(store: &mut Store) -> Result<usize> {
    let now = Utc::now();
    store.with_tx(|tx| {
        let mut stmt = tx.prepare(
            "SELECT 'post', id FROM post WHERE state IN ('approved', 'scheduled', 'published')
             UNION ALL SELECT 'album', id FROM album WHERE state IN ('approved', 'scheduled', 'published')",
        )?;
        let items: Vec<Item> = stmt
            .query_map([], |r| Ok(Item::from_parts(&r.get::<_, String>(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut sent_back = 0;
        for item in items {
            let before = read(tx, item)?.state;
            catch_up_by(tx, item, None, now)?;
            if read(tx, item)?.state != before {
                sent_back += 1;
            }
        }
        Ok(sent_back)
    })
}

/// Makes `actor` the author of an item that has none (posts made before profiles, albums made
/// by the photos crate). An item that has an author keeps it.
pub fn claim(store: &mut Store, actor: &Actor, item: Item) -> Result<ItemState> {
    store.with_tx(|tx| {
        read(tx, item)?;
        tx.execute(
            &format!(
                "UPDATE {} SET author_id = ?2 WHERE id = ?1
                 AND (author_id IS NULL OR author_id IN (SELECT id FROM user WHERE removed_at IS NOT NULL))",
                item.table()
            ),
            params![item.id(), actor.id],
        )?;
        item_state(tx, item)
    })
}

/// A publication time: RFC 3339 with its offset, or in Vietnam's time (Asia/Ho_Chi_Minh)
/// "YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM" or "dd/mm/yyyy HH:MM".
pub fn parse_time(text: &str) -> Result<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            if let Some(t) = vietnam().from_local_datetime(&local).single() {
                return Ok(t.with_timezone(&Utc));
            }
        }
    }
    Err(Error::BadTime(text.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Notes

const NOTE_SELECT: &str = "SELECT n.id, n.item_kind, n.item_id, n.author_id, u.display_name, n.body, n.passage,
                                  n.reply_to, n.resolved_at, n.resolved_by, n.created_at
                           FROM review_note n JOIN user u ON u.id = n.author_id";

fn note_row(r: &Row) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        item: Item::from_parts(&r.get::<_, String>(1)?, r.get(2)?),
        author_id: r.get(3)?,
        author: r.get(4)?,
        body: r.get(5)?,
        passage: r.get(6)?,
        reply_to: r.get(7)?,
        resolved_at: r.get(8)?,
        resolved_by: r.get(9)?,
        created_at: r.get(10)?,
    })
}

fn fetch_note(conn: &Connection, id: i64) -> Result<Note> {
    conn.query_row(&format!("{NOTE_SELECT} WHERE n.id = ?1"), [id], note_row).optional()?.ok_or(Error::NoteNotFound(id))
}

/// Words separated by single spaces: a passage matches across line breaks and repeated spaces.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a note's passage is looked for in: a post's title, sapo and body; an album's
/// title, description and captions.
fn searchable_text(conn: &Connection, item: Item) -> Result<String> {
    Ok(match item {
        Item::Post(id) => {
            let p = posts::fetch(conn, id)?;
            format!("{}\n{}\n{}", p.title, p.sapo, html_to_paragraphs(&p.body_html))
        }
        Item::Album(_) => {
            let json: serde_json::Value = serde_json::from_str(&content_json(conn, item)?).expect("our own JSON");
            let mut parts = vec![json["title"].as_str().unwrap_or("").to_string()];
            parts.push(json["description"].as_str().unwrap_or("").to_string());
            for photo in json["photos"].as_array().into_iter().flatten() {
                parts.push(photo["caption"].as_str().unwrap_or("").to_string());
            }
            parts.join("\n")
        }
    })
}

fn insert_note(
    conn: &Connection,
    actor: &Actor,
    item: Item,
    body: &str,
    passage: Option<&str>,
    reply_to: Option<i64>,
    now: &str,
) -> Result<Note> {
    conn.execute(
        "INSERT INTO review_note (item_kind, item_id, author_id, body, passage, reply_to, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![item.kind(), item.id(), actor.id, body, passage, reply_to, now],
    )?;
    fetch_note(conn, conn.last_insert_rowid())
}

/// Adds a note to `item`: general, or on `passage` (which must be in the item's text now), or
/// a reply to note `reply_to` of the same item. Anyone with a profile may write one.
pub fn add_note(
    store: &mut Store,
    actor: &Actor,
    item: Item,
    body: &str,
    passage: Option<&str>,
    reply_to: Option<i64>,
) -> Result<Note> {
    let body = nfc(body.trim());
    if body.is_empty() {
        return Err(Error::NoteRequired);
    }
    let passage = passage.map(|p| squeeze(&nfc(p))).filter(|p| !p.is_empty());
    store.with_tx(|tx| {
        if read(tx, item)?.in_bin {
            return Err(Error::InBin(item));
        }
        if let Some(p) = &passage {
            if !squeeze(&searchable_text(tx, item)?).contains(p.as_str()) {
                return Err(Error::PassageNotFound(p.clone()));
            }
        }
        if let Some(parent) = reply_to {
            if fetch_note(tx, parent)?.item != item {
                return Err(Error::NoteNotFound(parent));
            }
            // A reply carries the discussion on: a resolved thread is open again.
            tx.execute(
                &format!("UPDATE review_note SET resolved_at = NULL, resolved_by = NULL WHERE id IN ({THREAD_OF})"),
                [parent],
            )?;
        }
        insert_note(tx, actor, item, &body, passage.as_deref(), reply_to, &stamp(Utc::now()))
    })
}

/// The ids of the whole thread note `?1` belongs to: its top note and every reply under it.
const THREAD_OF: &str = "WITH RECURSIVE up(id, reply_to) AS (
                             SELECT id, reply_to FROM review_note WHERE id = ?1
                             UNION SELECT n.id, n.reply_to FROM review_note n JOIN up ON n.id = up.reply_to),
                         down(id) AS (
                             SELECT id FROM up WHERE reply_to IS NULL
                             UNION SELECT n.id FROM review_note n JOIN down ON n.reply_to = down.id)
                         SELECT id FROM down";

/// Marks the thread of `note_id` resolved: its top note and all the replies under it, since a
/// discussion is settled as a whole. The top note's writer, the item's author or a supervisor
/// may; resolving twice keeps the first time. Returns the top note.
pub fn resolve_note(store: &mut Store, actor: &Actor, note_id: i64) -> Result<Note> {
    store.with_tx(|tx| {
        let top: i64 = tx
            .query_row(&format!("SELECT min(id) FROM ({THREAD_OF})"), [note_id], |r| r.get::<_, Option<i64>>(0))?
            .ok_or(Error::NoteNotFound(note_id))?;
        let note = fetch_note(tx, top)?;
        let item_author = read(tx, note.item)?.author_id;
        if !(actor.has(Role::Supervisor) || note.author_id == actor.id || item_author == Some(actor.id)) {
            return Err(Error::NoteForbidden(note_id));
        }
        tx.execute(
            &format!(
                "UPDATE review_note SET resolved_at = ?2, resolved_by = ?3
                 WHERE id IN ({THREAD_OF}) AND resolved_at IS NULL"
            ),
            params![note_id, stamp(Utc::now()), actor.id],
        )?;
        fetch_note(tx, top)
    })
}

/// The item's notes, oldest first (replies follow the notes they answer by `reply_to`).
pub fn notes(store: &Store, item: Item) -> Result<Vec<Note>> {
    let mut stmt =
        store.conn().prepare(&format!("{NOTE_SELECT} WHERE n.item_kind = ?1 AND n.item_id = ?2 ORDER BY n.id"))?;
    let rows = stmt.query_map(params![item.kind(), item.id()], note_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Queue, counts, diff

/// What waits for `actor`'s review: submitted posts (not in the bin) and albums, the oldest
/// submission first. Empty for anyone who is not a supervisor.
pub fn queue(store: &Store, actor: &Actor) -> Result<Vec<QueueEntry>> {
    entries(store, actor, &[State::Submitted], "q.submitted_at, q.kind, q.id")
}

/// For a supervisor, what is approved and not yet out, or out and may be withdrawn: approved,
/// then scheduled (soonest first), then published (newest first).
pub fn going_out(store: &Store, actor: &Actor) -> Result<Vec<QueueEntry>> {
    entries(
        store,
        actor,
        &[State::Approved, State::Scheduled, State::Published],
        "CASE q.state WHEN 'approved' THEN 0 WHEN 'scheduled' THEN 1 ELSE 2 END,
         CASE WHEN q.state = 'published' THEN NULL ELSE q.scheduled_at END, q.submitted_at DESC, q.kind, q.id",
    )
}

/// Items in `states`, for a supervisor (nobody else reviews), in `order`.
fn entries(store: &Store, actor: &Actor, states: &[State], order: &str) -> Result<Vec<QueueEntry>> {
    if !actor.has(Role::Supervisor) {
        return Ok(Vec::new());
    }
    let list = states.iter().map(|s| format!("'{}'", s.code())).collect::<Vec<_>>().join(", ");
    let mut stmt = store.conn().prepare(&format!(
        "SELECT q.kind, q.id, q.title, q.state, q.scheduled_at, q.author_id, u.display_name, q.submitted_at,
                q.edited_after_approval,
                (SELECT count(*) FROM review_note n
                 WHERE n.item_kind = q.kind AND n.item_id = q.id AND n.resolved_at IS NULL)
         FROM (SELECT 'post' AS kind, id, title, state, scheduled_at, author_id, submitted_at, edited_after_approval
               FROM post WHERE state IN ({list}) AND deleted_at IS NULL
               UNION ALL
               SELECT 'album', id, title, state, scheduled_at, author_id, submitted_at, edited_after_approval
               FROM album WHERE state IN ({list})) q
         LEFT JOIN user u ON u.id = q.author_id
         ORDER BY {order}"
    ))?;
    let rows = stmt.query_map([], |r| {
        let state: String = r.get(3)?;
        Ok(QueueEntry {
            item: Item::from_parts(&r.get::<_, String>(0)?, r.get(1)?),
            title: r.get(2)?,
            state: State::parse(&state).unwrap_or(State::Draft),
            scheduled_at: r.get(4)?,
            author_id: r.get(5)?,
            author: r.get(6)?,
            submitted_at: r.get(7)?,
            edited_after_approval: r.get(8)?,
            open_notes: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The navigation's counts for `actor`.
pub fn counts(store: &Store, actor: &Actor) -> Result<Counts> {
    let waiting_for_me = if actor.has(Role::Supervisor) {
        store.conn().query_row(
            "SELECT (SELECT count(*) FROM post WHERE state = 'submitted' AND deleted_at IS NULL)
                  + (SELECT count(*) FROM album WHERE state = 'submitted')",
            [],
            |r| r.get(0),
        )?
    } else {
        0
    };
    let (returned_posts, returned_albums): (u32, u32) = store.conn().query_row(
        "SELECT (SELECT count(*) FROM post WHERE state = 'changes_requested' AND author_id = ?1 AND deleted_at IS NULL),
                (SELECT count(*) FROM album WHERE state = 'changes_requested' AND author_id = ?1)",
        [actor.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Counts { waiting_for_me, returned_to_me: returned_posts + returned_albums, returned_posts, returned_albums })
}

/// The words of an item's content JSON (see [`content_json`]) that a reviewer compares: a
/// post's title, sapo and body paragraphs; an album's title, description, credit, event date,
/// then one line per photo in order ("#12 caption", by the photo's number, which needs no
/// translation), so a reorder shows as lines moved.
fn content_text(item: Item, json: &serde_json::Value) -> String {
    let field = |k: &str| json[k].as_str().unwrap_or_default();
    match item {
        Item::Post(_) => revisions::plain_text(field("title"), field("sapo"), field("body_html")),
        Item::Album(_) => {
            let mut lines = vec![field("title"), field("description"), field("credit"), field("event_date")]
                .into_iter()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>();
            for photo in json["photos"].as_array().into_iter().flatten() {
                let caption = photo["caption"].as_str().unwrap_or_default();
                lines.push(format!("#{} {caption}", photo["id"]).trim_end().to_string());
            }
            lines.join("\n")
        }
    }
}

/// The item's current content against its last approval; if it was never approved, against
/// its last submission whose content differs from now (so a resubmission shows what changed
/// since the supervisor last saw it), else its last submission; never submitted: all new.
pub fn review_diff(store: &Store, item: Item) -> Result<ReviewDiff> {
    let now_json = content_json(store.conn(), item)?;
    let now_hash = sha256_hex(now_json.as_bytes());
    let mut stmt = store.conn().prepare(
        "SELECT seq, at, action, content_hash, snapshot FROM review_log
         WHERE item_kind = ?1 AND item_id = ?2 AND action IN ('approve', 'submit') AND snapshot IS NOT NULL
         ORDER BY seq DESC",
    )?;
    let entries: Vec<(i64, String, String, String, String)> = stmt
        .query_map(params![item.kind(), item.id()], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let base = entries
        .iter()
        .find(|e| e.2 == "approve")
        .or_else(|| entries.iter().find(|e| e.2 == "submit" && e.3 != now_hash))
        .or_else(|| entries.iter().find(|e| e.2 == "submit"));
    let current = content_text(item, &serde_json::from_str(&now_json).expect("our own JSON"));
    let Some((seq, at, action, _, snapshot)) = base else {
        return Ok(ReviewDiff { against: None, at: None, seq: None, parts: revisions::diff_text("", &current) });
    };
    let old: serde_json::Value = serde_json::from_str(snapshot).map_err(|e| Error::BadSnapshot(e.to_string()))?;
    Ok(ReviewDiff {
        against: Some(if action == "approve" { "approved" } else { "submitted" }.to_string()),
        at: Some(at.clone()),
        seq: Some(*seq),
        parts: revisions::diff_text(&content_text(item, &old), &current),
    })
}

// ---------------------------------------------------------------------------------------------
// The log

const LOG_SELECT: &str = "SELECT l.item_kind, l.item_id, l.seq, l.at, l.user_id, u.display_name, l.action,
                                 l.from_state, l.to_state, l.content_hash, l.revision_id, l.note, l.prev_hash, l.hash,
                                 l.snapshot
                          FROM review_log l LEFT JOIN user u ON u.id = l.user_id";

fn log_row(r: &Row) -> rusqlite::Result<(LogEntry, Option<String>)> {
    Ok((
        LogEntry {
            item: Item::from_parts(&r.get::<_, String>(0)?, r.get(1)?),
            seq: r.get(2)?,
            at: r.get(3)?,
            user_id: r.get(4)?,
            user: r.get(5)?,
            action: r.get(6)?,
            from_state: r.get(7)?,
            to_state: r.get(8)?,
            content_hash: r.get(9)?,
            revision_id: r.get(10)?,
            note: r.get(11)?,
            prev_hash: r.get(12)?,
            hash: r.get(13)?,
        },
        r.get(14)?,
    ))
}

/// The item's log, oldest first. It outlives the item: an album deleted keeps its record.
pub fn log(store: &Store, item: Item) -> Result<Vec<LogEntry>> {
    let mut stmt =
        store.conn().prepare(&format!("{LOG_SELECT} WHERE l.item_kind = ?1 AND l.item_id = ?2 ORDER BY l.seq"))?;
    let rows = stmt.query_map(params![item.kind(), item.id()], |r| log_row(r).map(|(e, _)| e))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks every item's log: each entry's hash from its fields, each entry chained to the one
/// before (seq 1, 2, 3…, prev_hash), each snapshot against its content hash, and each existing
/// item in the state its log leads to (draft when it has none). The first break, by item kind,
/// item id and seq, is `Err(Error::LogBroken(..))` with code `log_broken`.
pub fn verify_log(store: &Store) -> Result<()> {
    let conn = store.conn();
    let mut stmt = conn.prepare(&format!("{LOG_SELECT} ORDER BY l.item_kind, l.item_id, l.seq"))?;
    let rows = stmt.query_map([], log_row)?;
    let broken = |item, seq, problem| Err(Error::LogBroken(LogBroken { item, seq, problem }));
    let mut last: Option<LogEntry> = None;
    for row in rows {
        let (e, snapshot) = row?;
        let (expected_seq, expected_prev) = match &last {
            Some(l) if l.item == e.item => (l.seq + 1, l.hash.clone()),
            _ => {
                if let Some(l) = &last {
                    check_state(conn, l)?;
                }
                (1, ZERO_HASH.to_string())
            }
        };
        if e.seq != expected_seq || e.prev_hash != expected_prev {
            return broken(e.item, e.seq, LogProblem::Chain);
        }
        let fields = Fields {
            prev_hash: &e.prev_hash,
            item: e.item,
            seq: e.seq,
            at: &e.at,
            user_id: e.user_id,
            action: &e.action,
            from_state: e.from_state,
            to_state: e.to_state,
            content_hash: &e.content_hash,
            revision_id: e.revision_id,
            note: e.note.as_deref(),
        };
        if entry_hash(&fields) != e.hash {
            return broken(e.item, e.seq, LogProblem::Hash);
        }
        if snapshot.is_some_and(|s| sha256_hex(s.as_bytes()) != e.content_hash) {
            return broken(e.item, e.seq, LogProblem::Snapshot);
        }
        last = Some(e);
    }
    if let Some(l) = &last {
        check_state(conn, l)?;
    }
    // Items with no log never left draft.
    for kind in ["post", "album"] {
        let first: Option<i64> = conn
            .query_row(
                &format!(
                    "SELECT id FROM {kind} t WHERE state <> 'draft' AND NOT EXISTS
                       (SELECT 1 FROM review_log l WHERE l.item_kind = '{kind}' AND l.item_id = t.id)
                     ORDER BY id LIMIT 1"
                ),
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = first {
            return broken(Item::from_parts(kind, id), 0, LogProblem::State);
        }
    }
    Ok(())
}

/// The item, if it still exists, is in the state its last entry `last` left it in.
fn check_state(conn: &Connection, last: &LogEntry) -> Result<()> {
    match read(conn, last.item) {
        Ok(cur) if cur.state != last.to_state => {
            Err(Error::LogBroken(LogBroken { item: last.item, seq: last.seq, problem: LogProblem::State }))
        }
        Ok(_) | Err(Error::PostNotFound(_) | Error::AlbumNotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// What the portal says (issue 6)

/// A post another PC sent for review, as the portal holds it (pending): made here as a
/// submitted post with no author on this PC, so it appears in this PC's review queue. The log
/// records it as received from the portal (no user), with its content for the review diff.
pub fn receive_submitted(
    store: &mut Store,
    title: &str,
    body_html: &str,
    sapo: &str,
    category: &str,
    featured_photo_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<Item> {
    store.with_tx(|tx| {
        let draft = posts::Draft {
            title: title.to_string(),
            sapo: sapo.to_string(),
            body_html: body_html.to_string(),
            category: category.to_string(),
            ..posts::Draft::default()
        };
        let post = posts::insert(tx, draft)?;
        let item = Item::Post(post.id);
        let when = stamp(at);
        tx.execute(
            "UPDATE post SET state = 'submitted', submitted_at = ?2, featured_photo_id = ?3 WHERE id = ?1",
            params![post.id, when, featured_photo_id],
        )?;
        append(tx, item, None, "portal_submit", Some(State::Draft), State::Submitted, None, true, &when)?;
        Ok(item)
    })
}

/// Another PC's post, received here for review, was edited there while it waited: this copy
/// takes the new text (kept as a revision, so nothing read here is lost) while it still waits
/// for review. Nothing to do (false) once it was decided here.
pub fn receive_edit(
    store: &mut Store,
    item: Item,
    title: &str,
    body_html: &str,
    sapo: &str,
    featured_photo_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<bool> {
    let Item::Post(id) = item else { return Ok(false) };
    store.with_tx(|tx| {
        let cur = read(tx, item)?;
        if cur.state != State::Submitted || cur.in_bin {
            return Ok(false);
        }
        let mut edit = posts::as_edit(&posts::fetch(tx, id)?);
        edit.title = title.to_string();
        edit.body_html = body_html.to_string();
        edit.sapo = sapo.to_string();
        edit.featured_photo_id = featured_photo_id;
        posts::apply(tx, edit, at, crate::revisions::Kind::Version, "")?;
        Ok(true)
    })
}

/// The portal shows `item` published (`to` Published) or scheduled (`to` Scheduled, at
/// `scheduled_at`) because a supervisor on another PC approved it: this PC follows, logged as
/// the portal's doing, and pins the content as approved. Nothing to do (false) when the item is
/// already there, or was taken down or reopened here since.
pub fn follow_portal(
    store: &mut Store,
    item: Item,
    to: State,
    scheduled_at: Option<&str>,
    at: DateTime<Utc>,
) -> Result<bool> {
    if !matches!(to, State::Published | State::Scheduled) {
        return Ok(false);
    }
    store.with_tx(|tx| {
        let cur = read(tx, item)?;
        let follows = matches!(cur.state, State::Submitted | State::ChangesRequested | State::Approved)
            || (cur.state == State::Scheduled && to == State::Published);
        if !follows || cur.in_bin {
            return Ok(false);
        }
        let when = stamp(at);
        let hash = content_hash(tx, item)?;
        tx.execute(
            &format!(
                "UPDATE {} SET state = ?2, approved_hash = ?3, edited_after_approval = 0, scheduled_at = ?4
                 WHERE id = ?1 AND state = ?5",
                item.table()
            ),
            params![item.id(), to, hash, scheduled_at.filter(|_| to == State::Scheduled), cur.state],
        )?;
        let action = if to == State::Published { "portal_publish" } else { "portal_schedule" };
        append(tx, item, None, action, Some(cur.state), to, None, false, &when)?;
        Ok(true)
    })
}
