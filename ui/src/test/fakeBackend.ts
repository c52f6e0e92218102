// In-memory stand-in for the Rust commands, for tests.
import type {
  DiffPart,
  PostEdit,
  ErrorReport,
  Finding,
  ImportReport,
  Lang,
  Person,
  Post,
  PostSummary,
  Revision,
  Settings,
  StoreInfo,
  Suggestion,
} from '../lib/ipc/types';
import type { Conflict, Meeting } from '../lib/ipc/types';
// For the profiles and review state section.
import type { Actor, ReviewItem, Role, UserSummary } from '../lib/ipc/types';
// For the review queue, diff and log section at the end (a namespace, so names never clash).
import type * as Rv from '../lib/ipc/types';
import type {
  Album,
  AlbumSummary,
  Framing,
  ImportItem,
  ImportReport as PhotoImportReport,
  PhotoInfo,
  PhotoSummary,
} from '../lib/ipc/photos';
// For the lists read a page at a time (post_page, photo_page, album_page).
import type { ListCursor, PostPage } from '../lib/ipc/types';
import type { AlbumPage, PhotoPage } from '../lib/ipc/photos';
// For the portal connection section at the end.
import type { PortalReport, PortalSettings } from '../lib/ipc/portal';
// For the sync (outbox) section at the end.
import type { SyncItem, SyncReport } from '../lib/ipc/portal';
import type { ConflictChoice, PortalConflict } from '../lib/ipc/portal';
// For the search and archive section at the end.
import type { ArchiveProgress, ArchiveReport } from '../lib/ipc/portal';
import { SAMPLE_MEETING, paragraphsHtml, previewMeeting, resolveMeeting } from '../posts/meeting/fakeMeeting';

type Args = Record<string, unknown> | undefined;

type EventHandler = (event: { event: string; id: number; payload: unknown }) => void;

/** A file of a fake photo import: a new photo unless it fails or is already in the library. */
export type FakeImportFile = {
  name: string;
  /** The file cannot be imported: the message of its ErrorReport. */
  error?: string;
  /** The file is this photo of the library again. */
  duplicateOf?: number;
  caption?: string;
};

type FakeAlbum = Omit<Album, 'photos'> & { photo_ids: number[] };

/** A photo as the library's grid shows it, for tests. */
export function samplePhoto(id: number, fields: Partial<PhotoSummary> = {}): PhotoSummary {
  return {
    id,
    width: 6000,
    height: 4000,
    taken_at: '2024-05-02T08:30:00',
    caption: '',
    alt_text: '',
    credit: '',
    version: 1,
    framing: { quarter_turns: 0, crop: null },
    ...fields,
  };
}

export const SAMPLE_POST: Post = {
  id: 1,
  title: 'Hội nghị tổng kết công tác năm 2019',
  slug: 'hoi-nghi-tong-ket-cong-tac-nam-2019',
  slug_manual: false,
  sapo: '',
  tags: [],
  state: 'draft',
  body_html: '<p>Sáng 16/1, Ủy ban nhân dân xã tổ chức hội nghị tổng kết.</p>',
  category: 'Tin hoạt động',
  signature: 'Minh Anh',
  published_at: '2020-01-16T04:19:00Z',
  created_at: '2020-01-16T03:00:00Z',
  updated_at: '2020-01-16T04:19:00Z',
  deleted_at: null,
  is_sample: true,
  featured_photo_id: null,
  author_id: null,
  approved_hash: null,
  scheduled_at: null,
  edited_after_approval: false,
};

export class FakeBackend {
  posts = new Map<number, Post>();
  settings: Settings = { language: 'vi', default_signature: '', photo_sizes: [2048, 1024, 320], photo_copyright: '' };
  revisions: Revision[] = [];
  #nextRevision = 1;
  store: StoreInfo = {
    path: '/home/bientap/.local/share/toa-soan/toa-soan.sqlite',
    schema_version: 1,
    supported_schema_version: 1,
    integrity: ['ok'],
  };
  calls: { cmd: string; args: Args }[] = [];
  /** Commands that reject with the given report (until removed). */
  failures = new Map<string, ErrorReport>();
  /** When set, post_edit waits for this before answering. */
  editGate: Promise<void> | null = null;
  importResult: 'cancel' | Post = 'cancel';
  /** The people directory. */
  people: Person[] = [];
  /** What people_import answers: the report, and the directory after the import. */
  peopleImportResult: 'cancel' | { report: ImportReport; people: Person[] } = 'cancel';
  /** Meeting-report fields by post id (the sample post has the sample report's). */
  meetings = new Map<number, Meeting>();
  /** The conflicts meeting_preview / meeting_apply find (the fake otherwise just regenerates). */
  meetingConflicts: Conflict[] = [];
  #nextId = 100;
  #clock = Date.parse('2024-05-02T02:00:00Z');
  /** The photo library, oldest first (photo_page answers newest first). */
  photos = new Map<number, PhotoSummary>();
  /** Posts made up on demand for tests of long lists (see generatePosts). */
  #generatedPosts: { shelf: 'active' | 'bin'; count: number } | null = null;
  /** Photos made up on demand, older than every photo of `photos` (see generatePhotos). */
  #generatedPhotos = 0;
  albums = new Map<number, FakeAlbum>();
  #nextPhotoId = 1000;
  #nextAlbumId = 1;
  /** What the next photo_import_pick picks; 'cancel': the dialog is closed. */
  importPick: 'cancel' | FakeImportFile[] = 'cancel';
  /** What was last dropped onto the window (photo_import_dropped takes it). */
  dropped: FakeImportFile[] = [];
  /** The import under way: tests move it on with importStep() and importFinish(). */
  importRun: {
    albumId: number | null;
    files: FakeImportFile[];
    items: ImportItem[];
    cancelled: boolean;
  } | null = null;
  #listeners = new Map<string, Set<EventHandler>>();
  /** Review steps, notes, queue, diff and log: see the section at the end of this file. */
  reviewing: FakeReviewing = new FakeReviewing(this);
  /** The portal's address, each profile's login and what the test answers: see FakePortal at the end. */
  portal: FakePortal = new FakePortal(this);
  /** The lists' one word on each item's way to the portal ("post:3" → "publish", "failed"…),
   * as the core's outbox and portal copy would give it: set by a test. */
  portalWords = new Map<string, string>();
  /** The outbox and what "Gửi ngay" does: see FakeSync at the end. */
  sync: FakeSync = new FakeSync(this);
  /** The search and the portal's archive: see FakeSearch at the end. */
  search: FakeSearch = new FakeSearch(this);

  constructor(posts: Post[] = [structuredClone(SAMPLE_POST)], language: Lang = 'vi') {
    for (const p of posts) this.posts.set(p.id, p);
    for (const p of posts) if (p.is_sample) this.meetings.set(p.id, structuredClone(SAMPLE_MEETING));
    this.settings.language = language;
  }

