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
import { SAMPLE_MEETING, paragraphsHtml, previewMeeting, resolveMeeting } from '../posts/meeting/fakeMeeting';

type Args = Record<string, unknown> | undefined;

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
};

export class FakeBackend {
  posts = new Map<number, Post>();
  settings: Settings = { language: 'vi', default_signature: '' };
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
};
