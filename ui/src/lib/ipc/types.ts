// Generated from the Rust types in crates/newsroom by `UPDATE_IPC_TYPES=1 cargo test -p newsroom ipc_types`.
// Do not edit by hand.

export type ErrorReport = { code: string, message: string, };

export type Boot = { settings: Settings, 
/**
 * The post list's first page.
 */
posts: PostPage, };

export type Lang = "vi" | "en";

export type Post = { id: number, title: string, 
/**
 * The portal address's last part, ASCII ("do-anh-tuan"); unique.
 */
slug: string, 
/**
 * True once the editor typed the slug; it then no longer follows the title.
 */
slug_manual: boolean, 
/**
 * The lead paragraph (sapo), plain text.
 */
sapo: string, 
/**
 * Sanitised HTML.
 */
body_html: string, category: string, tags: Array<string>, 
/**
 * The line that closes the post, e.g. "Ban Tuyên giáo Quận Tây Hồ".
 */
signature: string, 
/**
 * UTC, RFC 3339; shown in Asia/Ho_Chi_Minh. The publication time, when set.
 */
published_at: string | null, 
/**
 * Review state (see `review::State`): "draft", "submitted", "changes_requested",
 * "approved", "scheduled", "published" or "withdrawn".
 */
state: string, created_at: string, updated_at: string, 
/**
 * Set while the post is in the bin.
 */
deleted_at: string | null, is_sample: boolean, 
/**
 * The library photo shown with the post in lists and at the top of its page on the portal.
 */
featured_photo_id: number | null, 
/**
 * The profile that wrote it; None for posts made before profiles existed (see review.rs).
 */
author_id: number | null, 
/**
 * SHA-256 of the content the last approval pinned.
 */
approved_hash: string | null, 
/**
 * UTC, when a scheduled post goes out.
 */
scheduled_at: string | null, 
/**
 * Back in the review queue because it was edited after approval.
 */
edited_after_approval: boolean, };

export type PostSummary = { id: number, title: string, excerpt: string, category: string, state: string, published_at: string | null, updated_at: string, deleted_at: string | null, is_sample: boolean, 
/**
 * Its way to the portal in one word (see [`crate::outbox::portal_word_sql`]).
 */
portal: string | null, };

export type NewPost = { title: string, body_html: string, category: string, };

export type PostEdit = { id: number, title: string, sapo: string, body_html: string, category: string, tags: Array<string>, signature: string, 
/**
 * UTC or with an offset, RFC 3339; stored as UTC.
 */
published_at: string | null, 
/**
 * None: the slug follows the title (unless typed before). Some(""): follow the title again.
 * Some(text): the editor's own slug, which must be unused.
 */
slug: string | null, 
/**
 * A photo of the library, or None for no featured photo.
 */
featured_photo_id: number | null, };

export type Shelf = "active" | "bin";

export type Kind = "created" | "autosave" | "version" | "restore";

export type Revision = { id: number, post_id: number, kind: Kind, label: string, title: string, sapo: string, body_html: string, created_at: string, 
/**
 * The last save this revision holds (an autosave burst grows until typing pauses).
 */
updated_at: string, words: number, };

export type DiffOp = "same" | "added" | "removed";

export type DiffPart = { op: DiffOp, text: string, };

export type FindingKind = "nfd" | "mixed_tone_style" | "double_space" | "non_breaking_space" | "space_before_punctuation" | "straight_quotes" | "unbalanced_quotes" | "mixed_date_formats" | "official_title";

export type Finding = { kind: FindingKind, 
/**
 * Character offsets of the flagged text, `start..end`.
 */
start: number, end: number, 
/**
 * The flagged text with a few words either side, to show in a list.
 */
excerpt: string, 
/**
 * What to put in place of `start..end`, when there is one clear fix.
 */
suggestion: string | null, };

export type Person = { id: number, name: string, 
/**
 * The person's unit now ("Quận ủy Tây Hồ").
 */
unit: string, note: string, 
/**
 * Oldest first.
 */
titles: Array<PersonTitle>, };