  #revision(post: Post, kind: Revision['kind'], label: string): Revision {
    const at = this.#now();
    const rev: Revision = {
      id: this.#nextRevision++,
      post_id: post.id,
      kind,
      label,
      title: post.title,
      sapo: post.sapo,
      body_html: post.body_html,
      created_at: at,
      updated_at: at,
      words: post.body_html.replace(/<[^>]*>/g, ' ').split(/\s+/).filter(Boolean).length,
    };
    this.revisions.push(rev);
    return rev;
  }

  // ── Events (stands in for `listen` from '@tauri-apps/api/event') ──────

  /** Use as the mock of `listen`. */
  listen = async (event: string, handler: EventHandler): Promise<() => void> => {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  };

  /** Sends an event to the page, as the shell would. */
  emit(event: string, payload: unknown): void {
    for (const handler of [...(this.#listeners.get(event) ?? [])]) handler({ event, id: 0, payload });
  }

  listenerCount(event: string): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  // ── Long lists, a page at a time ──────────────────────────────────────
  // post_page, photo_page and album_page answer by keyset as the core does (crates/newsroom/
  // src/lists.rs): rows in the list's order, the page's `next` the sort key and id of its last
  // row, the next page starting strictly after it. Posts sort by updated_at (then id), newest
  // first; photos by when they were added here, newest first (the key is that rank); albums by
  // updated_at. Large lists are made up row by row when read, never stored.

  /** `count` posts on `shelf` ("Bài viết thử số 1" the newest), older than any other post; ids
   * from GENERATED_POST_ID. Each is made when a page reads it. */
  generatePosts(count: number, shelf: 'active' | 'bin' = 'active'): void {
    this.#generatedPosts = count > 0 ? { shelf, count } : null;
  }

  /** `count` photos ("Ảnh thử số 1" the newest), older than every photo of `photos`; ids from
   * GENERATED_PHOTO_ID. Each is made when a page reads it. */
  generatePhotos(count: number): void {
    this.#generatedPhotos = Math.max(0, count);
  }

  #generatedPost(i: number): PostSummary {
    const shelf = this.#generatedPosts!.shelf;
    const at = new Date(GENERATED_POSTS_BEFORE - (i + 1) * 60_000).toISOString().replace('.000Z', 'Z');
    return {
      id: GENERATED_POST_ID + i,
      title: `Bài viết thử số ${i + 1}`,
      excerpt: `Nội dung bài viết thử số ${i + 1}.`,
      category: 'Tin hoạt động',
      state: 'draft',
      published_at: null,
      updated_at: at,
      deleted_at: shelf === 'bin' ? at : null,
      is_sample: false,
      portal: null,
    };
  }

  #postPage(a: Record<string, any>): PostPage {
    const limit = pageLimit(a.limit);
    const bin = a.shelf === 'bin';
    const after = (a.after ?? null) as ListCursor | null;
    const later = (key: string, id: number) => !after || key < after.key || (key === after.key && id < after.id);
    const byKey = (x: PostSummary, y: PostSummary) => y.updated_at.localeCompare(x.updated_at) || y.id - x.id;
    const shelf = [...this.posts.values()].filter((p) => (p.deleted_at !== null) === bin);
    const rows = shelf
      .filter((p) => later(p.updated_at, p.id))
      .map((p) => this.#summary(p))
      .sort(byKey)
      .slice(0, limit + 1);
    let total = shelf.length;
    const made = this.#generatedPosts;
    if (made && made.shelf === (bin ? 'bin' : 'active')) {
      total += made.count;
      // Made-up posts are newest first by index: find the first after the cursor.
      let lo = 0;
      let hi = made.count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const p = this.#generatedPost(mid);
        if (later(p.updated_at, p.id)) hi = mid;
        else lo = mid + 1;
      }
      for (let i = lo; i < Math.min(made.count, lo + limit + 1); i++) rows.push(this.#generatedPost(i));
      rows.sort(byKey);
    }
    return keysetPage(rows, limit, (p) => ({ key: p.updated_at, id: p.id }), total);
  }

  #photoPage(a: Record<string, any>): PhotoPage {
    const limit = pageLimit(a.limit);
    const after = (a.after ?? null) as ListCursor | null;
    const below = after ? Number(after.key) : Infinity;
    // Rank: place in `photos` from 1 (the oldest); made-up photos -1, -2, … (older still).
    const ranked: { rank: number; photo: PhotoSummary }[] = [];
    let rank = 0;
    for (const photo of this.photos.values()) ranked.push({ rank: ++rank, photo });
    const rows = ranked
      .filter((r) => r.rank < below)
      .reverse()
      .slice(0, limit + 1)
      .map((r) => ({ rank: r.rank, photo: structuredClone(r.photo) }));
    // Made-up photo i has rank -(i + 1): those after the cursor start at i = -below.
    for (let i = below < 0 ? -below : 0; rows.length < limit + 1 && i < this.#generatedPhotos; i++) {
      rows.push({ rank: -(i + 1), photo: samplePhoto(GENERATED_PHOTO_ID + i, { caption: `Ảnh thử số ${i + 1}` }) });
    }
    const page = keysetPage(rows, limit, (r) => ({ key: String(r.rank), id: r.photo.id }), this.photos.size + this.#generatedPhotos);
    return { ...page, items: page.items.map((r) => r.photo) };
  }

  #albumPage(a: Record<string, any>): AlbumPage {
    const limit = pageLimit(a.limit);
    const after = (a.after ?? null) as ListCursor | null;
    const rows = [...this.albums.values()]
      .filter((x) => !after || x.updated_at < after.key || (x.updated_at === after.key && x.id < after.id))
      .sort((x, y) => y.updated_at.localeCompare(x.updated_at) || y.id - x.id)
      .slice(0, limit + 1)
      .map((album) => this.#albumSummary(album));
    return keysetPage(rows, limit, (x) => ({ key: x.updated_at, id: x.id }), this.albums.size);
  }

  // ── Photos and albums ────────────────────────────────────────────────

  /** Adds photos to the library (each newer than the last). */
  addPhotos(...photos: PhotoSummary[]): void {
    for (const p of photos) this.photos.set(p.id, structuredClone(p));
  }

  /** Adds an album of these photos (already in the library). */
  addAlbum(fields: Partial<FakeAlbum> & { title: string }): FakeAlbum {
    const now = this.#now();
    const album: FakeAlbum = {
      id: this.#nextAlbumId++,
      event_date: null,
      description: '',
      credit: '',
      cover_photo_id: null,
      created_at: now,
      updated_at: now,
      photo_ids: [],
      ...fields,
    };
    this.albums.set(album.id, album);
    return album;
  }

  #album(id: unknown): FakeAlbum {
    const album = this.albums.get(id as number);
    if (!album) throw { code: 'album_not_found', message: 'Không tìm thấy album.' } satisfies ErrorReport;
    return album;
  }

  #albumOut(album: FakeAlbum): Album {
    const { photo_ids, ...rest } = album;
    return structuredClone({ ...rest, photos: photo_ids.map((id) => this.photos.get(id)!) });
  }

  #albumSummary(album: FakeAlbum): AlbumSummary {
    return {
      id: album.id,
      title: album.title,
      event_date: album.event_date,
      photo_count: album.photo_ids.length,
      cover_photo_id: album.cover_photo_id ?? album.photo_ids[0] ?? null,
      updated_at: album.updated_at,
      portal: this.portalWords.get(`album:${album.id}`) ?? null,
    };
  }

  #photoIds(ids: unknown): number[] {
    const list = ids as number[];
    for (const id of list) {
      if (!this.photos.has(id)) throw { code: 'photo_not_found', message: 'Không tìm thấy ảnh.' } satisfies ErrorReport;
    }
    return list;
  }

  #startImport(albumId: number | null, files: FakeImportFile[]): boolean {
    if (this.importRun) {
      throw { code: 'import_running', message: 'Đang nhập ảnh; hãy chờ xong rồi nhập tiếp.' } satisfies ErrorReport;
    }
    if (albumId !== null) this.#album(albumId);
    if (files.length === 0) return false;
    this.importRun = { albumId, files: [...files], items: [], cancelled: false };
    return true;
  }

  /** Finishes the next `n` files of the import under way, one progress event each. */
  importStep(n = 1): void {
    const run = this.importRun;
    if (!run) throw new Error('no import under way');
    for (let k = 0; k < n && run.items.length < run.files.length; k++) {
      const file = run.files[run.items.length];
      const path = `/media/bientap/EOS_DIGITAL/DCIM/100CANON/${file.name}`;
      let item: ImportItem;
      if (file.error) {
        item = { path, photo_id: null, duplicate: false, error: { code: 'corrupt', message: file.error } };
      } else if (file.duplicateOf !== undefined) {
        item = { path, photo_id: file.duplicateOf, duplicate: true, error: null };
      } else {
        const photo = samplePhoto(this.#nextPhotoId++, { caption: file.caption ?? '' });
        this.photos.set(photo.id, photo);
        item = { path, photo_id: photo.id, duplicate: false, error: null };
      }
      run.items.push(item);
      this.emit('photo-import-progress', structuredClone({ done: run.items.length, total: run.files.length, item }));
    }
  }

  /** Ends the import under way: the remaining files (unless cancelled), then the report. */
  importFinish(): void {
    const run = this.importRun;
    if (!run) throw new Error('no import under way');
    if (!run.cancelled) this.importStep(run.files.length);
    const ids = run.items.map((i) => i.photo_id).filter((id): id is number => id !== null);
    if (run.albumId !== null) {
      const album = this.#album(run.albumId);
      for (const id of ids) if (!album.photo_ids.includes(id)) album.photo_ids.push(id);
      album.updated_at = this.#now();
    }
    const report: PhotoImportReport = {
      items: run.items,
      imported: run.items.filter((i) => i.photo_id !== null && !i.duplicate).length,
      duplicates: run.items.filter((i) => i.duplicate).length,
      failed: run.items.filter((i) => i.error !== null).length,
      cancelled: run.files.length - run.items.length,
    };
    this.importRun = null;
    this.emit('photo-import-done', structuredClone(report));
  }

  #photoCommand(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case 'photo_page':
        return this.#photoPage(a);
      case 'photo_get': {
        const p = this.photos.get(a.id);
        if (!p) throw { code: 'photo_not_found', message: 'Không tìm thấy ảnh.' } satisfies ErrorReport;
        const info: PhotoInfo = {
          id: p.id,
          sha256: `${p.id}`.padStart(64, '0'),
          original_path: `/data/photos/originals/${p.id}.jpg`,
          bytes: 5_000_000,
          width: p.width,
          height: p.height,
          taken_at: p.taken_at,
          caption: p.caption,
          alt_text: p.alt_text,
          credit: p.credit,
          created_at: this.#now(),
          renditions: [],
        };
        return info;
      }
      case 'photo_edit': {
        const ids = this.#photoIds(a.ids);
        return ids.map((id) => {
          const p = this.photos.get(id)!;
          for (const field of ['caption', 'alt_text', 'credit'] as const) {
            if (a.edit[field] !== undefined) p[field] = a.edit[field];
          }
          return structuredClone(p);
        });
      }
      case 'photo_frame': {
        const [id] = this.#photoIds([a.id]);
        const p = this.photos.get(id)!;
        const framing = a.framing as Framing;
        const turns = framing.quarter_turns;
        const c = framing.crop;
        const eps = 1e-9;
        const validTurns = Number.isInteger(turns) && turns >= 0 && turns <= 3;
        const validCrop =
          c === null ||
          (c.x >= 0 && c.y >= 0 && c.w > 0 && c.h > 0 && c.x + c.w <= 1 + eps && c.y + c.h <= 1 + eps);
        if (!validTurns || !validCrop) {
          throw { code: 'framing_invalid', message: 'Vùng cắt phải nằm trong ảnh.' } satisfies ErrorReport;
        }
        // The photo as taken (before its present framing), then turned and cut anew.
        const old = p.framing;
        const turnedW = Math.round(p.width / (old.crop?.w ?? 1));
        const turnedH = Math.round(p.height / (old.crop?.h ?? 1));
        const [origW, origH] = old.quarter_turns % 2 ? [turnedH, turnedW] : [turnedW, turnedH];
        const [newW, newH] = turns % 2 ? [origH, origW] : [origW, origH];
        p.width = Math.max(1, Math.round(newW * (c?.w ?? 1)));
        p.height = Math.max(1, Math.round(newH * (c?.h ?? 1)));
        p.framing = structuredClone(framing);
        p.version += 1;
        return structuredClone(p);
      }
      case 'photo_import_pick': {
        const files = this.importPick === 'cancel' ? [] : this.importPick;
        return this.#startImport(a.albumId, files);
      }
      case 'photo_import_dropped': {
        const files = this.dropped;
        this.dropped = [];
        return this.#startImport(a.albumId, files);
      }
      case 'photo_import_cancel':
        if (this.importRun && !this.importRun.cancelled) {
          this.importRun.cancelled = true;
          // The shell stops between photos, then reports.
          setTimeout(() => this.importRun && this.importFinish(), 0);
        }
        return null;
      case 'album_page':
        return this.#albumPage(a);
      case 'album_new': {
        if (!String(a.title).trim()) {
          throw { code: 'album_title_empty', message: 'Album cần có tên.' } satisfies ErrorReport;
        }
        return this.#albumOut(this.addAlbum({ title: String(a.title).trim() }));
      }
      case 'album_get':
        return this.#albumOut(this.#album(a.id));
      case 'album_edit': {
        const album = this.#album(a.id);
        const e = a.edit;
        if (e.title !== undefined) {
          if (!String(e.title).trim()) throw { code: 'album_title_empty', message: 'Album cần có tên.' } satisfies ErrorReport;
          album.title = String(e.title).trim();
        }
        if (e.event_date !== undefined) album.event_date = e.event_date || null;
        if (e.description !== undefined) album.description = e.description;
        if (e.credit !== undefined) album.credit = e.credit;
        if (e.cover_photo_id !== undefined) {
          if (e.cover_photo_id !== 0 && !album.photo_ids.includes(e.cover_photo_id)) {
            throw { code: 'cover_not_in_album', message: 'Ảnh bìa phải là một ảnh trong album.' } satisfies ErrorReport;
          }
          album.cover_photo_id = e.cover_photo_id || null;
        }
        album.updated_at = this.#now();
        return this.#albumOut(album);
      }
      case 'album_add': {
        const album = this.#album(a.id);
        for (const id of this.#photoIds(a.photoIds)) if (!album.photo_ids.includes(id)) album.photo_ids.push(id);
        album.updated_at = this.#now();
        return this.#albumOut(album);
      }
      case 'album_remove': {
        const album = this.#album(a.id);
        const gone = new Set(a.photoIds as number[]);
        album.photo_ids = album.photo_ids.filter((id) => !gone.has(id));
        if (album.cover_photo_id !== null && gone.has(album.cover_photo_id)) album.cover_photo_id = null;
        album.updated_at = this.#now();
        return this.#albumOut(album);
      }
      case 'album_reorder': {
        const album = this.#album(a.id);
        const ids = a.photoIds as number[];
        const same = ids.length === album.photo_ids.length && [...ids].sort().join() === [...album.photo_ids].sort().join();
        if (!same) {
          throw { code: 'album_order_mismatch', message: 'Thứ tự mới phải gồm đúng các ảnh của album.' } satisfies ErrorReport;
        }
        album.photo_ids = [...ids];
        album.updated_at = this.#now();
        return this.#albumOut(album);
      }
      case 'album_delete':
        this.#album(a.id);
        this.albums.delete(a.id);
        return null;
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  }

  // ── Profiles and review state ─────────────────────────────────────────
  // users.rs for the window's tests: user_list, user_switch, user_sign_out and user_add, with
  // the core's refusals (wrong_password, password_required, forbidden …). The profile chosen is
  // the one the review section (FakeReviewing, at the end) acts as: `actor` is shared, and
  // user_current, review_state, review_transition, review_counts and the notes are answered there.
  // A post made while a profile is chosen is that profile's; saving an approved, scheduled or
  // published post whose text changed sends it back to "submitted" (edited after approval).

  static readonly PROFILE_COMMANDS = new Set([
    'user_list',
    'user_switch',
    'user_sign_out',
    'user_add',
    'user_edit',
    'user_set_password',
    'user_remove',
  ]);

  /** Every profile (user_list answers them by name). */
  users: UserSummary[] = [];
  /** The password of each protected profile, by name. */
  passwords = new Map<string, string>();
  #nextUserId = 1;

  /** The profile this window acts as (the shell keeps it; the page never names it). */
  get actor(): Actor | null {
    return this.reviewing.actor;
  }

  set actor(actor: Actor | null) {
    this.reviewing.actor = actor;
  }

  /** Adds a profile without the core's checks (a test's starting point); a password protects it. */
  addUser(name: string, displayName: string, roles: Role[], password?: string): UserSummary {
    const user: UserSummary = {
      id: this.#nextUserId++,
      name,
      display_name: displayName || name,
      roles: [...roles],
      protected: !!password,
      created_at: this.#now(),
    };
    this.users.push(user);
    if (password) this.passwords.set(name, password);
    return structuredClone(user);
  }

  /** Acts as profile `name` from now on, as after user_switch with the right password. */
  signIn(name: string): Actor {
    const user = this.users.find((u) => u.name === name);
    if (!user) throw new Error(`no profile ${name}`);
    this.actor = { id: user.id, name: user.name, display_name: user.display_name, roles: [...user.roles] };
    return structuredClone(this.actor);
  }

  /** users::edit, set_password and remove, with the core's refusals. */
  #manageProfile(cmd: string, a: Record<string, any>): unknown {
    const by = this.actor;
    if (!by) this.#refuse('who_are_you', 'Hãy chọn hồ sơ của mình trước.');
    const user = this.users.find((u) => u.name === String(a.name).normalize('NFC').trim().toLowerCase());
    if (!user) this.#refuse('unknown_user', `Không có hồ sơ người dùng «${a.name}» trên máy này.`);
    const manager =
      by.roles.includes('supervisor') || !this.users.some((u) => u.roles.includes('supervisor'));
    const forbidden = () =>
      this.#refuse('forbidden', 'Chỉ người duyệt mới được sửa hồ sơ của người khác hoặc đổi vai trò.');
    const keepsASupervisor = () => {
      if (user.roles.includes('supervisor') && !this.users.some((u) => u !== user && u.roles.includes('supervisor'))) {
        this.#refuse('last_supervisor', `«${user.display_name}» là người duyệt cuối cùng trên máy này.`);
      }
    };
    const mirror = () => {
      if (by.id === user.id) this.signIn(user.name);
    };
    if (cmd === 'user_edit') {
      const roles = (a.roles ?? null) as Role[] | null;
      const displayName = a.displayName == null ? null : String(a.displayName).normalize('NFC').trim();
      if (displayName === '') this.#refuse('display_name_required', 'Tên hiển thị không được để trống.');
      if (roles && roles.length === 0) this.#refuse('role_required', 'Hồ sơ cần ít nhất một vai trò.');
      if (!(manager || (user.id === by.id && roles === null))) forbidden();
      if (roles) {
        if (roles.includes('supervisor') && !user.protected) {
          this.#refuse('password_required', 'Hồ sơ người duyệt phải có mật khẩu.');
        }
        if (!roles.includes('supervisor')) keepsASupervisor();
        user.roles = ['editor', 'photographer', 'supervisor'].filter((r) => roles.includes(r as Role)) as Role[];
      }
      if (displayName !== null) user.display_name = displayName;
      mirror();
      return structuredClone(user);
    }
    if (cmd === 'user_set_password') {
      if (user.id === by.id) {
        const current = this.passwords.get(user.name);
        if (current !== undefined && a.current !== current) {
          this.#refuse('wrong_password', `Mật khẩu của hồ sơ «${user.name}» không đúng nên chưa làm gì cả.`);
        }
      } else if (!manager) forbidden();
      const next = (a.new as string | null) || null;
      if (!next && user.roles.includes('supervisor')) this.#refuse('password_required', 'Hồ sơ người duyệt phải có mật khẩu.');
      if (next) this.passwords.set(user.name, next);
      else this.passwords.delete(user.name);
      user.protected = next !== null;
      return structuredClone(user);
    }
    if (!(user.id === by.id || manager)) forbidden();
    keepsASupervisor();
    this.users = this.users.filter((u) => u !== user);
    this.passwords.delete(user.name);
    if (user.id === by.id) this.actor = null;
    return structuredClone(user);
  }

  #refuse(code: string, message: string): never {
    throw { code, message } satisfies ErrorReport;
  }

  /** A new post is the chosen profile's. */
  #claimNewPost(post: Post): void {
    const actor = this.actor;
    if (!actor) return;
    post.author_id = actor.id;
    this.reviewing.put({ kind: 'post', id: post.id }, { author_id: actor.id, author: actor.display_name });
  }

  /** After a save: an approved, scheduled or published post whose text changed goes back to the queue. */
  #reviewAfterEdit(post: Post): void {
    const item: ReviewItem = { kind: 'post', id: post.id };
    const record = this.reviewing.record(item);
    if (!['approved', 'scheduled', 'published'].includes(record.state)) return;
    if (record.approved_hash === this.reviewing.content(item)) return;
    const at = this.#now();
    if (record.author_id !== null) {
      this.reviewing.submit(item, at, { id: record.author_id, name: record.author ?? '' }, true);
    } else {
      this.reviewing.put(item, { state: 'submitted', edited_after_approval: true, submitted_at: at, scheduled_at: null });
    }
  }

  #profileCommand(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case 'user_list':
        return structuredClone([...this.users].sort((x, y) => x.name.localeCompare(y.name)));
      case 'user_switch': {
        const name = String(a.name).normalize('NFC').trim().toLowerCase();
        const user = this.users.find((u) => u.name === name);
        if (!user) this.#refuse('unknown_user', `Không có hồ sơ người dùng «${name}» trên máy này.`);
        const password = this.passwords.get(user.name);
        if (password !== undefined && !a.password) {
          this.#refuse(
            'wrong_password',
            `Hồ sơ «${user.name}» được bảo vệ bằng mật khẩu nên chưa làm gì cả. Hãy nhập mật khẩu của hồ sơ.`,
          );
        }
        if (password !== undefined && a.password !== password) {
          this.#refuse(
            'wrong_password',
            `Mật khẩu của hồ sơ «${user.name}» không đúng nên chưa làm gì cả. Hãy nhập lại (chú ý phím Caps Lock và bộ gõ tiếng Việt).`,
          );
        }
        return this.signIn(user.name);
      }
      case 'user_sign_out':
        this.actor = null;
        return null;
      case 'user_edit':
      case 'user_set_password':
      case 'user_remove':
        return this.#manageProfile(cmd, a);
      case 'user_add': {
        // Who may add comes before what is added, as in the core.
        if (this.users.some((u) => u.roles.includes('supervisor')) && !this.actor?.roles.includes('supervisor')) {
          this.#refuse(
            'forbidden',
            'Máy này đã có hồ sơ người duyệt nên chỉ người duyệt mới được thêm hồ sơ mới (để không ai tự tạo hồ sơ người duyệt cho mình).',
          );
        }
        const name = String(a.name ?? '').normalize('NFC').trim().toLowerCase();
        if (!name || /\s/.test(name)) {
          this.#refuse(
            'invalid_user_name',
            `«${name}» không dùng được làm tên hồ sơ. Tên hồ sơ là một từ, không có dấu cách, ví dụ «lan» hoặc «minh.anh».`,
          );
        }
        const roles = (a.roles ?? []) as Role[];
        if (roles.length === 0) {
          this.#refuse('role_required', 'Hồ sơ cần ít nhất một vai trò: biên tập viên, phóng viên ảnh hoặc người duyệt.');
        }
        const password = (a.password as string | null) || undefined;
        if (roles.includes('supervisor') && !password) {
          this.#refuse(
            'password_required',
            'Hồ sơ người duyệt phải có mật khẩu, để không ai duyệt bài chỉ bằng cách chuyển hồ sơ. Hãy đặt mật khẩu cho hồ sơ.',
          );
        }
        if (this.users.some((u) => u.name === name)) {
          this.#refuse('user_exists', `Đã có hồ sơ tên «${name}». Hãy chọn tên khác.`);
        }
        return this.addUser(name, String(a.displayName ?? '').normalize('NFC').trim(), roles, password);
      }
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  }

  // ── End of profiles and review state ──────────────────────────────────

  callsOf(cmd: string) {
    return this.calls.filter((c) => c.cmd === cmd);
  }

  #now() {
    this.#clock += 60_000;
    return new Date(this.#clock).toISOString().replace('.000Z', 'Z');
  }

  #get(id: unknown): Post {
    const post = this.posts.get(id as number);
    if (!post) throw { code: 'not_found', message: 'Không tìm thấy bài viết.' } satisfies ErrorReport;
    return post;
  }

  #summary(p: Post): PostSummary {
    const text = p.body_html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return {
      id: p.id,
      title: p.title,
      excerpt: text.slice(0, 140),
      category: p.category,
      state: p.state,
      published_at: p.published_at,
      updated_at: p.updated_at,
      deleted_at: p.deleted_at,
      is_sample: p.is_sample,
      portal: this.portalWords.get(`post:${p.id}`) ?? null,
    };
  }

  invoke = async (cmd: string, args?: Args): Promise<unknown> => {
    this.calls.push({ cmd, args: structuredClone(args) });
    await Promise.resolve();
    const failure = this.failures.get(cmd);
    if (failure) throw failure;
    const a = (args ?? {}) as Record<string, any>;
    switch (cmd) {
      case 'post_page':
        return this.#postPage(a);
      case 'post_get':
        return structuredClone(this.#get(a.id));
      case 'post_create': {
        const now = this.#now();
        const post: Post = {
          id: this.#nextId++,
          title: a.new.title,
          slug: slugOf(a.new.title),
          slug_manual: false,
          sapo: '',
          tags: [],
          state: 'draft',
          body_html: a.new.body_html,
          category: a.new.category ?? '',
          signature: this.settings.default_signature,
          published_at: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
          is_sample: false,
          featured_photo_id: null,
          author_id: null,
          approved_hash: null,
          scheduled_at: null,
          edited_after_approval: false,
        };
        this.posts.set(post.id, post);
        this.#claimNewPost(post);
        return structuredClone(post);
      }
      case 'post_edit': {
        if (this.editGate) await this.editGate;
        const post = this.#get(a.edit.id);
        const e = a.edit;
        Object.assign(post, {
          title: e.title,
          sapo: e.sapo,
          body_html: e.body_html,
          category: e.category,
          tags: e.tags,
          signature: e.signature,
          published_at: e.published_at,
          featured_photo_id: e.featured_photo_id ?? null,
          slug_manual: !!e.slug,
          slug: e.slug ? slugOf(e.slug) : slugOf(e.title),
          updated_at: this.#now(),
        });
        this.#revision(post, 'autosave', '');
        this.#reviewAfterEdit(post);
        return structuredClone(post);
      }
      case 'post_move_to_bin': {
        const post = this.#get(a.id);
        post.deleted_at = this.#now();
        return structuredClone(post);
      }
      case 'post_restore': {
        const post = this.#get(a.id);
        post.deleted_at = null;
        return structuredClone(post);
      }
      case 'post_import_file':
        if (this.importResult === 'cancel') return null;
        this.posts.set(this.importResult.id, this.importResult);
        return structuredClone(this.importResult);
      case 'post_discard_if_empty': {
        const post = this.#get(a.id);
        const empty = !post.title && !post.sapo && !post.body_html && !post.is_sample;
        if (empty) this.posts.delete(post.id);
        return empty;
      }
      case 'post_categories':
        return [...new Set([...this.posts.values()].map((p) => p.category).filter(Boolean))].sort();
      case 'post_history':
        this.#get(a.id);
        return structuredClone(this.revisions.filter((r) => r.post_id === a.id).reverse());
      case 'post_save_version':
        return structuredClone(this.#revision(this.#get(a.id), 'version', a.label));
      case 'revision_diff': {
        const from = this.revisions.find((r) => r.id === a.from)!;
        const to = this.revisions.find((r) => r.id === a.to)!;
        const parts: DiffPart[] = [];
        if (from.body_html !== to.body_html) {
          parts.push({ op: 'removed', text: from.body_html.replace(/<[^>]*>/g, '') });
          parts.push({ op: 'added', text: to.body_html.replace(/<[^>]*>/g, '') });
        } else parts.push({ op: 'same', text: to.body_html.replace(/<[^>]*>/g, '') });
        return parts;
      }
      case 'revision_restore': {
        const rev = this.revisions.find((r) => r.id === a.id);
        if (!rev) throw { code: 'not_found', message: 'Không tìm thấy phiên bản.' } satisfies ErrorReport;
        const post = this.#get(rev.post_id);
        Object.assign(post, { title: rev.title, sapo: rev.sapo, body_html: rev.body_html, updated_at: this.#now() });
        this.#revision(post, 'restore', `#${rev.id}`);
        return structuredClone(post);
      }
      case 'settings_set_default_signature':
        this.settings.default_signature = a.signature;
        return { ...this.settings };
      case 'settings_get':
        return { ...this.settings };
      case 'settings_set_language':
        this.settings.language = a.language;
        return { ...this.settings };
      case 'store_info':
        return structuredClone(this.store);
      case 'app_ready':
        return null;
      case 'post_check':
        return checkText(postText(this.#get(a.id)));
      case 'people_list':
        return structuredClone(this.people);
      case 'people_import': {
        if (this.peopleImportResult === 'cancel') return null;
        this.people = structuredClone(this.peopleImportResult.people);
        return structuredClone(this.peopleImportResult.report);
      }
      case 'people_suggest': {
        const day = a.onDate ?? new Date(this.#clock).toISOString().slice(0, 10);
        return this.people
          .filter((p) => p.name.toLowerCase().includes(String(a.query).toLowerCase()))
          .map((person): Suggestion => {
            const title =
              person.titles.find(
                (t) => (!t.held_from || t.held_from <= day) && (!t.held_until || day <= t.held_until),
              ) ?? null;
            const display = title ? `đồng chí ${person.name} - ${title.title}` : `đồng chí ${person.name}`;
            return structuredClone({ person, title, display });
          });
      }
      case 'people_check': {
        const person = this.people.find((p) => p.name === a.name);
        if (!person) return { code: 'unknown_person', message: 'Không có trong danh bạ.', person_id: null, held: [] };
        const held = person.titles
          .filter((t) => (!t.held_from || t.held_from <= a.date) && (!t.held_until || a.date <= t.held_until))
          .map((t) => t.title);
        if (held.includes(a.title)) return null;
        return { code: 'title_not_held', message: 'Chức vụ không đúng vào ngày này.', person_id: person.id, held };
      }
      case 'meeting_get':
        this.#get(a.postId);
        return structuredClone(this.meetings.get(a.postId) ?? null);
      case 'meeting_preview':
        this.#get(a.postId);
        return previewMeeting(a.meeting, this.meetingConflicts);
      case 'meeting_apply': {
        const post = this.#get(a.postId);
        const outcome = previewMeeting(a.meeting, this.meetingConflicts);
        post.body_html = paragraphsHtml(resolveMeeting(outcome, a.accept));
        post.updated_at = this.#now();
        this.#revision(post, 'autosave', '');
        this.meetings.set(post.id, structuredClone(a.meeting));
        return structuredClone(post);
      }
      default:
        if (FakeBackend.PROFILE_COMMANDS.has(cmd)) return this.#profileCommand(cmd, a);
        if (FakeReviewing.COMMANDS.has(cmd)) return this.reviewing.command(cmd, a);
        if (cmd.startsWith('photo_') || cmd.startsWith('album_')) return this.#photoCommand(cmd, a);
        if (cmd.startsWith('portal_')) return this.portal.command(cmd, a);
        if (cmd.startsWith('sync_')) return this.sync.command(cmd, a);
        if (FakeSearch.COMMANDS.has(cmd)) return this.search.command(cmd, a);
        throw new Error(`unknown command ${cmd}`);
    }
  };
}

/** The first made-up post's id (FakeBackend.generatePosts) and the time they are all older than. */
export const GENERATED_POST_ID = 1_000_000;
const GENERATED_POSTS_BEFORE = Date.parse('2019-12-01T00:00:00Z');
/** The first made-up photo's id (FakeBackend.generatePhotos). */
export const GENERATED_PHOTO_ID = 2_000_000;

/** The rows a page holds: 0 asks for the core's page (100), never more than 500. */
function pageLimit(asked: unknown): number {
  const n = Number(asked) || 0;
  return n <= 0 ? 100 : Math.min(n, 500);
}

/** A page of `rows` (the list's rows after the cursor, in order, at least limit + 1 of them when
 * there are more): the first `limit`, and the cursor of the last when more follow. */
function keysetPage<R>(rows: R[], limit: number, cursorOf: (row: R) => ListCursor, total: number) {
  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  return { items, next: more ? cursorOf(items[items.length - 1]) : null, total };
}

/** Like the core's slugify, enough for tests: ASCII words joined by dashes. */
export function slugOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The text the checks read: title, sapo, body (without tags) and signature, one per line. */
export function postText(post: Post): string {
  const body = post.body_html
    .replace(/<\/(p|h\d|li|blockquote)>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&');
  return [post.title, post.sapo, body, post.signature].join('\n');
}

/** A few of the core's editorial checks, enough for tests. */
export function checkText(text: string): Finding[] {
  const found: Finding[] = [];
  const excerpt = (start: number, end: number) => text.slice(Math.max(0, start - 20), end + 20).trim();
  const add = (kind: Finding['kind'], re: RegExp, suggestion: (m: string) => string | null) => {
    for (const m of text.matchAll(re)) {
      const start = m.index!;
      const end = start + m[0].length;
      found.push({ kind, start, end, excerpt: excerpt(start, end), suggestion: suggestion(m[0]) });
    }
  };
  add('double_space', / {2,}/g, () => ' ');
  add('non_breaking_space', /\u00a0/g, () => ' ');
  add('space_before_punctuation', / +(?=[,.;:!?])/g, () => '');
  add('straight_quotes', /"[^"\n]*"/g, (m) => `“${m.slice(1, -1)}”`);
  if (text !== text.normalize('NFC')) {
    found.push({ kind: 'nfd', start: 0, end: text.length, excerpt: excerpt(0, 0), suggestion: null });
  }
  return found.sort((x, y) => x.start - y.start);
}

/** A PostEdit that changes nothing, to spread test values over. */
export const EMPTY_EDIT: PostEdit = {
  id: 0,
  title: '',
  sapo: '',
  body_html: '',
  category: '',
  tags: [],
  signature: '',
  published_at: null,
  slug: '',
  featured_photo_id: null,
};

// ── Review queue, diff and log ──────────────────────────────────────────────
// review_queue, review_diff and review_log over the review bookkeeping below (FakeBackend's
// `reviewing`). So that the review area can be tested before the profiles section of this
// file has them, it also answers user_current, review_state, review_transition, review_counts
// and the note commands — minimally, after the core's rules; a `case` for any of them in
// FakeBackend.invoke's switch answers first.

/** What the core keeps about an item's review that Post and Album do not carry (for a post,
 * `state`, `author_id`, `scheduled_at`, `approved_hash` and `edited_after_approval` are the
 * Post's own fields, kept in step). */
export type FakeReviewRecord = {
  state: Rv.ReviewState;
  author_id: number | null;
  /** The author's display name. */
  author: string | null;
  submitted_at: string | null;
  scheduled_at: string | null;
  approved_hash: string | null;
  edited_after_approval: boolean;
  /** The portal's copy (review_state's portal_link and portal_status): null until a test sets it. */
  portal_link: string | null;
  portal_status: string | null;
};

/** A log entry with the content it pinned (submit and approve), for review_diff. */
type FakeLogEntry = Rv.LogEntry & { snapshot: string | null };

type Who = 'author' | 'supervisor' | 'either';

/** The core's RULES (crates/newsroom/src/review.rs): from, action, to, who. */
const REVIEW_RULES: [Rv.ReviewState, Rv.ReviewAction, Rv.ReviewState, Who][] = [
  ['draft', 'submit', 'submitted', 'author'],
  ['changes_requested', 'submit', 'submitted', 'author'],
  ['submitted', 'request_changes', 'changes_requested', 'supervisor'],
  ['approved', 'request_changes', 'changes_requested', 'supervisor'],
  ['scheduled', 'request_changes', 'changes_requested', 'supervisor'],
  ['submitted', 'approve', 'approved', 'supervisor'],
  ['approved', 'schedule', 'scheduled', 'supervisor'],
  ['scheduled', 'schedule', 'scheduled', 'supervisor'],
  ['approved', 'publish', 'published', 'supervisor'],
  ['scheduled', 'publish', 'published', 'supervisor'],
  ['scheduled', 'withdraw', 'withdrawn', 'supervisor'],
  ['published', 'withdraw', 'withdrawn', 'supervisor'],
  ['withdrawn', 'reopen', 'draft', 'either'],
];

const REVIEW_ACTION_VI: Record<Rv.ReviewAction, string> = {
  submit: 'gửi duyệt',
  request_changes: 'yêu cầu sửa',
  approve: 'duyệt',
  schedule: 'hẹn giờ đăng',
  publish: 'đăng',
  withdraw: 'gỡ',
  reopen: 'mở lại',
};

const REVIEW_STATE_VI: Record<Rv.ReviewState, string> = {
  draft: 'bản nháp',
  submitted: 'đã gửi duyệt',
  changes_requested: 'cần sửa',
  approved: 'đã duyệt',
  scheduled: 'đã hẹn giờ đăng',
  published: 'đã đăng',
  withdrawn: 'đã gỡ',
};

function refusal(code: string, message: string): ErrorReport {
  return { code, message };
}

/** Words separated by single spaces, as the core compares passages. */
function squeezed(text: string): string {
  return text.split(/\s+/).filter(Boolean).join(' ');
}

/** A post's text as the core's review diff reads it: title, sapo, then the body's paragraphs. */
function reviewPlainText(title: string, sapo: string, bodyHtml: string): string {
  const body = bodyHtml
    .replace(/<\/(p|h\d|li|blockquote)>/g, '\n')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n');
  return [title, sapo, body].filter(Boolean).join('\n');
}

/** A word diff like the core's (words and the spaces between them; longest common run). */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = parts.at(-1);
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i]);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      push('added', b[j++]);
    } else {
      push('removed', a[i++]);
    }
  }
  return parts;
}

export class FakeReviewing {
  /** The commands this section answers. */
  static readonly COMMANDS = new Set([
    'user_current',
    'review_state',
    'review_transition',
    'review_queue',
    'review_going_out',
    'review_counts',
    'review_notes',
    'review_note_add',
    'review_note_resolve',
    'review_diff',
    'review_log',
  ]);

  /** The profile this window acts as (user_current); null until one is chosen. */
  actor: Rv.Actor | null = null;
  /** By "post:1", "album:2". */
  records = new Map<string, FakeReviewRecord>();
  /** Each item's log, oldest first, by "post:1", "album:2". */
  logs = new Map<string, FakeLogEntry[]>();
  /** Every note, oldest first. */
  notes: Rv.Note[] = [];
  /** "Now" for the steps: schedules must be later. Moves on a minute with each step. */
  clock = Date.parse('2024-05-02T03:00:00Z');
  #nextNote = 1;
  readonly #backend: FakeBackend;

  constructor(backend: FakeBackend) {
    this.#backend = backend;
  }

  #key(item: Rv.ReviewItem): string {
    return `${item.kind}:${item.id}`;
  }

  #now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  #post(item: Rv.ReviewItem): Post | undefined {
    return item.kind === 'post' ? this.#backend.posts.get(item.id) : undefined;
  }

  /** The item's review record (made on first use; throws not_found for an unknown item). */
  record(item: Rv.ReviewItem): FakeReviewRecord {
    const post = this.#post(item);
    if (item.kind === 'post' && !post) throw refusal('not_found', 'Không tìm thấy bài viết.');
    if (item.kind === 'album' && !this.#backend.albums.has(item.id)) {
      throw refusal('album_not_found', 'Không tìm thấy album.');
    }
    let record = this.records.get(this.#key(item));
    if (!record) {
      record = {
        state: 'draft',
        author_id: null,
        author: null,
        submitted_at: null,
        scheduled_at: null,
        approved_hash: null,
        edited_after_approval: false,
        portal_link: null,
        portal_status: null,
      };
      this.records.set(this.#key(item), record);
    }
    if (post) {
      // The post's own fields are the truth for what it carries.
      record.state = post.state as Rv.ReviewState;
      record.author_id = post.author_id;
      record.scheduled_at = post.scheduled_at;
      record.approved_hash = post.approved_hash;
      record.edited_after_approval = post.edited_after_approval;
    }
    return record;
  }

  /** Sets review fields of an item (a test's starting point); a post's own fields follow. */
  put(item: Rv.ReviewItem, fields: Partial<FakeReviewRecord>): FakeReviewRecord {
    const record = Object.assign(this.record(item), fields);
    const post = this.#post(item);
    if (post) {
      post.state = record.state;
      post.author_id = record.author_id;
      post.scheduled_at = record.scheduled_at;
      post.approved_hash = record.approved_hash;
      post.edited_after_approval = record.edited_after_approval;
    }
    return record;
  }

  /** The item as the author sends it: submitted at `at` by `author`, logged with its content. */
  submit(item: Rv.ReviewItem, at: string, author: { id: number; name: string }, editedAfterApproval = false): void {
    const from = this.record(item).state;
    this.put(item, {
      state: 'submitted',
      author_id: author.id,
      author: author.name,
      submitted_at: at,
      scheduled_at: null,
      edited_after_approval: editedAfterApproval,
    });
    this.#append(item, {
      action: editedAfterApproval ? 'edited_after_approval' : 'submit',
      from,
      to: 'submitted',
      user: editedAfterApproval ? null : author,
      note: null,
      snapshot: true,
      at,
    });
  }

  /** The item as a supervisor approves it at `at`, pinning its content now. */
  approve(item: Rv.ReviewItem, at: string, by: { id: number; name: string }): void {
    const from = this.record(item).state;
    this.put(item, { state: 'approved', approved_hash: this.content(item), edited_after_approval: false });
    this.#append(item, { action: 'approve', from, to: 'approved', user: by, note: null, snapshot: true, at });
  }

  /** The item's content as approval pins it (the core hashes this JSON; the fake keeps it). */
  content(item: Rv.ReviewItem): string {
    const post = this.#post(item);
    if (post) {
      const { title, sapo, body_html, category, tags, signature, featured_photo_id } = post;
      return JSON.stringify({ title, sapo, body_html, category, tags, signature, featured_photo_id });
    }
    const album = this.#backend.albums.get(item.id)!;
    const photos = album.photo_ids.map((id) => ({ id, caption: this.#backend.photos.get(id)?.caption ?? '' }));
    const { title, description, credit, event_date } = album;
    return JSON.stringify({ title, description, credit, event_date, photos });
  }

  #searchable(item: Rv.ReviewItem): string {
    const content = JSON.parse(this.content(item));
    if (item.kind === 'post') return reviewPlainText(content.title, content.sapo, content.body_html);
    return [content.title, content.description, ...content.photos.map((p: { caption: string }) => p.caption)].join('\n');
  }

  #append(
    item: Rv.ReviewItem,
    step: {
      action: string;
      from: Rv.ReviewState | null;
      to: Rv.ReviewState;
      user: { id: number; name: string } | null;
      note: string | null;
      snapshot: boolean;
      at?: string;
    },
  ): void {
    const key = this.#key(item);
    const log = this.logs.get(key) ?? [];
    this.logs.set(key, log);
    const content = this.content(item);
    const prev = log.at(-1)?.hash ?? '';
    log.push({
      item: structuredClone(item),
      seq: log.length + 1,
      at: step.at ?? this.#now(),
      user_id: step.user?.id ?? null,
      user: step.user?.name ?? null,
      action: step.action,
      from_state: step.from,
      to_state: step.to,
      content_hash: content,
      revision_id: null,
      note: step.note,
      prev_hash: prev,
      hash: `${key}#${log.length + 1}`,
      snapshot: step.snapshot ? content : null,
    });
  }

  state(item: Rv.ReviewItem): Rv.ItemState {
    const record = this.record(item);
    const post = this.#post(item);
    return {
      item: structuredClone(item),
      title: post ? post.title : this.#backend.albums.get(item.id)!.title,
      state: record.state,
      author_id: record.author_id,
      author: record.author,
      content_hash: this.content(item),
      approved_hash: record.approved_hash,
      scheduled_at: record.scheduled_at,
      submitted_at: record.submitted_at,
      edited_after_approval: record.edited_after_approval,
      in_bin: !!post?.deleted_at,
      portal_link: record.portal_link,
      portal_status: record.portal_status,
    };
  }

  #whoAreYou(): Rv.Actor {
    if (!this.actor) throw refusal('who_are_you', 'Hãy chọn người dùng trước khi thao tác.');
    return this.actor;
  }

  transition(item: Rv.ReviewItem, action: Rv.ReviewAction, note: string | null, at: string | null): Rv.ItemState {
    const actor = this.#whoAreYou();
    const record = this.record(item);
    if (this.#post(item)?.deleted_at) throw refusal('in_bin', 'Bài đang ở thùng rác.');
    const supervisor = actor.roles.includes('supervisor');
    const maker = actor.roles.includes('editor') || actor.roles.includes('photographer');
    const own = record.author_id === null || record.author_id === actor.id;
    const admits = (who: Who, mine: boolean) =>
      who === 'supervisor' ? supervisor : who === 'author' ? maker && mine : supervisor || (maker && mine);
    if (!REVIEW_RULES.some(([, a, , who]) => a === action && admits(who, true))) {
      const role = action === 'submit' ? 'biên tập viên hoặc phóng viên ảnh' : 'người duyệt';
      throw refusal(
        'forbidden',
        `Hồ sơ «${actor.display_name}» không được «${REVIEW_ACTION_VI[action]}»: việc này cần vai trò ${role}.`,
      );
    }
    const rule = REVIEW_RULES.find(([from, a]) => from === record.state && a === action);
    if (!rule) {
      throw refusal(
        'invalid_transition',
        `Đang ở trạng thái «${REVIEW_STATE_VI[record.state]}» nên không thể «${REVIEW_ACTION_VI[action]}».`,
      );
    }
    if (!admits(rule[3], own)) throw refusal('forbidden', 'Chỉ tác giả mới được làm việc này.');
    const text = note?.normalize('NFC').trim() || null;
    let scheduledAt: string | null = null;
    if (action === 'request_changes' && !text) {
      throw refusal('note_required', 'Ghi chú đang trống. Hãy viết rõ cần sửa gì rồi gửi lại.');
    }
    if (action === 'schedule') {
      const time = at ? Date.parse(at) : NaN;
      if (Number.isNaN(time)) throw refusal('time_required', 'Hãy chọn ngày và giờ đăng.');
      if (time <= this.clock) throw refusal('time_in_past', 'Thời điểm này đã qua nên không hẹn giờ đăng được.');
      scheduledAt = new Date(time).toISOString().replace('.000Z', 'Z');
    }
    const when = this.#now();
    const from = record.state;
    const to = rule[2];
    const fields: Partial<FakeReviewRecord> = { state: to };
    if (action === 'submit') Object.assign(fields, { submitted_at: when, author_id: record.author_id ?? actor.id });
    if (action === 'submit' && record.author_id === null) fields.author = actor.display_name;
    if (action === 'request_changes' || action === 'withdraw' || action === 'publish') fields.scheduled_at = null;
    if (action === 'approve') Object.assign(fields, { approved_hash: this.content(item), edited_after_approval: false });
    if (action === 'schedule') fields.scheduled_at = scheduledAt;
    if (action === 'reopen') Object.assign(fields, { approved_hash: null, edited_after_approval: false, submitted_at: null });
    const post = this.#post(item);
    if (post && action === 'publish') post.published_at = record.scheduled_at ?? when;
    this.put(item, fields);
    const user = { id: actor.id, name: actor.display_name };
    const snapshot = action === 'submit' || action === 'approve';
    this.#append(item, { action, from, to, user, note: text, snapshot, at: when });
    if (action === 'request_changes') this.#addNote(actor, item, text!, null, null, when);
    return this.state(item);
  }

  queue(): Rv.QueueEntry[] {
    // Oldest submission first, then posts before albums, then by id (as the core orders).
    return this.#entries(['submitted']).sort(
      (x, y) =>
        (x.submitted_at ?? '').localeCompare(y.submitted_at ?? '') ||
        x.item.kind.localeCompare(y.item.kind) ||
        x.item.id - y.item.id,
    );
  }

  /** The core's review_going_out: approved, then scheduled (soonest first), then published;
   * within each, the latest submission first. Only a supervisor gets any. */
  goingOut(): Rv.QueueEntry[] {
    if (!this.actor?.roles.includes('supervisor')) return [];
    const rank: Partial<Record<Rv.ReviewState, number>> = { approved: 0, scheduled: 1, published: 2 };
    const when = (e: Rv.QueueEntry) => (e.state === 'scheduled' ? (e.scheduled_at ?? '') : '');
    return this.#entries(['approved', 'scheduled', 'published']).sort(
      (x, y) =>
        rank[x.state]! - rank[y.state]! ||
        when(x).localeCompare(when(y)) ||
        (y.submitted_at ?? '').localeCompare(x.submitted_at ?? '') ||
        x.item.kind.localeCompare(y.item.kind) ||
        x.item.id - y.item.id,
    );
  }

  #entries(states: Rv.ReviewState[]): Rv.QueueEntry[] {
    const entries: Rv.QueueEntry[] = [];
    const items: Rv.ReviewItem[] = [
      ...[...this.#backend.posts.values()].filter((p) => !p.deleted_at).map((p) => ({ kind: 'post' as const, id: p.id })),
      ...[...this.#backend.albums.keys()].map((id) => ({ kind: 'album' as const, id })),
    ];
    for (const item of items) {
      const record = this.record(item);
      if (!states.includes(record.state)) continue;
      entries.push({
        item,
        title: this.state(item).title,
        state: record.state,
        scheduled_at: record.scheduled_at,
        author_id: record.author_id,
        author: record.author,
        submitted_at: record.submitted_at,
        edited_after_approval: record.edited_after_approval,
        open_notes: this.#notesOf(item).filter((n) => n.resolved_at === null).length,
      });
    }
    return entries;
  }

  counts(): Rv.ReviewCounts {
    const actor = this.actor;
    if (!actor) return { waiting_for_me: 0, returned_to_me: 0, returned_posts: 0, returned_albums: 0 };
    const items = [...this.#backend.posts.keys()]
      .map((id) => ({ kind: 'post' as const, id }))
      .filter((item) => !this.#post(item)!.deleted_at);
    const all: Rv.ReviewItem[] = [...items, ...[...this.#backend.albums.keys()].map((id) => ({ kind: 'album' as const, id }))];
    const records = all.map((item) => ({ item, ...this.record(item) }));
    const returned = (kind: string) =>
      records.filter((r) => r.item.kind === kind && r.state === 'changes_requested' && r.author_id === actor.id).length;
    return {
      waiting_for_me: actor.roles.includes('supervisor') ? records.filter((r) => r.state === 'submitted').length : 0,
      returned_to_me: returned('post') + returned('album'),
      returned_posts: returned('post'),
      returned_albums: returned('album'),
    };
  }

  /** The core's review_diff: against the last approval, else the last submission whose text
   * differs from now, else the last submission; never submitted: all of it new. */
  diff(item: Rv.ReviewItem): Rv.ReviewDiff {
    this.record(item);
    const now = this.content(item);
    const entries = [...(this.logs.get(this.#key(item)) ?? [])].reverse().filter((e) => e.snapshot !== null);
    const base =
      entries.find((e) => e.action === 'approve') ??
      entries.find((e) => e.action === 'submit' && e.content_hash !== now) ??
      entries.find((e) => e.action === 'submit' || e.action === 'edited_after_approval');
    const text = (json: string) => {
      const c = JSON.parse(json);
      if (item.kind === 'post') return reviewPlainText(c.title, c.sapo, c.body_html);
      const head = [c.title, c.description, c.credit, c.event_date ?? ''].filter((l: string) => l !== '');
      const photos = c.photos.map((p: { id: number; caption: string }) => `#${p.id} ${p.caption}`.trimEnd());
      return [...head, ...photos].join('\n');
    };
    if (!base) return { against: null, at: null, seq: null, parts: wordDiff('', text(now)) };
    return {
      against: base.action === 'approve' ? 'approved' : 'submitted',
      at: base.at,
      seq: base.seq,
      parts: wordDiff(text(base.snapshot!), text(now)),
    };
  }

  log(item: Rv.ReviewItem): Rv.LogEntry[] {
    return (this.logs.get(this.#key(item)) ?? []).map(({ snapshot: _snapshot, ...entry }) => structuredClone(entry));
  }

  #notesOf(item: Rv.ReviewItem): Rv.Note[] {
    return this.notes.filter((n) => n.item.kind === item.kind && n.item.id === item.id);
  }

  #addNote(
    actor: Rv.Actor,
    item: Rv.ReviewItem,
    body: string,
    passage: string | null,
    replyTo: number | null,
    at: string,
  ): Rv.Note {
    const note: Rv.Note = {
      id: this.#nextNote++,
      item: structuredClone(item),
      author_id: actor.id,
      author: actor.display_name,
      body,
      passage,
      reply_to: replyTo,
      resolved_at: null,
      resolved_by: null,
      created_at: at,
    };
    this.notes.push(note);
    return structuredClone(note);
  }

  addNote(item: Rv.ReviewItem, body: string, passage: string | null, replyTo: number | null): Rv.Note {
    const actor = this.#whoAreYou();
    const text = body.normalize('NFC').trim();
    if (!text) throw refusal('note_required', 'Ghi chú đang trống. Hãy viết rõ cần sửa gì rồi gửi lại.');
    this.record(item);
    const quoted = passage === null ? null : squeezed(passage.normalize('NFC')) || null;
    if (quoted !== null && !squeezed(this.#searchable(item)).includes(quoted)) {
      throw refusal('passage_not_found', `Không thấy đoạn «${quoted}» trong nội dung hiện tại.`);
    }
    if (replyTo !== null && !this.#notesOf(item).some((n) => n.id === replyTo)) {
      throw refusal('note_not_found', `Không tìm thấy ghi chú số ${replyTo}.`);
    }
    if (replyTo !== null) {
      // A reply carries the discussion on: a resolved thread is open again (as the core).
      for (const n of this.#threadOf(replyTo)) {
        n.resolved_at = null;
        n.resolved_by = null;
      }
    }
    return this.#addNote(actor, item, text, quoted, replyTo, this.#now());
  }

  /** The whole thread note `noteId` is in: its top note first, then every reply under it. */
  #threadOf(noteId: number): Rv.Note[] {
    let top = this.notes.find((n) => n.id === noteId);
    while (top && top.reply_to !== null) {
      const parent = this.notes.find((n) => n.id === top!.reply_to);
      if (!parent) break;
      top = parent;
    }
    if (!top) return [];
    const thread = [top];
    for (let i = 0; i < thread.length; i++) {
      thread.push(...this.notes.filter((n) => n.reply_to === thread[i].id));
    }
    return thread;
  }

  /** The core's review_note_resolve: the whole thread is resolved (earlier times kept), by a
   * supervisor, the top note's writer or the item's author. Returns the top note. */
  resolveNote(noteId: number): Rv.Note {
    const actor = this.#whoAreYou();
    const [top, ...replies] = this.#threadOf(noteId);
    if (!top) throw refusal('note_not_found', `Không tìm thấy ghi chú số ${noteId}.`);
    const itemAuthor = this.record(top.item).author_id;
    if (!(actor.roles.includes('supervisor') || top.author_id === actor.id || itemAuthor === actor.id)) {
      throw refusal(
        'forbidden',
        `Chỉ người viết ghi chú số ${noteId}, tác giả của bài hoặc người duyệt mới được đánh dấu ghi chú đó là đã xử lý.`,
      );
    }
    const at = this.#now();
    for (const n of [top, ...replies]) {
      if (n.resolved_at === null) {
        n.resolved_at = at;
        n.resolved_by = actor.id;
      }
    }
    return structuredClone(top);
  }

  command(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case 'user_current':
        return structuredClone(this.actor);
      case 'review_state':
        return this.state(a.item);
      case 'review_transition':
        return this.transition(a.item, a.action, a.note ?? null, a.at ?? null);
      case 'review_queue':
        // The core answers [] to anyone but a supervisor; the review area never asks them.
        return this.queue();
      case 'review_going_out':
        return this.goingOut();
      case 'review_counts':
        return this.counts();
      case 'review_notes':
        this.record(a.item);
        return structuredClone(this.#notesOf(a.item));
      case 'review_note_add':
        return this.addNote(a.item, String(a.body ?? ''), a.passage ?? null, a.replyTo ?? null);
      case 'review_note_resolve':
        return this.resolveNote(a.noteId);
      case 'review_diff':
        return this.diff(a.item);
      case 'review_log':
        return this.log(a.item);
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  }
}

// ── Portal connection ───────────────────────────────────────────────────────
// portal_get, portal_set, portal_forget, portal_test and portal_set_album_category
// (src-tauri/commands/portal.rs) after the core's rules: the address is normalised (https://
// added, a trailing slash or /wp-json dropped) and plain http refused except on this computer;
// each profile's login (the OS keyring's, here a Map) is kept for one address, and a null password
// keeps the saved one only for the same user name. The album category is the office's (no profile
// needed; empty goes back to "Album ảnh"). Messages are the core's Vietnamese ones.

/** A profile's portal login, as the keyring keeps it (for `url` only). */
export type FakePortalLogin = { user: string; password: string; url: string };

export class FakePortal {
  /** The keyring's profile name when the computer has no profiles. */
  static readonly NO_PROFILE = '-';
  static readonly DEFAULT_ALBUM_CATEGORY = 'Album ảnh';
  /** The saved address (already normalised); null until set. */
  url: string | null = null;
  /** The category albums go into on the portal (the office's setting). */
  albumCategory = FakePortal.DEFAULT_ALBUM_CATEGORY;
  /** Each profile's login by profile name ('-' for a computer without profiles). */
  logins = new Map<string, FakePortalLogin>();
  /** What portal_test answers once address and login are there: fields over a report made from
   * them, or the ErrorReport it rejects with (portal_wrong_password, portal_offline …). */
  testResult: Partial<PortalReport> | ErrorReport = {};
  /** What portal_export answers (after the shell's folder dialog): the package's folder, null
   * when the dialog was closed, or the ErrorReport it rejects with. */
  exportResult: string | null | ErrorReport = null;
  readonly #backend: FakeBackend;

  constructor(backend: FakeBackend) {
    this.#backend = backend;
  }

  /** Checks and normalises a typed address as the core's parse_address does. */
  static parse(typed: string): { url: string; loopback: boolean } {
    const text = typed.trim();
    const bad = (): never => {
      throw portalRefusal(
        'portal_bad_url',
        `«${text}» không phải là địa chỉ trang web. Hãy nhập địa chỉ cổng thông tin, ví dụ https://tayho.hanoi.gov.vn.`,
      );
    };
    let url: URL;
    try {
      url = new URL(text.includes('://') ? text : `https://${text}`);
    } catch {
      return bad();
    }
    if (!['http:', 'https:'].includes(url.protocol) || !url.hostname || url.username || url.password) bad();
    const host = url.hostname.toLowerCase();
    const loopback = host === 'localhost' || /^127\./.test(host) || host === '[::1]';
    if (url.protocol === 'http:' && !loopback) {
      throw portalRefusal(
        'portal_needs_https',
        `Địa chỉ «${text}» không dùng https: mật khẩu sẽ đi qua mạng ở dạng ai cũng đọc được. Hãy dùng địa chỉ bắt đầu bằng https:// (chỉ cổng chạy ngay trên máy này mới được dùng http).`,
      );
    }
    const path = url.pathname.replace(/\/+$/, '').replace(/(\/wp-json)+$/, '');
    return { url: `${url.protocol}//${url.host}${path}`.replace(/\/+$/, ''), loopback };
  }

  /** The profile at the keyboard; who_are_you when profiles exist and none is chosen. */
  #profile(): string {
    const actor = this.#backend.actor;
    if (actor) return actor.name;
    if (this.#backend.users.length > 0) {
      throw portalRefusal(
        'who_are_you',
        'Máy này đã có hồ sơ người dùng nên cần biết ai đang thao tác. Hãy chọn người dùng ở góc trên bên trái cửa sổ.',
      );
    }
    return FakePortal.NO_PROFILE;
  }

  /** The login kept for `profile` on the saved address, if any. */
  #login(profile: string): FakePortalLogin | null {
    const login = this.logins.get(profile);
    return login && login.url === this.url ? login : null;
  }

  #settings(profile: string): PortalSettings {
    const album_category = this.albumCategory;
    if (this.url === null) return { url: null, loopback: false, user: null, album_category };
    const user = this.#login(profile)?.user ?? null;
    return { url: this.url, loopback: FakePortal.parse(this.url).loopback, user, album_category };
  }

  /** The profile whose login is shown: the computer's own when none is chosen (as the shell). */
  #shownProfile(): string {
    try {
      return this.#profile();
    } catch {
      return FakePortal.NO_PROFILE;
    }
  }

  #noLogin(profile: string): never {
    throw portalRefusal(
      'portal_no_login',
      `Hồ sơ «${profile}» chưa có tài khoản cổng thông tin trên máy này. Hãy nhập tên đăng nhập và mật khẩu ứng dụng ở Cài đặt → Cổng thông tin.`,
    );
  }

  command(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case 'portal_get':
        return this.#settings(this.#shownProfile());
      case 'portal_set_album_category': {
        const name = String(a.name ?? '').trim().normalize('NFC');
        this.albumCategory = name || FakePortal.DEFAULT_ALBUM_CATEGORY;
        return this.#settings(this.#shownProfile());
      }
      case 'portal_set': {
        const profile = this.#profile();
        const address = FakePortal.parse(String(a.url ?? ''));
        const user = String(a.user ?? '').trim();
        const typed = typeof a.password === 'string' ? a.password.trim() : '';
        let password = typed;
        if (!password) {
          const kept = this.logins.get(profile);
          if (!kept || kept.url !== address.url || kept.user !== user) this.#noLogin(profile);
          password = kept.password;
        }
        if (!user) this.#noLogin(profile);
        this.logins.set(profile, { user, password, url: address.url });
        this.url = address.url;
        return this.#settings(profile);
      }
      case 'portal_forget': {
        const profile = this.#profile();
        if (this.#login(profile)) this.logins.delete(profile);
        return this.#settings(profile);
      }
      case 'portal_test': {
        const profile = this.#profile();
        if (this.url === null) {
          throw portalRefusal(
            'portal_not_set',
            'Chưa có địa chỉ cổng thông tin. Hãy nhập địa chỉ ở Cài đặt → Cổng thông tin (trên dòng lệnh: toasoan portal set --url …).',
          );
        }
        const login = this.#login(profile) ?? this.#noLogin(profile);
        if ('code' in this.testResult) throw structuredClone(this.testResult);
        const report: PortalReport = {
          url: this.url,
          site_name: 'Cổng thông tin điện tử xã',
          account: login.user,
          display_name: login.user,
          roles: ['author'],
          can_upload: true,
          can_publish: true,
          plain_http: this.url.startsWith('http:'),
          pretty_routes: true,
          ...structuredClone(this.testResult),
        };
        return report;
      }
      case 'portal_export': {
        if (this.exportResult !== null && typeof this.exportResult === 'object') throw structuredClone(this.exportResult);
        return this.exportResult;
      }
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  }
}

function portalRefusal(code: string, message: string): ErrorReport {
  return { code, message };
}

// ── Sync (the outbox) ───────────────────────────────────────────────────────
// sync_status, sync_run, sync_retry and sync_cancel (src-tauri/commands/sync.rs) over `entries`,
// after the core's rules (crates/newsroom/src/outbox.rs, crates/portal/src/sync.rs): the status
// lists open entries oldest first, then the 30 newest done ones; "Thử lại" makes an item's
// failed, conflicting and waiting entries wait again at once; "Huỷ" takes waiting, failed and
// conflicting ones only. A run needs the portal's address (portal_not_set) and, like the shell,
// tells the page the new counts through `sync-changed`. sync_conflict and sync_resolve read and
// settle `conflicts` (crates/portal/src/conflict.rs): keep mine puts the item's conflicting
// entries back to waiting, take theirs gives the post the portal's title and text and cancels
// them; either rejects with no_conflict once settled.

export class FakeSync {
  /** Every entry, in the order recorded (ids rising). Seed with add(). */
  entries: Rv.OutboxEntry[] = [];
  /** What sync_run does once the address is saved: null sends every waiting entry that may go
   * (the portal then says "pending"); items say what happened to each item (their entries follow
   * the outcome); an ErrorReport is the rejection. */
  runResult: SyncItem[] | Rv.ErrorReport | null = null;
  /** What a run brings back from the portal (posts another PC sent for review, items approved
   * elsewhere): only reported, nothing here changes. */
  runReceived: SyncItem[] = [];
  /** The portal's versions kept beside the local ones, by FakeSync.key(item). Seed with addConflict(). */
  conflicts = new Map<string, PortalConflict>();
  /** "Now", in the entries' times; moves on a minute with each change. */
  clock = Date.parse('2024-05-02T03:00:00Z');
  #nextId = 1;
  readonly #backend: FakeBackend;

  constructor(backend: FakeBackend) {
    this.#backend = backend;
  }

  #now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  /** Records an entry (a post's "submit", waiting, unless the fields say otherwise). */
  add(fields: Partial<Rv.OutboxEntry> & { title: string }): Rv.OutboxEntry {
    const entry: Rv.OutboxEntry = {
      id: this.#nextId++,
      item: { kind: 'post', id: 1 },
      reason: 'submit',
      user_id: null,
      user: null,
      created_at: this.#now(),
      state: 'waiting',
      attempts: 0,
      next_at: null,
      error_code: null,
      error: null,
      done_at: null,
      ...fields,
    };
    this.#nextId = Math.max(this.#nextId, entry.id + 1);
    this.entries.push(entry);
    return structuredClone(entry);
  }

  static key(item: ReviewItem): string {
    return `${item.kind}:${item.id}`;
  }

  /** Keeps a conflict on a post (post 1, its text against a portal copy edited elsewhere, unless
   * the fields say otherwise). */
  addConflict(fields: Partial<PortalConflict> = {}): PortalConflict {
    const conflict: PortalConflict = {
      item: { kind: 'post', id: 1 },
      local_title: 'Hội nghị tổng kết công tác năm 2019',
      portal_title: 'Hội nghị tổng kết công tác năm 2019',
      local_text: 'Sáng 16/1, Ủy ban nhân dân xã tổ chức hội nghị tổng kết.',
      portal_text: 'Sáng 16/1, Ủy ban nhân dân phường tổ chức hội nghị tổng kết.',
      parts: [
        { op: 'same', text: 'Sáng 16/1, Ủy ban nhân dân ' },
        { op: 'removed', text: 'xã' },
        { op: 'added', text: 'phường' },
        { op: 'same', text: ' tổ chức hội nghị tổng kết.' },
      ],
      portal_modified: '2024-05-02T02:40:00Z',
      found_at: '2024-05-02T03:07:30Z',
      ...fields,
    };
    this.conflicts.set(FakeSync.key(conflict.item), conflict);
    return structuredClone(conflict);
  }

  /** The core's sync_resolve. */
  #resolve(item: ReviewItem, choice: ConflictChoice): null {
    const key = FakeSync.key(item);
    const conflict = this.conflicts.get(key);
    if (!conflict || (choice === 'take_theirs' && item.kind !== 'post')) {
      throw syncRefusal('no_conflict', 'Không còn xung đột nào ở mục này (có thể đã được giải quyết ở cửa sổ khác).');
    }
    const now = this.#now();
    if (choice === 'take_theirs') {
      // An edit of the post (the review state is not followed here).
      const post = this.#backend.posts.get(item.id);
      if (post) {
        post.title = conflict.portal_title;
        post.body_html = conflict.portal_text
          .split('\n')
          .filter((line) => line.trim())
          .map((line) => `<p>${line}</p>`)
          .join('');
        post.updated_at = now;
      }
    }
    this.conflicts.delete(key);
    for (const entry of this.entries) {
      if (!this.#sameItem(entry.item, item) || entry.state !== 'conflict') continue;
      if (choice === 'keep_mine') Object.assign(entry, { state: 'waiting', next_at: null });
      else Object.assign(entry, { state: 'cancelled', next_at: null, done_at: now });
    }
    return null;
  }

  counts(): Rv.OutboxCounts {
    const count = (state: Rv.OutboxState) => this.entries.filter((e) => e.state === state).length;
    return {
      waiting: count('waiting'),
      sending: count('sending'),
      failed: count('failed'),
      conflict: count('conflict'),
    };
  }

  #entry(id: unknown): Rv.OutboxEntry {
    const entry = this.entries.find((e) => e.id === id);
    if (!entry) throw syncRefusal('not_found', `Không có mục gửi số ${id} trong hàng chờ đồng bộ.`);
    return entry;
  }

  #sameItem(a: ReviewItem, b: ReviewItem): boolean {
    return a.kind === b.kind && a.id === b.id;
  }

  /** The waiting entries of `item` (those a run takes). */
  #waiting(item: ReviewItem): Rv.OutboxEntry[] {
    return this.entries.filter((e) => this.#sameItem(e.item, item) && e.state === 'waiting');
  }

  #run(): SyncReport {
    if (this.#backend.portal.url === null) {
      throw syncRefusal(
        'portal_not_set',
        'Chưa có địa chỉ cổng thông tin. Hãy nhập địa chỉ ở Cài đặt → Cổng thông tin (trên dòng lệnh: toasoan portal set --url …).',
      );
    }
    if (this.runResult !== null && !Array.isArray(this.runResult)) throw structuredClone(this.runResult);
    const now = this.#now();
    let items: SyncItem[];
    if (this.runResult === null) {
      // Every item whose entries may go now: none stopped for a person, none waiting out a backoff.
      items = [];
      for (const entry of this.entries) {
        if (entry.state !== 'waiting' || items.some((i) => this.#sameItem(i.item, entry.item))) continue;
        const open = this.entries.filter((e) => this.#sameItem(e.item, entry.item) && !isDoneEntry(e));
        if (open.some((e) => e.state !== 'waiting' || (e.next_at !== null && e.next_at > now))) continue;
        items.push({
          item: structuredClone(entry.item),
          title: entry.title,
          outcome: 'sent',
          remote_status: 'pending',
          link: `${this.#backend.portal.url}/?p=${entry.item.id}`,
          error: null,
        });
      }
    } else {
      items = structuredClone(this.runResult);
    }
    for (const item of items) {
      for (const entry of this.#waiting(item.item)) {
        entry.attempts += 1;
        entry.error_code = item.error?.code ?? null;
        entry.error = item.error?.message ?? null;
        if (item.outcome === 'sent' || item.outcome === 'nothing') {
          Object.assign(entry, { state: 'sent', done_at: now, next_at: null });
        } else if (item.outcome === 'waiting') {
          // A transient failure: it goes again by itself after a backoff (5 s, doubled each time).
          entry.next_at = new Date(this.clock + 5_000 * 2 ** (entry.attempts - 1)).toISOString().replace('.000Z', 'Z');
        } else {
          entry.state = item.outcome === 'conflict' ? 'conflict' : 'failed';
        }
      }
    }
    return { items, received: structuredClone(this.runReceived), counts: this.counts() };
  }

  command(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case 'sync_status': {
        const open = this.entries.filter((e) => !isDoneEntry(e));
        const done = this.entries
          .filter(isDoneEntry)
          .sort((x, y) => (y.done_at ?? '').localeCompare(x.done_at ?? '') || y.id - x.id)
          .slice(0, 30);
        return structuredClone({ entries: [...open, ...done], counts: this.counts() });
      }
      case 'sync_run': {
        // As the shell: the page hears of the counts after every run, even one that failed.
        try {
          return this.#run();
        } finally {
          this.#backend.emit('sync-changed', this.counts());
        }
      }
      case 'sync_retry': {
        const entry = this.#entry(a.id);
        for (const e of this.entries) {
          if (this.#sameItem(e.item, entry.item) && ['failed', 'conflict', 'waiting'].includes(e.state)) {
            e.state = 'waiting';
            e.next_at = null;
          }
        }
        return structuredClone(entry);
      }
      case 'sync_cancel': {
        const entry = this.#entry(a.id);
        if (!['waiting', 'failed', 'conflict'].includes(entry.state)) {
          throw syncRefusal('not_cancellable', `Mục gửi số ${entry.id} đang được gửi hoặc đã xong nên không huỷ được.`);
        }
        entry.state = 'cancelled';
        entry.done_at = this.#now();
        return structuredClone(entry);
      }
      case 'sync_conflict': {
        const conflict = this.conflicts.get(FakeSync.key(a.item));
        if (conflict && a.item.kind !== 'post') {
          // As the core: an album's two versions are not compared.
          throw syncRefusal('album_not_found', `Không tìm thấy album số ${a.item.id}.`);
        }
        return structuredClone(conflict ?? null);
      }
      case 'sync_resolve':
        return this.#resolve(a.item, a.choice);
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  }
}

/** Sent or cancelled: the status lists it among the recent ones. */
function isDoneEntry(entry: Rv.OutboxEntry): boolean {
  return entry.state === 'sent' || entry.state === 'cancelled';
}

function syncRefusal(code: string, message: string): Rv.ErrorReport {
  return { code, message };
}

// ── Search and the portal's archive ─────────────────────────────────────────
// search, archive_status, archive_get, archive_to_post, archive_pull and archive_cancel
// (src-tauri/commands/search.rs). The search is a simple stand-in for the core's
// (crates/newsroom/src/search.rs): every word of the query must start a word of the item's text
// whatever its diacritics (the last one while still being typed, the others whole); the words
// that matched are marked with their own diacritics; hits whose marked words are spelled as
// typed come first, then those matching in the title. The filters leave out the kinds they
// cannot apply to, as the core's do. The archive is `archive` (the posts kept) and the portal's
// pages are `portalPages`: a pull reads them from where the last one stopped, one page per
// pullStep(), with an `archive-progress` event after each; archive_cancel stops it after the page.

export class FakeSearch {
  static readonly COMMANDS = new Set([
    'search',
    'archive_status',
    'archive_get',
    'archive_to_post',
    'archive_pull',
    'archive_cancel',
  ]);

  /** The archive's posts (what the last pulls kept). */
  archive: Rv.ArchivePost[] = [];
  /** When the last pull finished or stopped; null before the first. */
  pulledAt: string | null = null;
  /** A pull stopped part way: the next one goes on from this page. */
  resumePage: number | null = null;
  complete = false;
  /** The portal's published posts, page by page, as a pull reads them. */
  portalPages: Rv.ArchivePost[][] = [];
  /** The pull under way: moved on with pullStep(); cancelled after archive_cancel. */
  pull: {
    page: number;
    received: number;
    cancelled: boolean;
    resolve: (report: ArchiveReport) => void;
  } | null = null;
  /** Searches whose text is a key here wait until the test releases them (see hold()). */
  #held = new Map<string, Promise<void>>();
  #nextPostId = 5000;
  clock = Date.parse('2024-05-02T04:00:00Z');
  readonly #backend: FakeBackend;

  constructor(backend: FakeBackend) {
    this.#backend = backend;
  }

  #now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString().replace('.000Z', 'Z');
  }

  /** The search for exactly `text` answers only once the returned function is called. */
  hold(text: string): () => void {
    let release = () => {};
    this.#held.set(
      text,
      new Promise<void>((resolve) => {
        release = resolve;
      }),
    );
    return () => {
      this.#held.delete(text);
      release();
    };
  }

  /** An archive post (defaults filled in); `keep` also puts it in the archive. */
  static post(fields: Partial<Rv.ArchivePost> & { remote_id: number; title: string }): Rv.ArchivePost {
    return {
      content_html: '<p>Nội dung bài.</p>',
      excerpt: '',
      link: `https://cong.tayho.gov.vn/?p=${fields.remote_id}`,
      published_at: '2023-01-12T02:00:00Z',
      categories: 'Tin hoạt động',
      ...fields,
    };
  }

  status(): Rv.ArchiveStatus {
    return {
      count: this.archive.length,
      pulled_at: this.pulledAt,
      resume_page: this.resumePage,
      complete: this.complete,
    };
  }

  /** Reads the next `n` pages of the pull under way (the last one ends it). */
  pullStep(n = 1): void {
    const run = this.pull;
    if (!run) throw new Error('no archive pull under way');
    const pages = this.portalPages.length;
    for (let k = 0; k < n && this.pull === run; k++) {
      const page = this.portalPages[run.page - 1] ?? [];
      for (const post of page) {
        this.archive = this.archive.filter((p) => p.remote_id !== post.remote_id);
        this.archive.push(structuredClone(post));
      }
      run.received += page.length;
      const progress: ArchiveProgress = { page: run.page, pages, received: run.received };
      this.#backend.emit('archive-progress', progress);
      if (run.page >= pages) this.#finish(true);
      else {
        run.page += 1;
        this.resumePage = run.page;
      }
    }
  }

  #finish(complete: boolean): void {
    const run = this.pull;
    if (!run) return;
    this.pull = null;
    this.pulledAt = this.#now();
    if (complete) {
      this.complete = true;
      this.resumePage = null;
    } else {
      this.resumePage = run.page;
    }
    run.resolve({ received: run.received, count: this.archive.length, complete });
  }

  #archivePost(id: unknown): Rv.ArchivePost {
    const post = this.archive.find((p) => p.remote_id === id);
    if (!post) throw { code: 'archive_not_found', message: `Không có bài số ${id} trong lưu trữ.` } satisfies ErrorReport;
    return post;
  }

  command(cmd: string, a: Record<string, any>): unknown {
    switch (cmd) {
      case 'search': {
        const held = this.#held.get(String(a.query?.text ?? ''));
        const results = this.search(a.query as Rv.SearchQuery);
        return held ? held.then(() => results) : results;
      }
      case 'archive_status':
        return this.status();
      case 'archive_get':
        return structuredClone(this.#archivePost(a.id));
      case 'archive_to_post': {
        const old = this.#archivePost(a.id);
        const now = this.#now();
        const actor = this.#backend.actor;
        const post: Post = {
          ...structuredClone(SAMPLE_POST),
          id: this.#nextPostId++,
          title: old.title,
          slug: slugOf(old.title),
          sapo: old.excerpt,
          state: 'draft',
          body_html: old.content_html,
          category: old.categories.split(',')[0]?.trim() ?? '',
          signature: this.#backend.settings.default_signature,
          published_at: null,
          created_at: now,
          updated_at: now,
          is_sample: false,
          author_id: actor?.id ?? null,
        };
        this.#backend.posts.set(post.id, post);
        return structuredClone(post);
      }
      case 'archive_pull': {
        if (this.#backend.portal.url === null) {
          throw {
            code: 'portal_not_set',
            message:
              'Chưa có địa chỉ cổng thông tin. Hãy nhập địa chỉ ở Cài đặt → Cổng thông tin (trên dòng lệnh: toasoan portal set --url …).',
          } satisfies ErrorReport;
        }
        if (this.pull) {
          throw { code: 'archive_busy', message: 'Đang tải lưu trữ cổng thông tin; hãy chờ xong.' } satisfies ErrorReport;
        }
        return new Promise<ArchiveReport>((resolve) => {
          this.pull = { page: this.resumePage ?? 1, received: 0, cancelled: false, resolve };
        });
      }
      case 'archive_cancel':
        if (this.pull && !this.pull.cancelled) {
          this.pull.cancelled = true;
          // The shell stops after the page it is reading.
          setTimeout(() => this.#finish(false), 0);
        }
        return null;
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  }

  /** The fake's search (see the section's comment). */
  search(query: Rv.SearchQuery): Rv.SearchResults {
    const terms = searchTerms(query.text);
    if (terms.length === 0) return { hits: [], more: false };
    let kinds: Rv.SearchKind[] = query.kinds.length ? [...query.kinds] : ['post', 'album', 'photo', 'person', 'archive'];
    const keep = (allowed: Rv.SearchKind[]) => (kinds = kinds.filter((k) => allowed.includes(k)));
    if (query.state) keep(['post', 'album']);
    if (query.category) keep(['post', 'archive']);
    if (query.author_id !== null) keep(['post', 'album']);
    if (query.from || query.to) keep(['post', 'album', 'photo', 'archive']);
    if (query.has_photos !== null) keep(['post', 'album']);

    type Item = {
      kind: Rv.SearchKind;
      id: number;
      title: string;
      text: string;
      state: string | null;
      date: string | null;
      day: string | null;
      category: string[];
      author: number | null;
      photos: boolean;
    };
    const items: Item[] = [];
    const b = this.#backend;
    if (kinds.includes('post')) {
      for (const p of b.posts.values()) {
        if (p.deleted_at) continue;
        const date = p.published_at ?? p.updated_at;
        const body = p.body_html.replace(/<\/(p|h\d|li|blockquote)>/g, '\n').replace(/<[^>]*>/g, '');
        items.push({
          kind: 'post',
          id: p.id,
          title: p.title,
          text: [p.sapo, body, p.signature].join('\n'),
          state: p.state,
          date,
          day: vietnamDay(date),
          category: [p.category],
          author: p.author_id,
          photos: p.featured_photo_id !== null || p.body_html.includes('data-photo-id'),
        });
      }
    }
    if (kinds.includes('album')) {
      for (const al of b.albums.values()) {
        const captions = al.photo_ids.map((id) => b.photos.get(id)?.caption ?? '');
        items.push({
          kind: 'album',
          id: al.id,
          title: al.title,
          text: [al.description, ...captions].join('\n'),
          state: b.reviewing.record({ kind: 'album', id: al.id }).state,
          date: al.event_date,
          day: al.event_date ?? vietnamDay(al.updated_at),
          category: [],
          author: b.reviewing.record({ kind: 'album', id: al.id }).author_id,
          photos: al.photo_ids.length > 0,
        });
      }
    }
    if (kinds.includes('photo')) {
      for (const ph of b.photos.values()) {
        items.push({
          kind: 'photo',
          id: ph.id,
          title: ph.caption,
          text: [ph.alt_text, ph.credit].join('\n'),
          state: null,
          date: ph.taken_at,
          day: ph.taken_at?.slice(0, 10) ?? null,
          category: [],
          author: null,
          photos: true,
        });
      }
    }
    if (kinds.includes('person')) {
      for (const person of b.people) {
        items.push({
          kind: 'person',
          id: person.id,
          title: person.name,
          text: [person.unit, ...person.titles.map((t) => `${t.title} ${t.unit}`)].join('\n'),
          state: null,
          date: null,
          day: null,
          category: [],
          author: null,
          photos: false,
        });
      }
    }
    if (kinds.includes('archive')) {
      for (const post of this.archive) {
        const content = post.content_html.replace(/<\/(p|h\d|li|blockquote)>/g, '\n').replace(/<[^>]*>/g, '');
        items.push({
          kind: 'archive',
          id: post.remote_id,
          title: post.title,
          text: [post.excerpt, content].join('\n'),
          state: null,
          date: post.published_at,
          day: vietnamDay(post.published_at),
          category: post.categories.split(',').map((c) => c.trim()),
          author: null,
          photos: false,
        });
      }
    }

    const passes = (item: Item) =>
      (!query.state || item.state === query.state) &&
      (!query.category || item.category.includes(query.category.normalize('NFC'))) &&
      (query.author_id === null || item.author === query.author_id) &&
      (!query.from || (item.day !== null && item.day >= query.from)) &&
      (!query.to || (item.day !== null && item.day <= query.to)) &&
      (query.has_photos === null || item.photos === query.has_photos);

    const found: (Rv.SearchHit & { order: number })[] = [];
    for (const item of items) {
      if (!passes(item)) continue;
      const words = searchWords(`${item.title}\n${item.text}`);
      if (!terms.every((term) => words.some((w) => termMatches(term, w)))) continue;
      const exact = terms.every((term) => !term.marked || words.some((w) => w.normalize('NFC').toLowerCase() === term.word));
      const titleHits = terms.filter((term) => searchWords(item.title).some((w) => termMatches(term, w))).length;
      const snippet_parts = searchSnippet(item.text, terms);
      found.push({
        kind: item.kind,
        id: item.id,
        title: item.title,
        title_parts: searchParts(item.title, terms),
        snippet: snippet_parts.map((p) => p.text).join(''),
        snippet_parts,
        score: titleHits * 4 + 1,
        exact,
        state: item.state,
        date: item.date,
        order: items.indexOf(item),
      });
    }
    found.sort((x, y) => Number(y.exact) - Number(x.exact) || y.score - x.score || x.order - y.order);
    const limit = query.limit === 0 ? 20 : Math.min(query.limit, 200);
    const page = found.slice(query.offset, query.offset + limit).map(({ order: _order, ...hit }) => hit);
    return { hits: structuredClone(page), more: found.length > query.offset + limit };
  }
}

type SearchTerm = { word: string; folded: string; marked: boolean; prefix: boolean };

/** Lower case, no diacritics, đ → d (the core's fold). */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

function searchWords(text: string): string[] {
  return text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

function searchTerms(text: string): SearchTerm[] {
  const typing = !/\s$/.test(text);
  const words = searchWords(text);
  return words.map((w, i) => {
    const word = w.toLowerCase();
    const folded = foldText(w);
    return { word, folded, marked: folded !== word, prefix: typing && i === words.length - 1 };
  });
}

function termMatches(term: SearchTerm, word: string): boolean {
  const folded = foldText(word);
  return term.prefix ? folded.startsWith(term.folded) : folded === term.folded;
}

/** `text` cut into words and what lies between them, the matching words marked. */
function searchParts(text: string, terms: SearchTerm[]): Rv.SearchPart[] {
  const parts: Rv.SearchPart[] = [];
  const push = (piece: string, hit: boolean) => {
    if (!piece) return;
    const last = parts.at(-1);
    if (last && last.hit === hit && !hit) last.text += piece;
    else parts.push({ text: piece, hit });
  };
  const nfc = text.normalize('NFC');
  let at = 0;
  for (const m of nfc.matchAll(/[\p{L}\p{N}]+/gu)) {
    push(nfc.slice(at, m.index), false);
    push(m[0], terms.some((term) => termMatches(term, m[0])));
    at = m.index! + m[0].length;
  }
  push(nfc.slice(at), false);
  return parts;
}

/** About 28 words of `text` from a little before its first match, "…" where it was cut. */
function searchSnippet(text: string, terms: SearchTerm[]): Rv.SearchPart[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const first = words.findIndex((w) => searchWords(w).some((x) => terms.some((term) => termMatches(term, x))));
  // From the start when the match falls in the first words, else a little before it.
  const start = first < 20 ? 0 : first - 8;
  const end = Math.min(words.length, start + 28);
  const cut = `${start > 0 ? '…' : ''}${words.slice(start, end).join(' ')}${end < words.length ? '…' : ''}`;
  return searchParts(cut, terms);
}

/** A UTC time's day in Vietnam (UTC+7), 'YYYY-MM-DD'. */
function vietnamDay(value: string | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms + 7 * 3_600_000).toISOString().slice(0, 10);
}
