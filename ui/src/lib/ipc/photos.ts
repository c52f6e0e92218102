// Generated from the Rust types in crates/photos by `UPDATE_IPC_TYPES=1 cargo test -p toasoan-photos ipc_types`.
// Do not edit by hand.

import type { ErrorReport, ListCursor } from './types';

export type ImportItem = { path: string, photo_id: number | null, duplicate: boolean, error: ErrorReport | null, };

export type ImportReport = { items: Array<ImportItem>, 
/**
 * New photos.
 */
imported: number, duplicates: number, failed: number, 
/**
 * Files not started because the import was cancelled.
 */
cancelled: number, };

export type ImportProgress = { 
/**
 * Files finished so far, this one included.
 */
done: number, total: number, item: ImportItem, };

export type Rendition = { long_edge: number, 
/**
 * Absolute path of the JPEG.
 */
path: string, width: number, height: number, bytes: number, };

export type PhotoInfo = { id: number, sha256: string, 
/**
 * Absolute path of the original, byte-for-byte as imported.
 */
original_path: string, bytes: number, 
/**
 * As shown, after the EXIF orientation.
 */
width: number, height: number, 
/**
 * When the camera took it (EXIF DateTimeOriginal, camera's local time, ISO 8601), if known.
 */
taken_at: string | null, caption: string, alt_text: string, credit: string, created_at: string, 
/**
 * Largest first.
 */
renditions: Array<Rendition>, };

export type PhotoSummary = { id: number, width: number, height: number, taken_at: string | null, caption: string, alt_text: string, credit: string, 
/**
 * Changes whenever the renditions are made again (rotate, crop): thumbnails add it to their
 * address so the window does not show a stale copy.
 */
version: number, 
/**
 * How the renditions are framed; the original is never changed.
 */
framing: Framing, };

export type Framing = { 
/**
 * Clockwise quarter turns, 0 to 3.
 */
quarter_turns: number, 
/**
 * The part kept, as fractions of the turned photo; `None` keeps all of it.
 */
crop: Crop | null, };

export type Crop = { x: number, y: number, w: number, h: number, };

export type PhotoEdit = { caption?: string, alt_text?: string, credit?: string, };

export type AlbumSummary = { id: number, title: string, 
/**
 * `YYYY-MM-DD`, the day of the event.
 */
event_date: string | null, photo_count: number, 
/**
 * The chosen cover, or the first photo when none was chosen.
 */
cover_photo_id: number | null, updated_at: string, 
/**
 * Its way to the portal in one word (see `newsroom::outbox::portal_word_sql`).
 */
portal: string | null, };

export type Album = { id: number, title: string, event_date: string | null, description: string, 
/**
 * Shown for the album's photos that have no credit of their own.
 */
credit: string, 
/**
 * The cover as chosen; `None` means the first photo is the cover.
 */
cover_photo_id: number | null, created_at: string, updated_at: string, photos: Array<PhotoSummary>, };

export type AlbumEdit = { title?: string, 
/**
 * `YYYY-MM-DD`, or an empty string to clear it.
 */
event_date?: string, description?: string, credit?: string, 
/**
 * A photo of the album, or 0 to go back to the first photo.
 */
cover_photo_id?: number, };

export type PhotoPage = { items: Array<PhotoSummary>, next: ListCursor | null, 
/**
 * How many photos the library holds (kept by triggers, not counted).
 */
total: number, };

export type AlbumPage = { items: Array<AlbumSummary>, next: ListCursor | null, 
/**
 * How many albums there are (kept by triggers, not counted).
 */
total: number, };
