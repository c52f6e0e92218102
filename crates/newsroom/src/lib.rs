//! Tòa Soạn's core, shared by the window (`toa-soan`) and the command line (`toasoan`).
//! Plain functions over a [`Store`]; no Tauri, no WebKit, so its tests build in seconds.

pub mod archive;
pub mod checks;
pub mod error;
pub mod i18n;
pub mod ipc_types;
pub mod lists;
pub mod meeting;
pub mod outbox;
pub mod people;
pub mod posts;
pub mod review;
pub mod revisions;
pub mod sample;
pub mod search;
pub mod settings;
pub mod store;
pub mod template;
pub mod text;
pub mod users;

pub use error::{Error, ErrorReport, Result};
pub use i18n::Lang;
pub use store::Store;

/// Opens the store in `dir` the way both binaries do: migrate, then seed the sample once.
pub fn open(dir: &std::path::Path) -> Result<Store> {
    let mut store = Store::open(dir)?;
    posts::fill_missing_slugs(&mut store)?;
    sample::seed(&mut store)?;
    Ok(store)
}

/// What the window needs for its first screen, handed to the page before it loads so the post
/// list shows without waiting for a round trip.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct Boot {
    pub settings: settings::Settings,
    /// The post list's first page.
    pub posts: posts::PostPage,
}

pub fn boot(store: &Store) -> Result<Boot> {
    Ok(Boot { settings: settings::get(store)?, posts: posts::page(store, posts::Shelf::Active, None, 0)? })
}
