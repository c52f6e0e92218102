//! The photos of a post received from another PC: the portal holds them (that PC uploaded its
//! renditions), this PC's library does not. Each is fetched once into the library, with its
//! caption, alt text and credit, so the supervisor reviews the post as it will read, and the
//! body points at the library copies (the only images a body may hold).

use newsroom::Store;
use rusqlite::{params, OptionalExtension};

use crate::wordpress::Portal;
use crate::{PortalError, Result};

/// The long edge a received photo is shown at in the body, as the editor inserts it.
const BODY_EDGE: u32 = 1024;

/// `html` (a post's content as the portal holds it) with each portal photo it shows
/// (`<img class="wp-image-N">`) fetched into the library and pointed at there; the figure around
/// it names the library photo. A photo the portal no longer has is left out by the sanitiser.
pub fn localise(store: &mut Store, portal: &Portal, html: &str) -> Result<String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // Where in `out` the open figure's data-photo-id value sits, to name the photo found in it.
    let mut figure_id: Option<std::ops::Range<usize>> = None;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = &rest[at..end];
        let name: String =
            tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase();
        match name.as_str() {
            "figure" => {
                out.push_str(tag);
                figure_id = attribute_range(tag, "data-photo-id")
                    .map(|r| (out.len() - tag.len() + r.start)..(out.len() - tag.len() + r.end));
            }
            "img" => match media_id(tag) {
                Some(media) => match photo_for(store, portal, media)? {
                    Some(photo) => {
                        let alt = attribute(tag, "alt").unwrap_or_default();
                        out.push_str(&format!("<img src=\"photo://localhost/{photo}/{BODY_EDGE}\" alt=\"{alt}\">"));
                        if let Some(range) = figure_id.take() {
                            out.replace_range(range, &photo.to_string());
                        }
                    }
                    None => out.push_str(tag),
                },
                None => out.push_str(tag),
            },
            _ => {
                if name.is_empty() && tag.starts_with("</figure") {
                    figure_id = None;
                }
                out.push_str(tag);
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The library photo for the portal's media `media`: the one fetched (or uploaded) before, else
/// fetched now. None when the portal no longer has it.
pub fn photo_for(store: &mut Store, portal: &Portal, media: i64) -> Result<Option<i64>> {
    let kept: Option<i64> = store
        .conn()
        .query_row("SELECT photo_id FROM portal_media WHERE remote_id = ?1", [media], |r| r.get(0))
        .optional()?;
    if kept.is_some() {
        return Ok(kept);
    }
    let info = match portal.get(&format!("/wp/v2/media/{media}"), &[("context", "edit")]) {
        Ok(info) => info,
        Err(PortalError::Rejected { status: 404 | 410, .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(url) = info["source_url"].as_str() else { return Ok(None) };
    // A file gone from the portal, or one that is not a photo, leaves the post without it
    // rather than stopping everything that comes after it.
    let bytes = match portal.download(url) {
        Ok(bytes) => bytes,
        Err(PortalError::Rejected { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    // The library imports files: the bytes go through a file of their own, removed after.
    let file = std::env::temp_dir().join(format!("toasoan-media-{}-{media}", std::process::id()));
    std::fs::write(&file, &bytes).map_err(|e| PortalError::Photo(e.to_string()))?;
    let imported = toasoan_photos::import(store, &file);
    let _ = std::fs::remove_file(&file);
    let photo = match imported {
        Ok(outcome) => outcome.photo_id,
        Err(
            toasoan_photos::PhotoError::EmptyFile { .. }
            | toasoan_photos::PhotoError::NotAPhoto { .. }
            | toasoan_photos::PhotoError::UnsupportedFormat { .. }
            | toasoan_photos::PhotoError::TooLarge { .. }
            | toasoan_photos::PhotoError::Corrupt { .. },
        ) => return Ok(None),
        // A full disk and the like: said, and the post is received at the next run.
        Err(e) => return Err(e.into()),
    };
    let text = |k: &str| {
        let v = &info[k];
        newsroom::text::html_to_raw_text(
            v["raw"].as_str().or(v["rendered"].as_str()).or(v.as_str()).unwrap_or_default(),
        )
    };
    let credit = text("description");
    let credit = credit.trim().strip_prefix("Ảnh:").unwrap_or(credit.trim()).trim().to_string();
    let edit = toasoan_photos::album::PhotoEdit {
        caption: Some(text("caption").trim().to_string()),
        alt_text: Some(text("alt_text").trim().to_string()),
        credit: Some(credit),
    };
    toasoan_photos::edit_photos(store, &[photo], &edit)?;
    let version: i64 = store.conn().query_row("SELECT version FROM photo WHERE id = ?1", [photo], |r| r.get(0))?;
    // Known as that media from now on: never fetched twice, never uploaded back.
    store.conn().execute(
        "INSERT INTO portal_media (photo_id, remote_id, source_url, version) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (photo_id) DO NOTHING",
        params![photo, media, url, version],
    )?;
    Ok(Some(photo))
}

/// The media id in `<img … class="… wp-image-N …">`.
fn media_id(tag: &str) -> Option<i64> {
    let class = attribute(tag, "class")?;
    class.split_whitespace().find_map(|c| c.strip_prefix("wp-image-")).and_then(|n| n.parse().ok())
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    attribute_range(tag, name).map(|r| tag[r].to_string())
}

/// Where the double-quoted value of attribute `name` sits in `tag` (WordPress and this app
/// write attributes double-quoted).
fn attribute_range(tag: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portal_image_tag_names_its_media() {
        assert_eq!(media_id(r#"<img src="https://x/a.jpg" class="wp-image-57" alt="a">"#), Some(57));
        assert_eq!(media_id(r#"<img class="size-large wp-image-9 aligncenter" src="x">"#), Some(9));
        assert_eq!(media_id(r#"<img src="https://elsewhere/a.jpg">"#), None);
        assert_eq!(attribute(r#"<figure data-photo-id="12">"#, "data-photo-id").as_deref(), Some("12"));
    }
}
