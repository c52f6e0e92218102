// Generated from the Rust types in crates/portal by `UPDATE_IPC_TYPES=1 cargo test -p toasoan-portal ipc_types`.
// Do not edit by hand.

import type { DiffPart, ErrorReport, OutboxCounts, ReviewItem } from './types';

export type PortalSettings = { url: string | null, 
/**
 * Plain http accepted because the portal is on this computer.
 */
loopback: boolean, 
/**
 * The portal user name kept for this profile; None when none is kept.
 */
user: string | null, 
/**
 * The category albums go into on the portal.
 */
album_category: string, };

export type PortalReport = { url: string, 
/**
 * The site's name as WordPress gives it.
 */
site_name: string, 
/**
 * The portal user name the login is for.
 */
account: string, display_name: string, 
/**
 * WordPress roles: "administrator", "editor", "author", "contributor"…
 */
roles: Array<string>, can_upload: boolean, 
/**
 * May publish (`publish_posts`); a contributor may only send posts for review.
 */
can_publish: boolean, 
/**
 * Plain http, accepted only because the portal is on this computer.
 */
plain_http: boolean, 
/**
 * The site answers at /wp-json/ (pretty permalinks); otherwise at /?rest_route=.
 */
pretty_routes: boolean, };

export type SyncItem = { item: ReviewItem, title: string, 
/**
 * "sent", "nothing" (no portal change was needed), "failed", "waiting" (a transient
 * failure: it goes again later by itself) or "conflict".
 */
outcome: string, 
/**
 * The portal's status now: "pending", "publish", "future", "draft".
 */
remote_status: string | null, link: string | null, error: ErrorReport | null, };

export type SyncReport = { items: Array<SyncItem>, 
/**
 * What came from the portal: posts another PC sent for review ("received"), and this PC's
 * items approved elsewhere ("published_elsewhere", "scheduled_elsewhere").
 */
received: Array<SyncItem>, 
/**
 * Entries still open after the run (waiting out a backoff, failed, in conflict).
 */
counts: OutboxCounts, };

export type PortalConflict = { item: ReviewItem, local_title: string, portal_title: string, 
/**
 * Title, sapo and paragraphs as plain text.
 */
local_text: string, portal_text: string, parts: Array<DiffPart>, 
/**
 * When the portal's copy was last changed there (UTC).
 */
portal_modified: string, found_at: string, };

export type ConflictChoice = "keep_mine" | "take_theirs";

export type ArchiveProgress = { page: number, pages: number, 
/**
 * Posts received in this pull so far.
 */
received: number, };

export type ArchiveReport = { 
/**
 * Posts received (new or changed) in this pull.
 */
received: number, 
/**
 * Posts the archive holds now.
 */
count: number, 
/**
 * Every page was read (false: stopped by cancel; the next pull goes on).
 */
complete: boolean, };
