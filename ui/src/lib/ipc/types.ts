// Generated from the Rust types in crates/newsroom by `UPDATE_IPC_TYPES=1 cargo test -p newsroom ipc_types`.
// Do not edit by hand.

export type ErrorReport = { code: string, message: string, };

export type Lang = "vi" | "en";

export type Post = { id: number, title: string, 
/**
 * Sanitised HTML.
 */
body_html: string, category: string, signature: string, 
/**
 * UTC, RFC 3339; shown in Asia/Ho_Chi_Minh. None until published.
 */
published_at: string | null, created_at: string, updated_at: string, 
/**
 * Set while the post is in the bin.
 */
deleted_at: string | null, is_sample: boolean, };

export type PostSummary = { id: number, title: string, excerpt: string, published_at: string | null, updated_at: string, deleted_at: string | null, is_sample: boolean, };

export type NewPost = { title: string, body_html: string, };

export type PostEdit = { id: number, title: string, body_html: string, };

export type Shelf = "active" | "bin";

export type Settings = { language: Lang, };

export type StoreInfo = { path: string, schema_version: number, supported_schema_version: number, 
/**
 * "ok", or the problems `PRAGMA integrity_check` found.
 */
integrity: Array<string>, };
