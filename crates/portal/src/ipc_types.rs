//! The portal's types that cross the window's IPC boundary, rendered as TypeScript into
//! `ui/src/lib/ipc/portal.ts` (committed, checked by a test, rewritten by
//! `UPDATE_IPC_TYPES=1 cargo test -p toasoan-portal ipc_types`).

use ts_rs::{Config, TS};

use crate::archive::{Progress as ArchiveProgress, Report as ArchiveReport};
use crate::conflict::{Choice, Conflict};
use crate::connection::Report;
use crate::login::PortalSettings;
use crate::sync::{ItemOutcome, Report as SyncReport};

pub fn typescript() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        PortalSettings::decl(&cfg),
        Report::decl(&cfg),
        ItemOutcome::decl(&cfg),
        SyncReport::decl(&cfg),
        Conflict::decl(&cfg),
        Choice::decl(&cfg),
        ArchiveProgress::decl(&cfg),
        ArchiveReport::decl(&cfg),
    ];
    let imports = "import type { DiffPart, ErrorReport, OutboxCounts, ReviewItem } from './types';\n\n";
    newsroom::ipc_types::render("portal", imports, &decls)
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_typescript_matches_the_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/ipc/portal.ts");
        newsroom::ipc_types::check_committed(path, &super::typescript());
    }
}
