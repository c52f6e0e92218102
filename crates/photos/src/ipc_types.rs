//! The photo library's types that cross the window's IPC boundary, rendered as TypeScript into
//! `ui/src/lib/ipc/photos.ts` beside the core's `types.ts` (same rules: committed, checked by a
//! test, rewritten by `UPDATE_IPC_TYPES=1 cargo test -p toasoan-photos ipc_types`).

use ts_rs::{Config, TS};

use crate::album::AlbumPage;
use crate::album::{Album, AlbumEdit, AlbumSummary, Crop, Framing, PhotoEdit, PhotoSummary};
use crate::{ImportItem, ImportProgress, ImportReport, PhotoInfo, PhotoPage, Rendition};

pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        ImportItem::decl(&cfg),
        ImportReport::decl(&cfg),
        ImportProgress::decl(&cfg),
        Rendition::decl(&cfg),
        PhotoInfo::decl(&cfg),
        PhotoSummary::decl(&cfg),
        Framing::decl(&cfg),
        Crop::decl(&cfg),
        PhotoEdit::decl(&cfg),
        AlbumSummary::decl(&cfg),
        Album::decl(&cfg),
        AlbumEdit::decl(&cfg),
        PhotoPage::decl(&cfg),
        AlbumPage::decl(&cfg),
    ];
    newsroom::ipc_types::render("photos", "import type { ErrorReport, ListCursor } from './types';\n\n", &decls)
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_typescript_matches_the_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/ipc/photos.ts");
        newsroom::ipc_types::check_committed(path, &super::typescript());
    }
}
