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

/// Changes a profile's display name or roles (the core decides who may). The window's own
/// profile is read again, so a new name or a role taken away shows at once.
#[tauri::command(async)]
pub fn user_edit(
    state: State<AppState>,
    name: String,
    display_name: Option<String>,
    roles: Option<Vec<Role>>,
) -> Result<UserSummary, ErrorReport> {
    let by = actor(&state)?;
    let user = state.with_store(|s| users::edit(s, &by, &name, display_name.as_deref(), roles.as_deref()))?;
    if user.id == by.id {
        state.set_actor(state.with_store(|s| users::reload(s.conn(), &by)).ok());
    }
    Ok(user)
}

/// Sets or removes a profile's password: one's own with the current password, anyone's as a
/// supervisor. The passwords are never kept or logged.
#[tauri::command(async)]
pub fn user_set_password(
    state: State<AppState>,
    name: String,
    current: Option<String>,
    new: Option<String>,
) -> Result<UserSummary, ErrorReport> {
    let by = actor(&state)?;
    state.with_store(|s| users::set_password(s, &by, &name, current.as_deref(), new.as_deref()))
}

/// Removes a profile; removing one's own signs this window out.
#[tauri::command(async)]
pub fn user_remove(state: State<AppState>, name: String) -> Result<UserSummary, ErrorReport> {
    let by = actor(&state)?;
    let user = state.with_store(|s| users::remove(s, &by, &name))?;
    if user.id == by.id {
        state.set_actor(None);
    }
    Ok(user)
}

#[tauri::command(async)]
pub fn review_state(state: State<AppState>, item: Item) -> Result<ItemState, ErrorReport> {
    state.with_store(|s| review::state(s, item))
}

/// One step of the workflow, as the profile at the keyboard. `seen_hash`: the content hash of
/// the text the review view showed; an approval of anything else is refused.
#[tauri::command(async)]
pub fn review_transition(
    app: tauri::AppHandle,
    state: State<AppState>,
    item: Item,
    action: Action,
    note: Option<String>,
    at: Option<String>,
    seen_hash: Option<String>,
) -> Result<ItemState, ErrorReport> {
    let actor = actor(&state)?;
    let done = state.with_store(|s| {
        review::transition_seen(s, &actor, item, action, note.as_deref(), at.as_deref(), seen_hash.as_deref())
    })?;
    // The step is in the outbox: the portal hears of it as soon as the network allows.
    crate::commands::sync::wake(&app);
    Ok(done)
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

/// The item's content against the last approved (or else submitted) content, word by word.
#[tauri::command(async)]
pub fn review_diff(state: State<AppState>, item: Item) -> Result<ReviewDiff, ErrorReport> {
    state.with_store(|s| review::review_diff(s, item))
}

#[tauri::command(async)]
pub fn review_log(state: State<AppState>, item: Item) -> Result<Vec<LogEntry>, ErrorReport> {
    state.with_store(|s| review::log(s, item))
}