export type PersonTitle = { id: number, title: string, 
/**
 * The unit the title belonged to at the time.
 */
unit: string, 
/**
 * 'YYYY-MM-DD'; None when not known.
 */
held_from: string | null, 
/**
 * 'YYYY-MM-DD', the last day held; None while still held or when not known.
 */
held_until: string | null, };

export type ImportReport = { added: number, 
/**
 * Already there, and a title or the note was added or changed.
 */
updated: number, unchanged: number, 
/**
 * The rows skipped, each with the reason.
 */
rows: Array<ImportRow>, };

export type ImportRow = { 
/**
 * The row's number as the spreadsheet or text editor shows it (the header is usually 1).
 */
row: number, 
/**
 * "missing_name", "bad_date", "dates_reversed" or "dates_without_title".
 */
code: string, 
/**
 * The reason and what to do, in the reader's language.
 */
message: string, };

export type Suggestion = { person: Person, 
/**
 * The title held on the date asked about (today when none was given), if any.
 */
title: PersonTitle | null, 
/**
 * What goes into the article: "đồng chí Nguyễn Anh Tuấn - Phó Bí thư thường trực Quận ủy".
 */
display: string, };

export type TitleWarning = { 
/**
 * "unknown_person" or "title_not_held".
 */
code: string, message: string, 
/**
 * The person meant, when the name names exactly one.
 */
person_id: number | null, 
/**
 * The titles the person (or namesakes) did hold on that date, to offer instead.
 */
held: Array<string>, };

export type Attendee = { name: string, 
/**
 * "Phó Bí thư thường trực Quận ủy". Joined to the name with " - "; a title that already
 * starts with a dash ("– TUV, Phó Trưởng Ban …") keeps its own.
 */
title: string, };

export type Meeting = { 
/**
 * What was held, as it reads after "đã tổ chức": "tổng kết công tác dân vận năm 2019 …".
 */
name: string, 
/**
 * Who held it: "Ban Dân vận Quận ủy".
 */
organiser: string, 
/**
 * ISO "2020-01-15" (a typed "15/01/2020" is accepted too; anything else is used as written).
 */
date: string, 
/**
 * "14:00" (also "14h00", "14h"); decides Sáng / Trưa / Chiều / Tối. An unreadable time is ignored.
 */
time: string | null, place: string | null, chaired_by: Attendee | null, attendees: Array<Attendee>, 
/**
 * One clause each: "Bộ nội vụ đã tặng kỷ niệm chương … cho 03 cá nhân".
 */
awards: Array<string>, 
/**
 * The sentence before the directives, as written: "Thay mặt …, đồng chí … đề nghị …:".
 */
directives_intro: string | null, 
/**
 * One directive each, without its "Một là,": "các cấp ủy đảng, chính quyền cần …".
 */
directives: Array<string>, };

export type Part = { "part": "opening" } | { "part": "chair" } | { "part": "attendees" } | { "part": "awards" } | { "part": "directives_intro" } | { "part": "directive", "number": number };

export type Conflict = { part: Part, 
/**
 * Where it is in [`MergeOutcome::paragraphs`]: the edited paragraph when `edited` is set,
 * otherwise the place the new paragraph would be inserted.
 */
index: number, 
/**
 * The editor's version, kept for now; None when the editor deleted the paragraph (or
 * rewrote it beyond recognition, in which case it stays as the editor's own text).
 */
edited: string | null, 
/**
 * What the template makes of it now; None when the part is gone from the new version
 * (accepting removes the editor's paragraph).
 */
generated: string | null, };

export type MergeOutcome = { 
/**
 * The body after regeneration, with every conflict still resolved in the editor's favour.
 */
paragraphs: Array<string>, 
/**
 * In document order.
 */
conflicts: Array<Conflict>, };

