//! Who is at the keyboard, and the review workflow: submit, request changes, approve, schedule,
//! publish, withdraw, reopen; notes; the queue and the counts; the log. The actor is always the
//! profile chosen in this window (with its password when protected), never one the page names.

use newsroom::review::{self, Action, Counts, Item, ItemState, LogEntry, Note, QueueEntry, ReviewDiff};
use newsroom::users::{self, Actor, Role, UserSummary};
use newsroom::{Error, ErrorReport};
use tauri::State;

use crate::state::AppState;

/// The profile at the keyboard, or the refusal that asks the person to choose one.
fn actor(state: &AppState) -> Result<Actor, ErrorReport> {
    state.actor().ok_or_else(|| Error::WhoAreYou { profiles: true }.report(state.lang()))
}

#[tauri::command(async)]
pub fn user_list(state: State<AppState>) -> Result<Vec<UserSummary>, ErrorReport> {
    state.with_store(|s| users::list(s))
}

/// The profile this window acts as; `None` until one is chosen.
#[tauri::command(async)]
pub fn user_current(state: State<AppState>) -> Option<Actor> {
    state.actor()
}

/// Switches to a profile; a protected one needs its password.
#[tauri::command(async)]
pub fn user_switch(state: State<AppState>, name: String, password: Option<String>) -> Result<Actor, ErrorReport> {
    let actor = state.with_store(|s| users::authenticate(s, &name, password.as_deref()))?;
    state.set_actor(Some(actor.clone()));
    Ok(actor)
}

#[tauri::command(async)]
pub fn user_sign_out(state: State<AppState>) {
    state.set_actor(None);
}

/// Adds a profile: anyone on the first setup, afterwards only a supervisor (the core decides).
#[tauri::command(async)]
pub fn user_add(
    state: State<AppState>,
    name: String,
    display_name: String,
    roles: Vec<Role>,
    password: Option<String>,
) -> Result<UserSummary, ErrorReport> {
    let by = state.actor();
    state.with_store(|s| users::add_by(s, by.as_ref(), &name, &display_name, &roles, password.as_deref()))
}

#[tauri::command(async)]
pub fn review_state(state: State<AppState>, item: Item) -> Result<ItemState, ErrorReport> {
    state.with_store(|s| review::state(s, item))
}

/// One step of the workflow, as the profile at the keyboard. `seen_hash`: the content hash of
/// the text the review view showed; an approval of anything else is refused.
#[tauri::command(async)]
pub fn review_transition(
    state: State<AppState>,
    item: Item,
    action: Action,
    note: Option<String>,
    at: Option<String>,
    seen_hash: Option<String>,
) -> Result<ItemState, ErrorReport> {
    let actor = actor(&state)?;
    state.with_store(|s| {
        review::transition_seen(s, &actor, item, action, note.as_deref(), at.as_deref(), seen_hash.as_deref())
    })
}

#[tauri::command(async)]
pub fn review_queue(state: State<AppState>) -> Result<Vec<QueueEntry>, ErrorReport> {
    let Some(actor) = state.actor() else { return Ok(Vec::new()) };
    state.with_store(|s| review::queue(s, &actor))
}

/// For a supervisor: approved, scheduled and published items, to schedule, publish or withdraw.
#[tauri::command(async)]
pub fn review_going_out(state: State<AppState>) -> Result<Vec<QueueEntry>, ErrorReport> {
    let Some(actor) = state.actor() else { return Ok(Vec::new()) };
    state.with_store(|s| review::going_out(s, &actor))
}

#[tauri::command(async)]
pub fn review_counts(state: State<AppState>) -> Result<Counts, ErrorReport> {
    let Some(actor) = state.actor() else { return Ok(Counts::default()) };
    state.with_store(|s| review::counts(s, &actor))
}

#[tauri::command(async)]
pub fn review_notes(state: State<AppState>, item: Item) -> Result<Vec<Note>, ErrorReport> {
    state.with_store(|s| review::notes(s, item))
}

#[tauri::command(async)]
pub fn review_note_add(
    state: State<AppState>,
    item: Item,
    body: String,
    passage: Option<String>,
    reply_to: Option<i64>,
) -> Result<Note, ErrorReport> {
    let actor = actor(&state)?;
    state.with_store(|s| review::add_note(s, &actor, item, &body, passage.as_deref(), reply_to))
}

#[tauri::command(async)]
pub fn review_note_resolve(state: State<AppState>, note_id: i64) -> Result<Note, ErrorReport> {
    let actor = actor(&state)?;
    state.with_store(|s| review::resolve_note(s, &actor, note_id))
}

/// The post's text against the last approved (or else submitted) text, word by word.
#[tauri::command(async)]
pub fn review_diff(state: State<AppState>, post_id: i64) -> Result<ReviewDiff, ErrorReport> {
    state.with_store(|s| review::review_diff(s, post_id))
}

#[tauri::command(async)]
pub fn review_log(state: State<AppState>, item: Item) -> Result<Vec<LogEntry>, ErrorReport> {
    state.with_store(|s| review::log(s, item))
}
