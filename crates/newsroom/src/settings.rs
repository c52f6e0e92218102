//! What the window remembers between starts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::store::Store;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub language: Lang,
    /// The signature line a new post starts with, e.g. "Ban Tuyên giáo Quận Tây Hồ".
    pub default_signature: String,
    /// Long edges of the photo renditions, largest first (the portal takes the largest).
    pub photo_sizes: Vec<u32>,
    /// Written into every rendition's metadata, e.g. "© Cổng thông tin điện tử huyện".
    pub photo_copyright: String,
}

/// The renditions a new store makes: a full-width photo on the portal, the article column, a thumbnail.
pub const DEFAULT_PHOTO_SIZES: [u32; 3] = [2048, 1024, 320];
/// Bounds of a rendition's long edge: a thumbnail still readable, a photo a browser still loads quickly.
pub const PHOTO_SIZE_RANGE: std::ops::RangeInclusive<u32> = 160..=4096;

pub fn get(store: &Store) -> Result<Settings> {
    let language = store.setting("language")?.and_then(|c| Lang::parse(&c)).unwrap_or_default();
    let default_signature = store.setting("default_signature")?.unwrap_or_default();
    let photo_sizes = store
        .setting("photo_sizes")?
        .and_then(|v| v.split(',').map(|n| n.trim().parse().ok()).collect::<Option<Vec<u32>>>())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| DEFAULT_PHOTO_SIZES.to_vec());
    let photo_copyright = store.setting("photo_copyright")?.unwrap_or_default();
    Ok(Settings { language, default_signature, photo_sizes, photo_copyright })
}

pub fn set_language(store: &Store, language: Lang) -> Result<Settings> {
    store.set_setting("language", language.code())?;
    get(store)
}

pub fn set_default_signature(store: &Store, signature: &str) -> Result<Settings> {
    store.set_setting("default_signature", &crate::text::nfc(signature.trim()))?;
    get(store)
}

/// One to four long edges within [`PHOTO_SIZE_RANGE`], kept largest first without repeats.
/// Photos imported afterwards get these renditions; those already in the library keep theirs.
pub fn set_photo_sizes(store: &Store, sizes: &[u32]) -> Result<Settings> {
    let mut sizes = sizes.to_vec();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    sizes.dedup();
    if sizes.is_empty() || sizes.len() > 4 || sizes.iter().any(|s| !PHOTO_SIZE_RANGE.contains(s)) {
        return Err(Error::PhotoSizes(sizes.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")));
    }
    let joined = sizes.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    store.set_setting("photo_sizes", &joined)?;
    get(store)
}

pub fn set_photo_copyright(store: &Store, copyright: &str) -> Result<Settings> {
    store.set_setting("photo_copyright", &crate::text::nfc(copyright.trim()))?;
    get(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photo_sizes_default_then_kept_largest_first_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(get(&store).unwrap().photo_sizes, DEFAULT_PHOTO_SIZES);
        assert_eq!(set_photo_sizes(&store, &[800, 1600, 800]).unwrap().photo_sizes, [1600, 800]);
        for bad in [&[][..], &[100][..], &[5000][..], &[2048, 1600, 1024, 640, 320][..]] {
            let err = set_photo_sizes(&store, bad).unwrap_err();
            assert_eq!(err.code(), "invalid_photo_sizes");
        }
        assert_eq!(get(&store).unwrap().photo_sizes, [1600, 800], "a refused change leaves the sizes as they were");
        let nfd = "\u{a9} Ba\u{300}i va\u{300} a\u{309}nh";
        assert_eq!(set_photo_copyright(&store, nfd).unwrap().photo_copyright, "© Bài và ảnh");
    }
}