export type Settings = { language: Lang, 
/**
 * The signature line a new post starts with, e.g. "Ban Tuyên giáo Quận Tây Hồ".
 */
default_signature: string, 
/**
 * Long edges of the photo renditions, largest first (the portal takes the largest).
 */
photo_sizes: Array<number>, 
/**
 * Written into every rendition's metadata, e.g. "© Cổng thông tin điện tử huyện".
 */
photo_copyright: string, };

export type StoreInfo = { path: string, schema_version: number, supported_schema_version: number, 
/**
 * "ok", or the problems `PRAGMA integrity_check` found.
 */
integrity: Array<string>, };

export type Role = "editor" | "photographer" | "supervisor";

export type Actor = { id: number, name: string, 
/**
 * Shown in the window and used as the author.
 */
display_name: string, roles: Array<Role>, };

export type UserSummary = { id: number, name: string, display_name: string, roles: Array<Role>, 
/**
 * True when switching to it asks for a password.
 */
protected: boolean, created_at: string, };

export type ReviewItem = { "kind": "post", "id": number } | { "kind": "album", "id": number };

export type ReviewState = "draft" | "submitted" | "changes_requested" | "approved" | "scheduled" | "published" | "withdrawn";

export type ReviewAction = "submit" | "request_changes" | "approve" | "schedule" | "publish" | "withdraw" | "reopen";

export type ItemState = { item: ReviewItem, title: string, state: ReviewState, author_id: number | null, 
/**
 * The author's display name.
 */
author: string | null, 
/**
 * SHA-256 of the content as it is now.
 */
content_hash: string, 
/**
 * SHA-256 of the content the last approval pinned.
 */
approved_hash: string | null, 
/**
 * UTC, when a scheduled item goes out.
 */
scheduled_at: string | null, 
/**
 * UTC, when it last entered "submitted".
 */
submitted_at: string | null, 
/**
 * Back in the queue because it was edited after approval.
 */
edited_after_approval: boolean, 
/**
 * A post in the bin: no step is taken until it is restored.
 */
in_bin: boolean, 
/**
 * The portal's copy: its address and its WordPress status ("pending", "publish"…), once
 * the sync has sent it or read it.
 */
portal_link: string | null, portal_status: string | null, };

export type LogEntry = { item: ReviewItem, 
/**
 * 1, 2, 3… within the item.
 */
seq: number, 
/**
 * UTC, RFC 3339.
 */
at: string, 
/**
 * None for the system (an edit whose author the core did not know).
 */
user_id: number | null, user: string | null, 
/**
 * An [`Action`] code, or "edited_after_approval".
 */
action: string, from_state: ReviewState | null, to_state: ReviewState, 
/**
 * SHA-256 of the content the step was taken on.
 */
content_hash: string, 
/**
 * The post's latest revision at the time (posts only).
 */
revision_id: number | null, note: string | null, prev_hash: string, hash: string, };

export type Note = { id: number, item: ReviewItem, author_id: number, author: string, body: string, 
/**
 * The text the note is attached to; None for a general note.
 */
passage: string | null, 
/**
 * The note this one answers.
 */
reply_to: number | null, resolved_at: string | null, resolved_by: number | null, created_at: string, };

export type QueueEntry = { item: ReviewItem, title: string, state: ReviewState, 
/**
 * When a scheduled item goes out (UTC).
 */
scheduled_at: string | null, author_id: number | null, author: string | null, submitted_at: string | null, edited_after_approval: boolean, 
/**
 * Notes not yet resolved.
 */
open_notes: number, };

export type OutboxState = "waiting" | "sending" | "sent" | "failed" | "cancelled" | "conflict";

export type OutboxEntry = { id: number, item: ReviewItem, 
/**
 * The item's title now ("" once it is gone).
 */
title: string, 
/**
 * The review action that made it ("submit", "approve"…), or "edit".
 */
reason: string, 
/**
 * Whose portal login sends it.
 */
user_id: number | null, user: string | null, created_at: string, state: OutboxState, attempts: number, 
/**
 * Not before this time (UTC), after a failure.
 */
next_at: string | null, error_code: string | null, error: string | null, done_at: string | null, };

