//! What the window remembers between starts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::i18n::Lang;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub language: Lang,
    /// The signature line a new post starts with, e.g. "Ban Tuyên giáo Quận Tây Hồ".
    pub default_signature: String,
}

pub fn get(store: &Store) -> Result<Settings> {
    let language = store.setting("language")?.and_then(|c| Lang::parse(&c)).unwrap_or_default();
    let default_signature = store.setting("default_signature")?.unwrap_or_default();
    Ok(Settings { language, default_signature })
}

pub fn set_language(store: &Store, language: Lang) -> Result<Settings> {
    store.set_setting("language", language.code())?;
    get(store)
}

pub fn set_default_signature(store: &Store, signature: &str) -> Result<Settings> {
    store.set_setting("default_signature", &crate::text::nfc(signature.trim()))?;
    get(store)
}
