//! For portals without an API (issue 6): a post or an album as a package a portal's staff can
//! upload by hand — a folder holding `index.html` (the page, photos pointing into the folder),
//! `photos/` (the renditions the portal would get) and `manifest.json` (every field, for a
//! script on their side).

use std::fs;
use std::path::{Path, PathBuf};

use newsroom::posts;
use newsroom::review::Item;
use newsroom::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::sync::{escape, PORTAL_EDGE};
use crate::{PortalError, Result};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "PackagePhoto")]
pub struct Photo {
    /// Path inside the package, e.g. "photos/01-3fa2c1d09b8e7a65.jpg".
    pub file: String,
    pub caption: String,
    pub alt_text: String,
    pub credit: String,
    pub width: u32,
    pub height: u32,
    pub featured: bool,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(rename = "PackageManifest")]
pub struct Manifest {
    pub format: String,
    pub kind: String,
    pub title: String,
    pub slug: String,
    pub category: String,
    pub tags: Vec<String>,
    pub sapo: String,
    pub signature: String,
    /// UTC, RFC 3339.
    pub published_at: Option<String>,
    /// The body as HTML with photos pointing into the package (also in index.html).
    pub body_html: String,
    /// In the order they appear (an album's: its order).
    pub photos: Vec<Photo>,
}

fn io(path: &Path, e: std::io::Error) -> PortalError {
    PortalError::Write { path: path.display().to_string(), detail: e.to_string() }
}

/// Copies library photo `id`'s portal rendition into `dir/photos/` as the `n`th photo.
fn copy_photo(store: &Store, dir: &Path, id: i64, n: usize, featured: bool) -> Result<Photo> {
    let info = toasoan_photos::get(store, id)?;
    let rendition = info
        .renditions
        .iter()
        .find(|r| r.long_edge <= PORTAL_EDGE)
        .or(info.renditions.last())
        .ok_or(toasoan_photos::PhotoError::NotFound(id))?;
    let file = format!("photos/{n:02}-{}.jpg", &info.sha256[..16]);
    let to = dir.join(&file);
    fs::copy(&rendition.path, &to).map_err(|e| io(&to, e))?;
    Ok(Photo {
        file,
        caption: info.caption,
        alt_text: info.alt_text,
        credit: info.credit,
        width: rendition.width,
        height: rendition.height,
        featured,
    })
}

/// Writes `item`'s package into a new folder inside `parent`, named after its slug; returns
/// the folder. The folder is made under a temporary name and renamed when whole, so a full disk
/// never leaves half a package looking like a whole one.
pub fn package(store: &Store, item: Item, parent: &Path) -> Result<PathBuf> {
    let (name, mut manifest, photo_ids, body_html): (String, Manifest, Vec<(i64, bool)>, String) = match item {
        Item::Post(id) => {
            let post = posts::get(store, id)?;
            let mut ids: Vec<(i64, bool)> = Vec::new();
            if let Some(f) = post.featured_photo_id {
                ids.push((f, true));
            }
            let mut rest = post.body_html.as_str();
            while let Some(at) = rest.find("photo://localhost/") {
                let after = &rest[at + "photo://localhost/".len()..];
                let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
                if let Ok(pid) = digits.parse::<i64>() {
                    if !ids.iter().any(|(i, _)| *i == pid) {
                        ids.push((pid, false));
                    }
                }
                rest = after;
            }
            let slug = if post.slug.is_empty() { format!("bai-{id}") } else { post.slug.clone() };
            let manifest = Manifest {
                format: "toasoan-package-1".into(),
                kind: "post".into(),
                title: post.title.clone(),
                slug: slug.clone(),
                category: post.category.clone(),
                tags: post.tags.clone(),
                sapo: post.sapo.clone(),
                signature: post.signature.clone(),
                published_at: post.published_at.clone(),
                body_html: String::new(),
                photos: Vec::new(),
            };
            (slug, manifest, ids, post.body_html)
        }
        Item::Album(id) => {
            let album = toasoan_photos::album::get(store, id)?;
            let cover = album.cover_photo_id.or(album.photos.first().map(|p| p.id));
            let slug = match newsroom::text::slugify(&album.title) {
                s if s.is_empty() => format!("album-{id}"),
                s => s,
            };
            let ids = album.photos.iter().map(|p| (p.id, Some(p.id) == cover)).collect();
            let manifest = Manifest {
                format: "toasoan-package-1".into(),
                kind: "album".into(),
                title: album.title.clone(),
                slug: slug.clone(),
                category: crate::sync::DEFAULT_ALBUM_CATEGORY.into(),
                tags: Vec::new(),
                sapo: album.description.clone(),
                signature: album.credit.clone(),
                published_at: album.event_date.clone(),
                body_html: String::new(),
                photos: Vec::new(),
            };
            (slug, manifest, ids, String::new())
        }
    };

    let final_dir = parent.join(&name);
    let partial = parent.join(format!(".{name}.partial"));
    let _ = fs::remove_dir_all(&partial);
    fs::create_dir_all(partial.join("photos")).map_err(|e| io(&partial, e))?;
    let written = (|| -> Result<()> {
        let mut body = body_html;
        for (n, (id, featured)) in photo_ids.iter().enumerate() {
            let photo = copy_photo(store, &partial, *id, n + 1, *featured)?;
            // Inline photos point into the package.
            for edge in ["320", "1024", "2048"] {
                body = body.replace(&format!("photo://localhost/{id}/{edge}"), &photo.file);
            }
            manifest.photos.push(photo);
        }
        if item.kind() == "album" {
            body = manifest
                .photos
                .iter()
                .map(|p| {
                    format!(
                        "<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>\n",
                        p.file,
                        escape(&p.alt_text),
                        escape(&p.caption)
                    )
                })
                .collect();
        }
        manifest.body_html = body.clone();
        let page = format!(
            "<!doctype html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body>\n<h1>{title}</h1>\n{sapo}{body}\n{signature}</body>\n</html>\n",
            title = escape(&manifest.title),
            sapo = if manifest.sapo.is_empty() { String::new() } else { format!("<p><strong>{}</strong></p>\n", escape(&manifest.sapo)) },
            signature = if manifest.signature.is_empty() { String::new() } else { format!("<p style=\"text-align: right;\"><strong>{}</strong></p>\n", escape(&manifest.signature)) },
        );
        let index = partial.join("index.html");
        fs::write(&index, page).map_err(|e| io(&index, e))?;
        let json = partial.join("manifest.json");
        fs::write(&json, serde_json::to_string_pretty(&manifest).expect("serialisable")).map_err(|e| io(&json, e))?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&partial);
        return Err(e);
    }
    // A package exported before is replaced whole.
    if final_dir.exists() {
        fs::remove_dir_all(&final_dir).map_err(|e| io(&final_dir, e))?;
    }
    fs::rename(&partial, &final_dir).map_err(|e| io(&final_dir, e))?;
    Ok(final_dir)
}
