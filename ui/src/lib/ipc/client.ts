// Thin typed client over the Tauri commands of the Rust shell.
// Every function rejects with an ErrorReport (never anything else).
import { invoke } from '@tauri-apps/api/core';
import type {
  DiffPart,
  ErrorReport,
  Finding,
  ImportReport,
  Person,
  Suggestion,
  TitleWarning,
  Revision,
  Lang,
  Meeting,
  MergeOutcome,
  NewPost,
  Post,
  PostEdit,
  Settings,
  Shelf,
  StoreInfo,
} from './types';
import type { ListCursor, PostPage } from './types';
import type {
  Actor,
  ItemState,
  LogEntry,
  Note,
  QueueEntry,
  ReviewAction,
  ReviewCounts,
  ReviewDiff,
  ReviewItem,
  Role,
  UserSummary,
} from './types';
import type {
  Album,
  AlbumEdit,
  Framing,
  PhotoEdit,
  PhotoInfo,
  PhotoSummary,
} from './photos';
import type { AlbumPage, PhotoPage } from './photos';
import type { PortalReport, PortalSettings } from './portal';
import type { SyncReport } from './portal';
import type { ConflictChoice, PortalConflict } from './portal';
import type { OutboxCounts, OutboxEntry } from './types';
import type { ArchivePost, ArchiveStatus, SearchQuery, SearchResults } from './types';
import type { ArchiveReport } from './portal';

export type { ErrorReport };

export function isErrorReport(value: unknown): value is ErrorReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns whatever a command threw into an ErrorReport (code 'unknown' when it was not one). */
export function toErrorReport(value: unknown): ErrorReport {
  if (isErrorReport(value)) return { code: value.code, message: value.message };
  if (value instanceof Error) return { code: 'unknown', message: value.message };
  if (typeof value === 'string') return { code: 'unknown', message: value };
  let message = '';
  try {
    message = JSON.stringify(value) ?? '';
  } catch {
    message = String(value);
  }
  return { code: 'unknown', message };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toErrorReport(error);
  }
}

