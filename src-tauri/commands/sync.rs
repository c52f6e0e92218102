//! Đồng bộ (issue 6): the outbox as the window shows it, "Gửi ngay", retry and cancel, and the
//! background sender. The sender runs on its own thread with its own store connection, so a
//! slow portal never holds up typing; it wakes every minute, after each review step and on
//! "Gửi ngay", and tells the page what changed through the `sync-changed` event.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use newsroom::outbox::{self, Counts, Entry};
use newsroom::review::Item;
use newsroom::ErrorReport;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};
use toasoan_portal::conflict::{self, Choice, Conflict};
use toasoan_portal::sync::{self, Report};

use crate::state::AppState;

/// How often the sender looks for work by itself.
const EVERY: Duration = Duration::from_secs(60);

/// The sender's doorbell and its lock: one run at a time in this window.
#[derive(Default)]
pub struct Sync {
    wake: Mutex<Option<Sender<()>>>,
    running: Mutex<()>,
}

/// What the Đồng bộ screen lists.
#[derive(Serialize)]
pub struct SyncStatus {
    entries: Vec<Entry>,
    counts: Counts,
}

/// Starts the background sender (called once, at start).
pub fn start(app: &AppHandle) {
    let (tx, rx) = mpsc::channel::<()>();
    *app.state::<Sync>().wake.lock().unwrap_or_else(|p| p.into_inner()) = Some(tx);
    let app = app.clone();
    std::thread::spawn(move || loop {
        match rx.recv_timeout(EVERY) {
            Ok(()) | Err(RecvTimeoutError::Timeout) => {
                // A waiting portal is no reason to report: the page reads the entries' states.
                let _ = run_once(&app);
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    });
}

/// Rings the sender: something may have been added to the outbox.
pub fn wake(app: &AppHandle) {
    if let Some(tx) = app.state::<Sync>().wake.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
        let _ = tx.send(());
    }
}

/// One run of the sender on its own connection; the page hears of the counts after.
fn run_once(app: &AppHandle) -> Result<Report, ErrorReport> {
    let state = app.state::<AppState>();
    let lang = state.lang();
    let sync_state = app.state::<Sync>();
    let _one_at_a_time = sync_state.running.lock().unwrap_or_else(|p| p.into_inner());
    let mut store = newsroom::open(state.data_dir()).map_err(|e| e.report(lang))?;
    let result = sync::run(&mut store, lang, Utc::now, sync::clock_jitter);
    if let Ok(counts) = outbox::counts(&store) {
        let _ = app.emit("sync-changed", counts);
    }
    result.map_err(|e| e.report(lang))
}

#[tauri::command(async)]
pub fn sync_status(state: State<AppState>) -> Result<SyncStatus, ErrorReport> {
    state.with_store(|s| Ok(SyncStatus { entries: outbox::list(s, 30)?, counts: outbox::counts(s)? }))
}

/// "Gửi ngay": sends now and reports; without a portal address, says so.
#[tauri::command(async)]
pub fn sync_run(app: AppHandle) -> Result<Report, ErrorReport> {
    run_once(&app)
}

#[tauri::command(async)]
pub fn sync_retry(app: AppHandle, state: State<AppState>, id: i64) -> Result<Entry, ErrorReport> {
    let entry = state.with_store(|s| outbox::retry(s, id))?;
    wake(&app);
    Ok(entry)
}

#[tauri::command(async)]
pub fn sync_cancel(state: State<AppState>, id: i64) -> Result<Entry, ErrorReport> {
    state.with_store(|s| outbox::cancel(s, id, Utc::now()))
}

/// A post changed on the portal and here: both versions, word by word; None when settled.
#[tauri::command(async)]
pub fn sync_conflict(state: State<AppState>, item: Item) -> Result<Option<Conflict>, ErrorReport> {
    state.with_portal(|s| conflict::get(s, item))
}

/// Keep mine (sent over the portal's at once) or take theirs (the local post becomes the
/// portal's version, as an edit by the profile at the keyboard).
#[tauri::command(async)]
pub fn sync_resolve(app: AppHandle, state: State<AppState>, item: Item, choice: Choice) -> Result<(), ErrorReport> {
    let actor = state.actor();
    state.with_portal(|s| conflict::resolve(s, actor.as_ref(), item, choice))?;
    wake(&app);
    Ok(())
}
