//! What the window holds between calls: the open store (or why it could not open), the
//! language error messages are written in, and the photo import under way.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use newsroom::{settings, Error, ErrorReport, Lang, Store};
use toasoan_photos::PhotoError;
use toasoan_portal::PortalError;

pub struct AppState {
    /// The store, or the reason it could not open; the window still starts and shows that reason.
    store: Result<Mutex<Store>, Error>,
    data_dir: PathBuf,
    lang: Mutex<Lang>,
    closing: AtomicBool,
    /// The running photo import's cancel flag; `None` when no import runs.
    pub import: Mutex<Option<Arc<AtomicBool>>>,
    /// Files last dropped onto the window: the page is told how many, never their paths.
    pub dropped: Mutex<Vec<PathBuf>>,
    /// Who is at the keyboard, once they chose their profile (and gave its password). The page
    /// never names the actor of a command: the shell does, from here.
    actor: Mutex<Option<newsroom::users::Actor>>,
}

impl AppState {
    pub fn open(dir: &Path) -> AppState {
        let store = newsroom::open(dir);
        if let Err(e) = &store {
            eprintln!("toa-soan: {}", e.message(Lang::En));
        }
        if let Ok(s) = &store {
            // What a crashed import left behind goes before anything new is imported.
            if let Err(e) = toasoan_photos::open_library(s) {
                eprintln!("toa-soan: {}", e.message(Lang::En));
            }
        }
        let lang = store.as_ref().ok().and_then(|s| settings::get(s).ok()).map(|s| s.language).unwrap_or_default();
        AppState {
            store: store.map(Mutex::new),
            data_dir: dir.to_path_buf(),
            lang: Mutex::new(lang),
            closing: AtomicBool::new(false),
            import: Mutex::new(None),
            dropped: Mutex::new(Vec::new()),
            actor: Mutex::new(None),
        }
    }

    pub fn actor(&self) -> Option<newsroom::users::Actor> {
        self.actor.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_actor(&self, actor: Option<newsroom::users::Actor>) {
        *self.actor.lock().unwrap_or_else(|p| p.into_inner()) = actor;
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// True for the first close request only.
    pub fn begin_closing(&self) -> bool {
        !self.closing.swap(true, Ordering::SeqCst)
    }

    pub fn lang(&self) -> Lang {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_lang(&self, lang: Lang) {
        *self.lang.lock().unwrap_or_else(|p| p.into_inner()) = lang;
    }

    /// Runs `f` on the store; any error crosses IPC as `{code, message}` in the user's language.
    pub fn with_store<T>(&self, f: impl FnOnce(&mut Store) -> newsroom::Result<T>) -> Result<T, ErrorReport> {
        let lang = self.lang();
        let store = self.store.as_ref().map_err(|e| e.report(lang))?;
        // A panic in an earlier call must not lock the user out of their drafts.
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(|e| e.report(lang))
    }

    /// [`Self::with_store`] for the portal, whose errors are its own.
    pub fn with_portal<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, PortalError>) -> Result<T, ErrorReport> {
        let lang = self.lang();
        let store = self.store.as_ref().map_err(|e| e.report(lang))?;
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(|e| e.report(lang))
    }

    /// [`Self::with_store`] for the photo library, whose errors are its own.
    pub fn with_library<T>(&self, f: impl FnOnce(&mut Store) -> Result<T, PhotoError>) -> Result<T, ErrorReport> {
        let lang = self.lang();
        let store = self.store.as_ref().map_err(|e| e.report(lang))?;
        let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard).map_err(|e| e.report(lang))
    }

    /// `window.__TOASOAN_BOOT__ = {settings, posts};`, run before the page's own scripts; empty
    /// when the store did not open (the UI then asks, and shows why).
    pub fn boot_script(&self) -> String {
        match self.with_store(|s| newsroom::boot(s)) {
            Ok(boot) => {
                format!("window.__TOASOAN_BOOT__ = {};", serde_json::to_string(&boot).unwrap_or_else(|_| "null".into()))
            }
            Err(_) => String::new(),
        }
    }
}
