// In-memory stand-in for the Rust commands, for tests.
import type { ErrorReport, Lang, Post, PostSummary, Settings, StoreInfo } from '../lib/ipc/types';

type Args = Record<string, unknown> | undefined;

export const SAMPLE_POST: Post = {
  id: 1,
  title: 'Hội nghị tổng kết công tác năm 2019',
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
  settings: Settings = { language: 'vi' };
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
  #nextId = 100;
  #clock = Date.parse('2024-05-02T02:00:00Z');

  constructor(posts: Post[] = [structuredClone(SAMPLE_POST)], language: Lang = 'vi') {
    for (const p of posts) this.posts.set(p.id, p);
    this.settings.language = language;
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
          body_html: a.new.body_html,
          category: '',
          signature: '',
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
        post.title = a.edit.title;
        post.body_html = a.edit.body_html;
        post.updated_at = this.#now();
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
      case 'settings_get':
        return { ...this.settings };
      case 'settings_set_language':
        this.settings.language = a.language;
        return { ...this.settings };
      case 'store_info':
        return structuredClone(this.store);
      case 'app_ready':
        return null;
      default:
        throw new Error(`unknown command ${cmd}`);
    }
  };
}
