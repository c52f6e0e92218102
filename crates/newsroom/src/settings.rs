//! What the window remembers between starts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::i18n::Lang;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub language: Lang,
}

pub fn get(store: &Store) -> Result<Settings> {
    let language = store.setting("language")?.and_then(|c| Lang::parse(&c)).unwrap_or_default();
    Ok(Settings { language })
}

pub fn set_language(store: &Store, language: Lang) -> Result<Settings> {
    store.set_setting("language", language.code())?;
    get(store)
}