export const api = {
  /** One page of a shelf, most recently changed first: `after` is the previous page's `next`
   * (null for the first page); `limit` 0 is the core's page size (100), at most 500. */
  postPage: (shelf: Shelf, after: ListCursor | null, limit = 0) =>
    call<PostPage>('post_page', { shelf, after, limit }),
  postGet: (id: number) => call<Post>('post_get', { id }),
  postCreate: (newPost: NewPost) => call<Post>('post_create', { new: newPost }),
  postEdit: (edit: PostEdit) => call<Post>('post_edit', { edit }),
  postMoveToBin: (id: number) => call<Post>('post_move_to_bin', { id }),
  postRestore: (id: number) => call<Post>('post_restore', { id }),
  postDiscardIfEmpty: (id: number) => call<boolean>('post_discard_if_empty', { id }),
  postImportFile: () => call<Post | null>('post_import_file'),
  settingsGet: () => call<Settings>('settings_get'),
  settingsSetLanguage: (language: Lang) => call<Settings>('settings_set_language', { language }),
  storeInfo: () => call<StoreInfo>('store_info'),
  postCategories: () => call<string[]>('post_categories'),
  postHistory: (id: number) => call<Revision[]>('post_history', { id }),
  postSaveVersion: (id: number, label: string) => call<Revision>('post_save_version', { id, label }),
  revisionDiff: (from: number, to: number) => call<DiffPart[]>('revision_diff', { from, to }),
  revisionRestore: (id: number) => call<Post>('revision_restore', { id }),
  settingsSetDefaultSignature: (signature: string) =>
    call<Settings>('settings_set_default_signature', { signature }),
  appReady: () => call<null>('app_ready'),
  /** Editorial checks of the post's saved text (call after a save). */
  postCheck: (id: number) => call<Finding[]>('post_check', { id }),
  peopleList: () => call<Person[]>('people_list'),
  /** Opens a file dialog for .xlsx/.csv; null when cancelled. */
  peopleImport: () => call<ImportReport | null>('people_import'),
  /** `onDate` ('YYYY-MM-DD'): the titles held that day; null for today. */
  peopleSuggest: (query: string, onDate: string | null) =>
    call<Suggestion[]>('people_suggest', { query, onDate }),
  peopleCheck: (name: string, title: string, date: string) =>
    call<TitleWarning | null>('people_check', { name, title, date }),
  appQuit: () => call<null>('app_quit'),
  /** The meeting-report fields saved with the post; null when it has none. */
  meetingGet: (postId: number) => call<Meeting | null>('meeting_get', { postId }),
  /** What filling in the template would do to the saved body, and which edited paragraphs it touches. */
  meetingPreview: (postId: number, meeting: Meeting) => call<MergeOutcome>('meeting_preview', { postId, meeting }),
  /** Writes the template into the body (`accept[i]`: conflict i takes the new text) and saves the fields. */
  meetingApply: (postId: number, meeting: Meeting, accept: boolean[]) =>
    call<Post>('meeting_apply', { postId, meeting, accept }),
  /** The whole photo library, newest first. */
  /** One page of the library, newest first (keyset, as postPage). */
  photoPage: (after: ListCursor | null, limit = 0) => call<PhotoPage>('photo_page', { after, limit }),
  photoGet: (id: number) => call<PhotoInfo>('photo_get', { id }),
  /** Caption, alt text or credit of one photo or many: only the fields present change. */
  photoEdit: (ids: number[], edit: PhotoEdit) => call<PhotoSummary[]>('photo_edit', { ids, edit }),
  /** Turns and crops a photo (`framing` replaces the one it has); the renditions are made again
   * from the untouched original. The photo comes back with its new size and version. */
  photoFrame: (id: number, framing: Framing) => call<PhotoSummary>('photo_frame', { id, framing }),
  /** Opens the file dialog (folders, e.g. a card's DCIM, when `folders`) and starts the import in
   * the background; false when the dialog was closed. Progress comes as events. */
  photoImportPick: (albumId: number | null, folders: boolean) =>
    call<boolean>('photo_import_pick', { albumId, folders }),
  /** Imports what was last dropped onto the window; false when nothing was. */
  photoImportDropped: (albumId: number | null) => call<boolean>('photo_import_dropped', { albumId }),
  photoImportCancel: () => call<null>('photo_import_cancel'),
  /** One page of the albums, latest event first (keyset, as postPage). */
  albumPage: (after: ListCursor | null, limit = 0) => call<AlbumPage>('album_page', { after, limit }),
  albumNew: (title: string) => call<Album>('album_new', { title }),
  albumGet: (id: number) => call<Album>('album_get', { id }),
  albumEdit: (id: number, edit: AlbumEdit) => call<Album>('album_edit', { id, edit }),
  albumAdd: (id: number, photoIds: number[]) => call<Album>('album_add', { id, photoIds }),
  /** Takes the photos out of the album; they stay in the library. */
  albumRemove: (id: number, photoIds: number[]) => call<Album>('album_remove', { id, photoIds }),
  /** `photoIds`: every photo of the album, in the new order. */
  albumReorder: (id: number, photoIds: number[]) => call<Album>('album_reorder', { id, photoIds }),
  albumDelete: (id: number) => call<null>('album_delete', { id }),
  /** Long edges of the renditions made at import, largest first (the core sorts and checks them). */
  settingsSetPhotoSizes: (sizes: number[]) => call<Settings>('settings_set_photo_sizes', { sizes }),
  settingsSetPhotoCopyright: (copyright: string) =>
    call<Settings>('settings_set_photo_copyright', { copyright }),
  // Profiles and review (issue 5). The shell acts as the profile chosen in this window.
  userList: () => call<UserSummary[]>('user_list'),
  /** The profile this window acts as; null until one is chosen. */
  userCurrent: () => call<Actor | null>('user_current'),
  /** A protected profile (every supervisor) needs its password. */
  userSwitch: (name: string, password: string | null) => call<Actor>('user_switch', { name, password }),
  userSignOut: () => call<null>('user_sign_out'),
  /** Anyone on the first setup; afterwards only a supervisor (the core decides). */
  userAdd: (name: string, displayName: string, roles: Role[], password: string | null) =>
    call<UserSummary>('user_add', { name, displayName, roles, password }),
  /** Null leaves that part as it is; the core decides who may change what. */
  userEdit: (name: string, displayName: string | null, roles: Role[] | null) =>
    call<UserSummary>('user_edit', { name, displayName, roles }),
  /** `current`: one's own present password; `next` null removes the password. */
  userSetPassword: (name: string, current: string | null, next: string | null) =>
    call<UserSummary>('user_set_password', { name, current, new: next }),
  userRemove: (name: string) => call<UserSummary>('user_remove', { name }),
  reviewState: (item: ReviewItem) => call<ItemState>('review_state', { item }),
  /** `note`: required to request changes; `at`: the publication time of a schedule. */
  /** `seenHash`: the content hash of the text the review view showed; approving anything else is refused. */
  reviewTransition: (
    item: ReviewItem,
    action: ReviewAction,
    note: string | null,
    at: string | null,
    seenHash: string | null = null,
  ) => call<ItemState>('review_transition', { item, action, note, at, seenHash }),
  reviewQueue: () => call<QueueEntry[]>('review_queue'),
  /** For a supervisor: approved, scheduled and published items (to schedule, publish, withdraw). */
  reviewGoingOut: () => call<QueueEntry[]>('review_going_out'),
  reviewCounts: () => call<ReviewCounts>('review_counts'),
  reviewNotes: (item: ReviewItem) => call<Note[]>('review_notes', { item }),
  /** `passage`: the text the note is about, as it appears in the item; null for a general note. */
  reviewNoteAdd: (item: ReviewItem, body: string, passage: string | null, replyTo: number | null) =>
    call<Note>('review_note_add', { item, body, passage, replyTo }),
  reviewNoteResolve: (noteId: number) => call<Note>('review_note_resolve', { noteId }),
  reviewDiff: (item: ReviewItem) => call<ReviewDiff>('review_diff', { item }),
  reviewLog: (item: ReviewItem) => call<LogEntry[]>('review_log', { item }),
  // The portal connection (issue 6), for the profile chosen in this window. The application
  // password goes to the core (the OS keyring) once and never comes back.
  /** The address and the portal user name saved for this profile (never the password). */
  portalGet: () => call<PortalSettings>('portal_get'),
  /** `password` null keeps the saved one (only while the user name and address stay the same). */
  portalSet: (url: string, user: string, password: string | null) =>
    call<PortalSettings>('portal_set', { url, user, password }),
  /** Forgets this profile's portal login on this computer; the address stays. */
  portalForget: () => call<PortalSettings>('portal_forget'),
  /** The office's portal category for albums (not per profile); empty goes back to "Album ảnh". */
  portalSetAlbumCategory: (name: string) => call<PortalSettings>('portal_set_album_category', { name }),
  /** Reaches the portal with the saved address and login and says what the account may do. */
  portalTest: () => call<PortalReport>('portal_test'),
  // Đồng bộ (issue 6): the outbox of changes the portal must hear of.
  /** Open entries oldest first, then the 30 newest done ones; the counts are over all of them. */
  syncStatus: () => call<{ entries: OutboxEntry[]; counts: OutboxCounts }>('sync_status'),
  /** "Gửi ngay": sends what can go now and says what happened to each item (portal_not_set
   * without a portal address). */
  syncRun: () => call<SyncReport>('sync_run'),
  /** A failed or conflicting entry (and the rest of its item's) waits again, at once. */
  syncRetry: (id: number) => call<OutboxEntry>('sync_retry', { id }),
  /** The entry is not sent (not_cancellable once it is being sent or done). */
  syncCancel: (id: number) => call<OutboxEntry>('sync_cancel', { id }),
  /** A post changed here and on the portal: both versions, word by word (local → portal); null
   * once settled. */
  syncConflict: (item: ReviewItem) => call<PortalConflict | null>('sync_conflict', { item }),
  /** keep_mine: this computer's version goes over the portal's (the entry waits again);
   * take_theirs: the local post becomes the portal's text, as an edit (no_conflict when settled). */
  syncResolve: (item: ReviewItem, choice: ConflictChoice) => call<null>('sync_resolve', { item, choice }),
  /** "Xuất gói đăng thủ công": the shell asks for a folder and writes the page, its photos and
   * manifest.json there; the package's folder, or null when the dialog was closed. */
  portalExport: (item: ReviewItem) => call<string | null>('portal_export', { item }),
  // Tìm kiếm (issue 7): the search over the store and the portal's archive kept for reading offline.
  /** Ranked hits with their matching words marked; never an error for what a person typed. */
  search: (query: SearchQuery) => call<SearchResults>('search', { query }),
  archiveStatus: () => call<ArchiveStatus>('archive_status'),
  /** `id`: the post's id on the portal (a hit's id). */
  archiveGet: (id: number) => call<ArchivePost>('archive_get', { id }),
  /** "Dùng làm bài mới": a new draft from the archive post, by the profile at the keyboard. */
  archiveToPost: (id: number) => call<Post>('archive_to_post', { id }),
  /** Pulls the portal's published posts page by page (`archive-progress` events); archive_busy
   * while another pull runs. */
  archivePull: () => call<ArchiveReport>('archive_pull'),
  /** Stops the pull after the page it is reading; what was read is kept. */
  archiveCancel: () => call<null>('archive_cancel'),
};
