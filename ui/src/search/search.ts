// What the Tìm kiếm area decides on its own: the query it sends for what is typed and the
// filters chosen, how a hit's kind, date and state read, and an archive post as plain text.
// The core does the searching (crates/newsroom/src/search.rs).
import type { ReviewState, SearchHit, SearchKind, SearchQuery } from '../lib/ipc/types';
import { formatDateTime } from '../lib/time';
import { cameraTime, day } from '../albums/format';
import { t, type MessageKey } from '../i18n/index.svelte';

export const KINDS: readonly SearchKind[] = ['post', 'album', 'photo', 'person', 'archive'];

export const REVIEW_STATES: readonly ReviewState[] = [
  'draft',
  'submitted',
  'changes_requested',
  'approved',
  'scheduled',
  'published',
  'withdrawn',
];

/** Hits asked for at a time ("Xem thêm" asks for the next ones). */
export const PAGE_SIZE = 20;

/** How long typing must pause before the search runs (ms). */
export const TYPING_DELAY = 150;

export type Filters = {
  /** Null: every kind. */
  kind: SearchKind | null;
  /** A review state; '' for any. */
  state: string;
  /** '' for any. */
  category: string;
  author: number | null;
  /** 'YYYY-MM-DD' or ''. */
  from: string;
  to: string;
  hasPhotos: boolean;
};

export const NO_FILTERS: Filters = {
  kind: null,
  state: '',
  category: '',
  author: null,
  from: '',
  to: '',
  hasPhotos: false,
};

export type Filter = 'state' | 'category' | 'author' | 'dates' | 'hasPhotos';

/** The kinds each filter applies to (the core leaves the others out when it is set). */
const FILTER_KINDS: Record<Filter, readonly SearchKind[]> = {
  state: ['post', 'album'],
  category: ['post', 'archive'],
  author: ['post', 'album'],
  dates: ['post', 'album', 'photo', 'archive'],
  hasPhotos: ['post', 'album'],
};

/** Whether `filter` means anything for the kind chosen (every filter does for "Tất cả"). */
export function applies(filter: Filter, kind: SearchKind | null): boolean {
  return kind === null || FILTER_KINDS[filter].includes(kind);
}

/** Filters that apply to the kind chosen and are set. */
export function hasFilters(f: Filters): boolean {
  const k = f.kind;
  return (
    (applies('state', k) && f.state !== '') ||
    (applies('category', k) && f.category !== '') ||
    (applies('author', k) && f.author !== null) ||
    (applies('dates', k) && (f.from !== '' || f.to !== '')) ||
    (applies('hasPhotos', k) && f.hasPhotos)
  );
}

/** The query for `text` as typed (a trailing space says the last word is whole) and the filters
 * that apply to the kind chosen; a filter hidden with its kind is not sent. */
export function queryOf(text: string, f: Filters, offset = 0, limit = PAGE_SIZE): SearchQuery {
  const k = f.kind;
  const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d);
  return {
    text: text.normalize('NFC'),
    kinds: k === null ? [] : [k],
    state: applies('state', k) && f.state ? f.state : null,
    category: applies('category', k) && f.category ? f.category : null,
    author_id: applies('author', k) ? f.author : null,
    from: applies('dates', k) && isDay(f.from) ? f.from : null,
    to: applies('dates', k) && isDay(f.to) ? f.to : null,
    has_photos: applies('hasPhotos', k) && f.hasPhotos ? true : null,
    limit,
    offset,
  };
}

/** A kind as the filter names it ("Bài viết", "Lưu trữ cổng"). */
export function kindName(kind: SearchKind): string {
  return t(`search.kind.${kind}` as MessageKey);
}

/** A kind as a hit's badge names it. */
export function badgeName(kind: SearchKind): string {
  return t(`search.badge.${kind}` as MessageKey);
}

/** A review state's badge name; an unknown one as it is. */
export function stateName(state: string): string {
  return REVIEW_STATES.includes(state as ReviewState) ? t(`review.state.${state}` as MessageKey) : state;
}

/** A hit's date: a day as dd/mm/yyyy, a stored UTC time in Vietnam's time, a camera's time as
 * the camera had it. */
export function dateText(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return day(value);
  if (/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return formatDateTime(value);
  return cameraTime(value);
}

/** The key a hit is known by in a list. */
export function hitKey(hit: Pick<SearchHit, 'kind' | 'id'>): string {
  return `${hit.kind}:${hit.id}`;
}

/** The hits of `more` not already in `hits` (a page can overlap the last when the index moved). */
export function appendHits(hits: SearchHit[], more: SearchHit[]): SearchHit[] {
  const seen = new Set(hits.map(hitKey));
  return [...hits, ...more.filter((h) => !seen.has(hitKey(h)))];
}

const BLOCKS = new Set([
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'LI',
  'BLOCKQUOTE',
  'FIGCAPTION',
  'DIV',
  'TR',
  'PRE',
  'UL',
  'OL',
  'FIGURE',
  'TABLE',
]);

/** Sanitised HTML as plain text: one paragraph per block, separated by a blank line. Parsed as an
 * inert document (nothing in it runs or loads). */
export function plainText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/\s+/g, ' ').trim();
    if (text) lines.push(text);
    line = '';
  };
  const walk = (node: Node) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) line += child.textContent ?? '';
      else if (child.nodeName === 'BR') flush();
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const block = BLOCKS.has(child.nodeName);
        if (block) flush();
        walk(child);
        if (block) flush();
      }
    }
  };
  walk(doc.body);
  flush();
  return lines.join('\n\n').normalize('NFC');
}

/** What the area keeps while the window is open, so that coming back from a post it opened
 * shows the same search. */
export const remembered: { text: string; filters: Filters } = { text: '', filters: { ...NO_FILTERS } };

/** Forgets the search kept (tests). */
export function forgetSearch(): void {
  remembered.text = '';
  remembered.filters = { ...NO_FILTERS };
}
