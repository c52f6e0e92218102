//! Every type that crosses the window's IPC boundary, rendered as TypeScript into
//! `ui/src/lib/ipc/types.ts`. The file is committed; a test fails when it is stale
//! (`UPDATE_IPC_TYPES=1 cargo test -p newsroom ipc_types` rewrites it).

use ts_rs::{Config, TS};

use crate::archive::{ArchivePost, ArchiveStatus};
use crate::checks::{Finding, FindingKind};
use crate::error::ErrorReport;
use crate::i18n::Lang;
use crate::lists::Cursor as ListCursor;
use crate::outbox::{Counts as OutboxCounts, Entry as OutboxEntry, State as OutboxState};
use crate::people::{ImportReport, ImportRow, Person, PersonTitle, Suggestion, TitleWarning};
use crate::posts::{NewPost, Post, PostEdit, PostPage, PostSummary, Shelf};
use crate::review::{
    Action as ReviewAction, Counts, Item as ReviewItem, ItemState, LogBroken, LogEntry, LogProblem, Note, QueueEntry,
    ReviewDiff, State as ReviewState,
};
use crate::revisions::{DiffOp, DiffPart, Kind as RevisionKind, Revision};
use crate::search::{
    Hit as SearchHit, Kind as SearchKind, Part as SearchPart, Query as SearchQuery, Results as SearchResults,
};
use crate::settings::Settings;
use crate::store::StoreInfo;
use crate::template::{Attendee, Conflict, Meeting, MergeOutcome, Part};
use crate::users::{Actor, Role, UserSummary};

pub fn typescript() -> String {
    // Numbers, not bigint: ids and counts stay far below 2^53.
    let cfg = Config::new().with_large_int("number");
    let decls = [
        ErrorReport::decl(&cfg),
        crate::Boot::decl(&cfg),
        Lang::decl(&cfg),
        Post::decl(&cfg),
        PostSummary::decl(&cfg),
        NewPost::decl(&cfg),
        PostEdit::decl(&cfg),
        Shelf::decl(&cfg),
        RevisionKind::decl(&cfg),
        Revision::decl(&cfg),
        DiffOp::decl(&cfg),
        DiffPart::decl(&cfg),
        FindingKind::decl(&cfg),
        Finding::decl(&cfg),
        Person::decl(&cfg),
        PersonTitle::decl(&cfg),
        ImportReport::decl(&cfg),
        ImportRow::decl(&cfg),
        Suggestion::decl(&cfg),
        TitleWarning::decl(&cfg),
        Attendee::decl(&cfg),
        Meeting::decl(&cfg),
        Part::decl(&cfg),
        Conflict::decl(&cfg),
        MergeOutcome::decl(&cfg),
        Settings::decl(&cfg),
        StoreInfo::decl(&cfg),
        Role::decl(&cfg),
        Actor::decl(&cfg),
        UserSummary::decl(&cfg),
        ReviewItem::decl(&cfg),
        ReviewState::decl(&cfg),
        ReviewAction::decl(&cfg),
        ItemState::decl(&cfg),
        LogEntry::decl(&cfg),
        Note::decl(&cfg),
        QueueEntry::decl(&cfg),
        OutboxState::decl(&cfg),
        OutboxEntry::decl(&cfg),
        OutboxCounts::decl(&cfg),
        Counts::decl(&cfg),
        ReviewDiff::decl(&cfg),
        LogBroken::decl(&cfg),
        LogProblem::decl(&cfg),
        SearchKind::decl(&cfg),
        SearchQuery::decl(&cfg),
        SearchPart::decl(&cfg),
        SearchHit::decl(&cfg),
        SearchResults::decl(&cfg),
        ArchivePost::decl(&cfg),
        ArchiveStatus::decl(&cfg),
        ListCursor::decl(&cfg),
        PostPage::decl(&cfg),
    ];
    render("newsroom", "", &decls)
}

/// A generated TypeScript file: the header naming `crate` and how to regenerate, `imports`,
/// then each declaration exported. The photo crate writes its own file the same way.
pub fn render(krate: &str, imports: &str, decls: &[String]) -> String {
    let mut out = format!(
        "// Generated from the Rust types in crates/{krate} by `UPDATE_IPC_TYPES=1 cargo test -p {package} ipc_types`.\n// Do not edit by hand.\n\n{imports}",
        package = if krate == "newsroom" { krate.to_string() } else { format!("toasoan-{krate}") },
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// For the staleness tests: rewrites `path` with `fresh` when `UPDATE_IPC_TYPES` is set, then
/// fails unless the committed file is `fresh`.
pub fn check_committed(path: &str, fresh: &str) {
    if std::env::var_os("UPDATE_IPC_TYPES").is_some() {
        std::fs::create_dir_all(std::path::Path::new(path).parent().expect("a file in a folder")).expect("ui folder");
        std::fs::write(path, fresh).expect("write the generated types");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{path} is stale: run `UPDATE_IPC_TYPES=1 cargo test -p newsroom -p toasoan-photos -p toasoan-portal ipc_types` and commit it"
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_typescript_matches_the_rust_types() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/src/lib/ipc/types.ts");
        super::check_committed(path, &super::typescript());
    }
}
