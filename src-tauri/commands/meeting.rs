use newsroom::meeting;
use newsroom::posts::Post;
use newsroom::template::{Meeting, MergeOutcome};
use newsroom::ErrorReport;
use tauri::State;

use crate::state::AppState;

#[tauri::command(async)]
pub fn meeting_get(state: State<AppState>, post_id: i64) -> Result<Option<Meeting>, ErrorReport> {
    state.with_store(|s| meeting::get(s, post_id))
}

/// What filling in the template would do, and which of the editor's changes it would touch.
#[tauri::command(async)]
pub fn meeting_preview(state: State<AppState>, post_id: i64, meeting: Meeting) -> Result<MergeOutcome, ErrorReport> {
    state.with_store(|s| meeting::preview(s, post_id, &meeting))
}

#[tauri::command(async)]
pub fn meeting_apply(
    state: State<AppState>,
    post_id: i64,
    meeting: Meeting,
    accept: Vec<bool>,
) -> Result<Post, ErrorReport> {
    state.with_store(|s| meeting::apply(s, post_id, &meeting, &accept))
}