export type OutboxCounts = { waiting: number, sending: number, failed: number, conflict: number, };

export type ReviewCounts = { 
/**
 * Submitted items, for a supervisor; 0 for anyone else.
 */
waiting_for_me: number, 
/**
 * The actor's own items sent back with "changes requested": posts and albums together,
 * then each (the navigation shows them on "Bài viết" and on "Album ảnh").
 */
returned_to_me: number, returned_posts: number, returned_albums: number, };

export type ReviewDiff = { 
/**
 * "approved" or "submitted"; None when the post was never submitted (all of it is new).
 */
against: string | null, 
/**
 * When that approval or submission was.
 */
at: string | null, 
/**
 * Its log entry.
 */
seq: number | null, parts: Array<DiffPart>, };

export type LogBroken = { item: ReviewItem, 
/**
 * The first entry that does not check. For a `state` problem, the last entry (0 when the
 * item has none): its state was changed behind the app's back, or entries were removed.
 */
seq: number, problem: LogProblem, };

export type LogProblem = "hash" | "chain" | "snapshot" | "state";

export type SearchKind = "post" | "album" | "photo" | "person" | "archive";

export type SearchQuery = { text: string, 
/**
 * Empty: every kind.
 */
kinds: Array<SearchKind>, 
/**
 * A review state ("draft", "submitted", "published"…): posts and albums.
 */
state: string | null, 
/**
 * Posts only.
 */
category: string | null, 
/**
 * The author's profile id: posts and albums.
 */
author_id: number | null, 
/**
 * `YYYY-MM-DD`, inclusive, Vietnam's days: a post's publication (else last change), an
 * album's event, a photo's taking, an archive post's publication.
 */
from: string | null, to: string | null, 
/**
 * Posts with photos (inline or featured), albums with photos.
 */
has_photos: boolean | null, 
/**
 * At most 200; 0 means 20.
 */
limit: number, offset: number, };

export type SearchPart = { text: string, hit: boolean, };

export type SearchHit = { kind: SearchKind, id: number, title: string, title_parts: Array<SearchPart>, 
/**
 * Words around the first place the query matched, with their own diacritics.
 */
snippet: string, snippet_parts: Array<SearchPart>, 
/**
 * Higher is better: the exact spelling, then words with marks, then the title, then BM25
 * (or recency), in one number that follows the order of the hits.
 */
score: number, 
/**
 * Every word of the query written with the query's own diacritics.
 */
exact: boolean, 
/**
 * Posts and albums: the review state.
 */
state: string | null, 
/**
 * The date the filters use (UTC RFC 3339 or `YYYY-MM-DD`).
 */
date: string | null, };

export type SearchResults = { hits: Array<SearchHit>, 
/**
 * More hits follow this page.
 */
more: boolean, };

export type ArchivePost = { 
/**
 * The post's id on the portal.
 */
remote_id: number, title: string, 
/**
 * Sanitised like a post's body (the portal's images are not kept).
 */
content_html: string, excerpt: string, 
/**
 * The post's address on the portal, shown as text.
 */
link: string, 
/**
 * UTC, RFC 3339.
 */
published_at: string, 
/**
 * Category names, comma separated.
 */
categories: string, };

export type ArchiveStatus = { count: number, 
/**
 * When a pull last finished or stopped (UTC).
 */
pulled_at: string | null, 
/**
 * A pull stopped part way: the next one goes on from this page.
 */
resume_page: number | null, 
/**
 * Every published post was read at least once.
 */
complete: boolean, };

export type ListCursor = { key: string, id: number, };

export type PostPage = { items: Array<PostSummary>, 
/**
 * Where the next page starts; None at the end.
 */
next: ListCursor | null, 
/**
 * How many posts the shelf holds (kept by triggers, not counted).
 */
total: number, };
