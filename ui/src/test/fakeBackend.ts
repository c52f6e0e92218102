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
import type {
  Album,
  AlbumSummary,
  Framing,
  ImportItem,
  ImportReport as PhotoImportReport,
  PhotoInfo,
  PhotoSummary,
} from '../lib/ipc/photos';
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
  /** The photo library, oldest first (photo_list answers newest first). */
  photos = new Map<number, PhotoSummary>();
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
      case 'photo_list':
        return structuredClone([...this.photos.values()].reverse());
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
      case 'album_list':
        return [...this.albums.values()]
          .sort((x, y) => y.updated_at.localeCompare(x.updated_at))
          .map((album) => this.#albumSummary(album));
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
    };
  }

  invoke = async (cmd: string, args?: Args): Promise<unknown> => {
    this.calls.push({ cmd, args: structuredClone(args) });
    await Promise.resolve();
    const failure = this.failures.get(cmd);
    if (failure) throw failure;
    const a = (args ?? {}) as Record<string, any>;
    switch (cmd) {
      case 'post_list': {
        const bin = a.shelf === 'bin';
        return [...this.posts.values()]
          .filter((p) => (p.deleted_at !== null) === bin)
          .sort((x, y) => y.updated_at.localeCompare(x.updated_at))
          .map((p) => this.#summary(p));
      }
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
        if (cmd.startsWith('photo_') || cmd.startsWith('album_')) return this.#photoCommand(cmd, a);
        throw new Error(`unknown command ${cmd}`);
    }
  };
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
