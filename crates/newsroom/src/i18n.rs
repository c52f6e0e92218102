//! Messages a person reads (CLI output, errors crossing IPC), in Vietnamese first and English.
//! The sentences live in `i18n/vi.json` and `i18n/en.json`; code only names keys.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// The CLI's language: English when `LANG` starts with `en`, Vietnamese otherwise.
    pub fn from_env() -> Lang {
        match std::env::var("LANG") {
            Ok(v) if v.starts_with("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

pub(crate) const VI_JSON: &str = include_str!("../i18n/vi.json");
pub(crate) const EN_JSON: &str = include_str!("../i18n/en.json");

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static VI: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    let (cell, src) = match lang {
        Lang::Vi => (&VI, VI_JSON),
        Lang::En => (&EN, EN_JSON),
    };
    cell.get_or_init(|| serde_json::from_str(src).expect("translation files are valid JSON (tested)"))
}

/// The sentence for `key`; the key itself when missing, so a gap shows rather than panics.
pub fn t(lang: Lang, key: &str) -> String {
    table(lang).get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// `t` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut s = t(lang, key);
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), &value.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::is_nfc;

    #[test]
    fn both_languages_have_the_same_keys_and_all_text_is_nfc() {
        let vi: HashMap<String, String> = serde_json::from_str(VI_JSON).unwrap();
        let en: HashMap<String, String> = serde_json::from_str(EN_JSON).unwrap();
        let mut vk: Vec<_> = vi.keys().collect();
        let mut ek: Vec<_> = en.keys().collect();
        vk.sort();
        ek.sort();
        assert_eq!(vk, ek, "vi.json and en.json must translate the same keys");
        for (k, v) in vi.iter().chain(en.iter()) {
            assert!(is_nfc(v), "{k} is not NFC");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let s = tf(Lang::En, "error.post_not_found", &[("id", &42)]);
        assert_eq!(s, "Post 42 was not found. It may have been deleted for good; check the post list.");
        assert!(tf(Lang::Vi, "error.post_not_found", &[("id", &42)]).starts_with("Không tìm thấy bài viết số 42."));
    }
}
