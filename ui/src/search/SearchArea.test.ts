import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import App from '../App.svelte';
import SearchArea from './SearchArea.svelte';
import { FakeBackend, FakeSearch, SAMPLE_POST, samplePhoto } from '../test/fakeBackend';
import type { Person, Post, SearchQuery } from '../lib/ipc/types';
import { setLang } from '../i18n/index.svelte';
import { errors } from '../lib/errors.svelte';
import { forgetSearch, plainText, queryOf, NO_FILTERS } from './search';
import { resetArchiveState } from './archive.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));

const PORTAL = 'https://cong.tayho.gov.vn';
const OFFLINE =
  'Không kết nối được tới cổng thông tin (dns error). Hãy kiểm tra mạng rồi bấm «Thử lại»; những gì đã tải vẫn được giữ.';

function post(id: number, fields: Partial<Post>): Post {
  return { ...structuredClone(SAMPLE_POST), id, is_sample: false, ...fields };
}

/** Last year's report, a festival and a notice; the report is published, with a photo. */
function posts(): Post[] {
  return [
    post(1, { state: 'published', featured_photo_id: 7, published_at: '2023-01-16T04:19:00Z' }),
    post(2, {
      title: 'Ngày hội đại đoàn kết toàn dân tộc',
      body_html: '<p>Khu dân cư số 3 tổ chức ngày hội.</p>',
      category: 'Mặt trận',
      published_at: null,
      updated_at: '2024-11-18T03:00:00Z',
    }),
    post(3, {
      title: 'Thông báo lịch tiếp công dân',
      body_html: '<p>Chủ tịch Ủy ban nhân dân phường tiếp công dân vào thứ Năm.</p>',
      published_at: '2024-03-01T01:00:00Z',
    }),
  ];
}

const PEOPLE: Person[] = [
  {
    id: 1,
    name: 'Nguyễn Anh Tuấn',
    unit: 'Quận ủy Tây Hồ',
    note: '',
    titles: [
      { id: 1, title: 'Phó Bí thư thường trực', unit: 'Quận ủy Tây Hồ', held_from: '2020-07-01', held_until: '2025-06-30' },
      { id: 2, title: 'Bí thư', unit: 'Đảng ủy phường Tây Hồ', held_from: '2025-07-01', held_until: null },
    ],
  },
];

const ARCHIVED = FakeSearch.post({
  remote_id: 812,
  title: 'Hội nghị tổng kết công tác dân vận năm 2022',
  excerpt: 'Sáng 12/1, Ban Dân vận tổ chức hội nghị tổng kết.',
  content_html:
    '<p>Sáng 12/1, Ban Dân vận tổ chức <strong>hội nghị tổng kết</strong> công tác năm 2022.</p><ul><li>Dự hội nghị có đồng chí Bí thư.</li></ul>',
  link: `${PORTAL}/2023/01/hoi-nghi-tong-ket`,
  published_at: '2023-01-12T02:00:00Z',
  categories: 'Tin hoạt động, Dân vận',
});

let fake: FakeBackend;

beforeEach(() => {
  setLang('vi');
  errors.clear();
  forgetSearch();
  resetArchiveState();
  fake = new FakeBackend(posts());
  vi.mocked(invoke).mockImplementation((cmd, args) => fake.invoke(cmd, args as Record<string, unknown>) as never);
  vi.mocked(listen).mockImplementation(fake.listen as never);
});

afterEach(() => {
  cleanup();
  delete (navigator as { clipboard?: unknown }).clipboard;
});

/** navigator.clipboard as the webview has it (or has not). */
function useClipboard(clipboard: { writeText: (text: string) => Promise<void> } | undefined) {
  Object.defineProperty(navigator, 'clipboard', { value: clipboard, configurable: true });
}

type Props = {
  onopenpost?: (id: number, hint?: string) => void;
  onopenalbum?: (id: number) => void;
  onsettings?: () => void;
};

/** The area on its own, once the archive's status is read. */
async function openSearch(props: Props = {}) {
  render(SearchArea, { props });
  await screen.findByText(/^(Chưa tải bài nào|Đang giữ \d+ bài)/);
  return box();
}

const box = () => screen.getByRole('searchbox', { name: 'Từ cần tìm' }) as HTMLInputElement;
const resultList = () => screen.getByRole('list', { name: 'Kết quả tìm kiếm' });
const rows = () => within(resultList()).getAllByRole('listitem');
const rowOf = (title: string) => rows().find((li) => li.textContent?.includes(title))!;
const marks = (el: HTMLElement) => [...el.querySelectorAll('mark')].map((m) => m.textContent);
const status = () => document.querySelector<HTMLElement>('.search-status')!;
const lastQuery = () => fake.callsOf('search').at(-1)!.args!.query as SearchQuery;

async function type(text: string) {
  await fireEvent.input(box(), { target: { value: text } });
}

/** Types `text` and waits for the list (or the "nothing found" line). */
async function search(text: string) {
  const before = fake.callsOf('search').length;
  await type(text);
  await waitFor(() => expect(fake.callsOf('search').length).toBeGreaterThan(before));
  await waitFor(() => expect(status().textContent).not.toMatch(/^(|Đang tìm…|Searching…)$/));
}

describe('Tìm kiếm: the search box', () => {
  it('is focused when the area opens, with a hint while it is empty', async () => {
    const input = await openSearch();
    expect(screen.getByRole('heading', { level: 1, name: 'Tìm kiếm' })).toBeTruthy();
    expect(document.activeElement).toBe(input);
    expect(screen.getByText(/Gõ vài từ để tìm, có dấu hoặc không dấu/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Kết quả tìm kiếm' })).toBeNull();
    expect(fake.callsOf('search')).toHaveLength(0);
  });

  it('finds posts as one types, the words marked with their own diacritics', async () => {
    await openSearch();
    await type('h');
    await type('ho');
    await type('hoi nghi');
    await waitFor(() => expect(status().textContent).toBe('1 kết quả'));
    // Only once typing paused.
    expect(fake.callsOf('search')).toHaveLength(1);
    expect(lastQuery()).toMatchObject({ text: 'hoi nghi', kinds: [], offset: 0, limit: 20 });

    const row = rowOf('Hội nghị tổng kết công tác năm 2019');
    expect(row.querySelector('.kind-badge')!.textContent).toBe('Bài viết');
    const [title, snippet] = row.querySelectorAll<HTMLElement>('.row-title, .row-excerpt');
    expect(marks(title)).toEqual(['Hội', 'nghị']);
    expect(marks(snippet)).toEqual(['hội', 'nghị']);
    expect(snippet.textContent).toContain('Sáng 16/1, Ủy ban nhân dân xã tổ chức hội nghị tổng kết.');
    expect(row.querySelector('.row-date')!.textContent).toContain('16/01/2023 | 11:19');
    expect(row.querySelector('.row-date')!.textContent).toContain('Đã đăng');
  });

  it('never lets a slow answer to an older text overwrite a newer one', async () => {
    await openSearch();
    const release = fake.search.hold('hội');
    await type('hội');
    await waitFor(() => expect(fake.callsOf('search')).toHaveLength(1));
    await type('hội nghị');
    await waitFor(() => expect(status().textContent).toBe('1 kết quả'));
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(rows()).toHaveLength(1);
    expect(rows()[0].textContent).toContain('Hội nghị tổng kết công tác năm 2019');
    expect(status().textContent).toBe('1 kết quả');
  });

  it('says so when nothing is found, and goes back to the hint when the box is emptied', async () => {
    await openSearch();
    await search('bão lũ');
    expect(status().textContent).toBe('Không tìm thấy gì cho «bão lũ». Hãy thử từ khác, viết ngắn hơn hoặc bỏ bớt bộ lọc.');
    await type('');
    expect(screen.getByText(/Gõ vài từ để tìm/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Kết quả tìm kiếm' })).toBeNull();
  });

  it('shows an error of the core in the window’s alert', async () => {
    fake.failures.set('search', { code: 'store_failed', message: 'Không đọc được kho dữ liệu.' });
    await openSearch();
    await type('hội');
    await waitFor(() => expect(errors.current?.message).toBe('Không đọc được kho dữ liệu.'));
  });

  it('sends the filters with the query and searches again when one changes', async () => {
    const lan = fake.addUser('lan', 'Nguyễn Thị Lan', ['editor']);
    await openSearch();
    await search('hội');
    expect(rows()).toHaveLength(2);

    await fireEvent.click(screen.getByRole('radio', { name: 'Bài viết' }));
    await waitFor(() => expect(lastQuery().kinds).toEqual(['post']));

    const filters = within(screen.getByRole('group', { name: 'Bộ lọc' }));
    await fireEvent.change(filters.getByLabelText('Trạng thái'), { target: { value: 'published' } });
    await waitFor(() => expect(lastQuery().state).toBe('published'));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0].textContent).toContain('Hội nghị tổng kết công tác năm 2019');

    const category = await filters.findByLabelText('Chuyên mục');
    expect([...category.querySelectorAll('option')].map((o) => o.textContent)).toEqual([
      'Mọi chuyên mục',
      'Mặt trận',
      'Tin hoạt động',
    ]);
    await fireEvent.change(category, { target: { value: 'Tin hoạt động' } });
    await fireEvent.change(await filters.findByLabelText('Người viết'), { target: { value: String(lan.id) } });
    await fireEvent.change(filters.getByLabelText('Từ ngày'), { target: { value: '2023-01-01' } });
    await fireEvent.change(filters.getByLabelText('Đến ngày'), { target: { value: '2023-12-31' } });
    await fireEvent.click(filters.getByLabelText('Có ảnh'));
    await waitFor(() =>
      expect(lastQuery()).toEqual({
        text: 'hội',
        kinds: ['post'],
        state: 'published',
        category: 'Tin hoạt động',
        author_id: lan.id,
        from: '2023-01-01',
        to: '2023-12-31',
        has_photos: true,
        limit: 20,
        offset: 0,
      }),
    );

    // People have no state, category, author, dates or photos: those filters go with the kind.
    await fireEvent.click(screen.getByRole('radio', { name: 'Người' }));
    await waitFor(() => expect(lastQuery().kinds).toEqual(['person']));
    expect(lastQuery()).toMatchObject({ state: null, category: null, author_id: null, from: null, to: null, has_photos: null });
    expect(filters.queryByLabelText('Trạng thái')).toBeNull();
    expect(filters.queryByLabelText('Có ảnh')).toBeNull();

    await fireEvent.click(screen.getByRole('radio', { name: 'Tất cả' }));
    await fireEvent.click(filters.getByRole('button', { name: 'Bỏ lọc' }));
    await waitFor(() =>
      expect(lastQuery()).toMatchObject({ kinds: [], state: null, category: null, author_id: null, has_photos: null }),
    );
  });

  it('"Xem thêm" brings the next page', async () => {
    for (let i = 10; i < 35; i++) {
      fake.posts.set(i, post(i, { title: `Tin phường số ${i}`, updated_at: `2024-04-${String(i - 5).padStart(2, '0')}T01:00:00Z` }));
    }
    await openSearch();
    await search('phuong ');
    expect(rows()).toHaveLength(20);
    expect(status().textContent).toBe('20 kết quả đầu tiên, còn nữa');
    await fireEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));
    await waitFor(() => expect(rows()).toHaveLength(26));
    expect(lastQuery()).toMatchObject({ text: 'phuong ', offset: 20 });
    expect(status().textContent).toBe('26 kết quả');
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();
  });

  it('opens a post in the editor and an album in its area', async () => {
    const onopenpost = vi.fn();
    const onopenalbum = vi.fn();
    const album = fake.addAlbum({ title: 'Ngày hội văn hóa phường' });
    await openSearch({ onopenpost, onopenalbum });
    await search('ngày hội');
    await fireEvent.click(within(rowOf('Ngày hội đại đoàn kết')).getByRole('button'));
    expect(onopenpost).toHaveBeenCalledWith(2);
    const albumRow = rowOf('Ngày hội văn hóa phường');
    expect(albumRow.querySelector('.kind-badge')!.textContent).toBe('Album');
    await fireEvent.click(within(albumRow).getByRole('button'));
    expect(onopenalbum).toHaveBeenCalledWith(album.id);
  });

  it('↓ goes from the box to the results, Enter searches at once', async () => {
    await openSearch();
    await fireEvent.input(box(), { target: { value: 'tiếp công dân' } });
    await fireEvent.keyDown(box(), { key: 'Enter' });
    await waitFor(() => expect(rows()).toHaveLength(1));
    await fireEvent.keyDown(box(), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(within(rows()[0]).getByRole('button'));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(box());
  });

  it('shows a photo with its caption, alt text and credit, and the albums holding it', async () => {
    const onopenalbum = vi.fn();
    fake.addPhotos(
      samplePhoto(41, { caption: 'Đồng chí Bí thư phát biểu tại hội nghị', alt_text: 'Người đứng trên bục', credit: 'Minh Anh', version: 3 }),
    );
    const album = fake.addAlbum({ title: 'Hội nghị tổng kết', photo_ids: [41] });
    fake.addAlbum({ title: 'Album khác' });
    await openSearch({ onopenalbum });
    await fireEvent.click(screen.getByRole('radio', { name: 'Ảnh' }));
    await search('phát biểu');
    await fireEvent.click(within(rowOf('Đồng chí Bí thư')).getByRole('button'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Đồng chí Bí thư phát biểu tại hội nghị' })).toBeTruthy();
    const img = screen.getByRole('img', { name: 'Người đứng trên bục' }) as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('photo://localhost/41/1024?v=0');
    expect(screen.getByText('Minh Anh')).toBeTruthy();
    const albums = await screen.findByRole('list', { name: 'Có trong album' });
    expect(within(albums).getAllByRole('button').map((b) => b.textContent)).toEqual(['Hội nghị tổng kết']);
    await fireEvent.click(within(albums).getByRole('button'));
    expect(onopenalbum).toHaveBeenCalledWith(album.id);

    await fireEvent.click(screen.getByRole('button', { name: '← Kết quả tìm kiếm' }));
    expect(rows()).toHaveLength(1);
    expect(document.activeElement).toBe(within(rows()[0]).getByRole('button'));
  });

  it('shows a person of the directory with every title held', async () => {
    fake.people = structuredClone(PEOPLE);
    await openSearch();
    await search('tuan');
    const row = rowOf('Nguyễn Anh Tuấn');
    expect(row.querySelector('.kind-badge')!.textContent).toBe('Người');
    expect(marks(row.querySelector('.row-title')!)).toEqual(['Tuấn']);
    await fireEvent.click(within(row).getByRole('button'));
    expect(await screen.findByRole('heading', { level: 2, name: 'Nguyễn Anh Tuấn' })).toBeTruthy();
    const titles = await screen.findByRole('list', { name: 'Chức vụ' });
    expect(within(titles).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Phó Bí thư thường trực từ 01/07/2020 đến 30/06/2025',
      'Bí thư Đảng ủy phường Tây Hồ từ 01/07/2025',
    ]);

    // Ctrl+F: back to the search box, from wherever the area is.
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    expect(document.activeElement).toBe(box());
    expect(box().value).toBe('tuan');
  });
});

describe('Tìm kiếm: the archive reader', () => {
  it('shows the archive post and "Dùng làm bài mới" opens a new draft made from it', async () => {
    fake.search.archive = [structuredClone(ARCHIVED)];
    const onopenpost = vi.fn();
    const writeText = vi.fn(async (_text: string) => {});
    useClipboard({ writeText });
    await openSearch({ onopenpost });
    await fireEvent.click(screen.getByRole('radio', { name: 'Lưu trữ cổng' }));
    await search('dân vận');
    const row = rowOf(ARCHIVED.title);
    expect(row.querySelector('.kind-badge')!.textContent).toBe('Lưu trữ cổng');
    await fireEvent.click(within(row).getByRole('button'));

    const reader = await screen.findByRole('article', { name: 'Bài trong lưu trữ cổng thông tin' });
    const article = within(reader);
    expect(article.getByRole('heading', { level: 2, name: ARCHIVED.title })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(article.getByRole('heading', { level: 2 })));
    expect(article.getByText('Đăng lúc 12/01/2023 | 09:00')).toBeTruthy();
    expect(article.getByText('Chuyên mục: Tin hoạt động, Dân vận')).toBeTruthy();
    expect(article.getByText(ARCHIVED.link)).toBeTruthy();
    expect(reader.querySelector('.portal-body strong')!.textContent).toBe('hội nghị tổng kết');

    await fireEvent.click(article.getByRole('button', { name: 'Chép địa chỉ' }));
    expect(writeText).toHaveBeenLastCalledWith(ARCHIVED.link);
    expect(await article.findByText('Đã chép địa chỉ.')).toBeTruthy();
    await fireEvent.click(article.getByRole('button', { name: 'Chép nội dung' }));
    expect(writeText).toHaveBeenLastCalledWith(
      `${ARCHIVED.title}\n\nSáng 12/1, Ban Dân vận tổ chức hội nghị tổng kết công tác năm 2022.\n\nDự hội nghị có đồng chí Bí thư.`,
    );

    await fireEvent.click(article.getByRole('button', { name: 'Dùng làm bài mới' }));
    await waitFor(() => expect(onopenpost).toHaveBeenCalled());
    expect(fake.callsOf('archive_to_post')[0].args).toEqual({ id: 812 });
    const [id, hint] = onopenpost.mock.calls[0];
    expect(fake.posts.get(id)!.title).toBe(ARCHIVED.title);
    expect(hint).toContain(`«${ARCHIVED.title}»`);

    await fireEvent.click(screen.getByRole('button', { name: '← Kết quả tìm kiếm' }));
    expect(box().value).toBe('dân vận');
    expect(rows()).toHaveLength(1);
  });

  it('asks to copy by hand when the clipboard cannot be used', async () => {
    fake.search.archive = [structuredClone(ARCHIVED)];
    useClipboard(undefined);
    await openSearch();
    await search('dan van');
    await fireEvent.click(within(rowOf(ARCHIVED.title)).getByRole('button'));
    await fireEvent.click(await screen.findByRole('button', { name: 'Chép địa chỉ' }));
    expect(await screen.findByText(/Không chép tự động được/)).toBeTruthy();
  });

  it('opens a post hit in the editor of the Bài viết area, and the search is kept for coming back', async () => {
    render(App);
    await fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Tìm kiếm' }));
    await search('tiep cong dan');
    await fireEvent.click(within(rowOf('Thông báo lịch tiếp công dân')).getByRole('button'));
    const title = (await screen.findByLabelText('Tiêu đề')) as HTMLInputElement;
    expect(title.value).toBe('Thông báo lịch tiếp công dân');

    await fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Tìm kiếm' }));
    await waitFor(() => expect(box().value).toBe('tiep cong dan'));
    await waitFor(() => expect(rows()).toHaveLength(1));
  });

  it('opens an album hit in the Album ảnh area', async () => {
    fake.addAlbum({ title: 'Ngày hội văn hóa phường' });
    render(App);
    await fireEvent.click(within(screen.getByRole('navigation')).getByRole('button', { name: 'Tìm kiếm' }));
    await fireEvent.click(await screen.findByRole('radio', { name: 'Album' }));
    await search('van hoa');
    await fireEvent.click(within(rowOf('Ngày hội văn hóa phường')).getByRole('button'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Ngày hội văn hóa phường' })).toBeTruthy();
  });
});

describe('Tìm kiếm: the portal archive', () => {
  const page = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) =>
      FakeSearch.post({ remote_id: from + i, title: `Tin số ${from + i}`, content_html: `<p>Nội dung tin ${from + i}.</p>` }),
    );

  const panel = () => within(screen.getByRole('region', { name: 'Lưu trữ cổng thông tin' }));

  it('pulls page by page, stops, and goes on from where it stopped', async () => {
    fake.portal.url = PORTAL;
    fake.search.portalPages = [page(1, 2), page(3, 1), [...page(4, 1), FakeSearch.post({ remote_id: 9, title: 'Lễ mít tinh kỷ niệm' })]];
    await openSearch();
    expect(panel().getByText('Chưa tải bài nào của cổng về máy.')).toBeTruthy();
    await search('mít tinh');
    expect(status().textContent).toMatch(/^Không tìm thấy gì/);

    await fireEvent.click(panel().getByRole('button', { name: 'Tải lưu trữ từ cổng' }));
    expect(await panel().findByText('Đang kết nối tới cổng thông tin…')).toBeTruthy();
    await waitFor(() => expect(fake.search.pull).not.toBeNull());
    fake.search.pullStep();
    expect(await panel().findByText('Trang 1/3 — đã nhận 2 bài')).toBeTruthy();
    const bar = panel().getByRole('progressbar', { name: 'Tiến độ tải lưu trữ' }) as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([1, 3]);

    await fireEvent.click(panel().getByRole('button', { name: 'Dừng' }));
    expect(fake.callsOf('archive_cancel')).toHaveLength(1);
    expect(
      await panel().findByText('Đã dừng: nhận 2 bài; lưu trữ có 2 bài. Lần sau sẽ tải tiếp từ chỗ dừng.'),
    ).toBeTruthy();
    expect(await panel().findByText('Lần tải trước dừng giữa chừng; lần sau sẽ tải tiếp từ trang 2.')).toBeTruthy();
    expect(panel().getByText('Đang giữ 2 bài của cổng.')).toBeTruthy();
    expect(panel().getByText(/^Tải lần cuối lúc \d\d\/\d\d\/\d{4} \| \d\d:\d\d\.$/)).toBeTruthy();
    expect(fake.listenerCount('archive-progress')).toBe(0);

    await fireEvent.click(panel().getByRole('button', { name: 'Tải tiếp' }));
    await waitFor(() => expect(fake.search.pull).not.toBeNull());
    fake.search.pullStep();
    expect(await panel().findByText('Trang 2/3 — đã nhận 1 bài')).toBeTruthy();
    fake.search.pullStep();
    expect(
      await panel().findByText('Đã tải xong: nhận 3 bài mới hoặc đã sửa; lưu trữ có 5 bài.'),
    ).toBeTruthy();
    expect(await panel().findByRole('button', { name: 'Cập nhật lưu trữ' })).toBeTruthy();
    expect(panel().queryByText(/dừng giữa chừng/)).toBeNull();

    // The search ran again: the archive now has the post.
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0].textContent).toContain('Lễ mít tinh kỷ niệm');
  });

  it('keeps showing a pull under way when the area is opened again', async () => {
    fake.portal.url = PORTAL;
    fake.search.portalPages = [page(1, 2), page(3, 2)];
    await openSearch();
    await fireEvent.click(panel().getByRole('button', { name: 'Tải lưu trữ từ cổng' }));
    await waitFor(() => expect(fake.search.pull).not.toBeNull());
    fake.search.pullStep();
    expect(await panel().findByText('Trang 1/2 — đã nhận 2 bài')).toBeTruthy();
    cleanup();

    render(SearchArea);
    expect(panel().getByText('Trang 1/2 — đã nhận 2 bài')).toBeTruthy();
    fake.search.pullStep();
    expect(await panel().findByText('Đã tải xong: nhận 4 bài mới hoặc đã sửa; lưu trữ có 4 bài.')).toBeTruthy();
  });

  it('says what to do without a portal address, with the way to the settings', async () => {
    const onsettings = vi.fn();
    await openSearch({ onsettings });
    await fireEvent.click(panel().getByRole('button', { name: 'Tải lưu trữ từ cổng' }));
    const alert = await panel().findByRole('alert');
    expect(alert.textContent).toContain('Chưa có địa chỉ cổng thông tin. Hãy nhập địa chỉ ở Cài đặt → Cổng thông tin');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Mở Cài đặt → Cổng thông tin' }));
    expect(onsettings).toHaveBeenCalled();
  });

  it('shows the portal’s error and "Thử lại" pulls again', async () => {
    fake.portal.url = PORTAL;
    fake.search.portalPages = [page(1, 1)];
    fake.failures.set('archive_pull', { code: 'portal_offline', message: OFFLINE });
    await openSearch();
    await fireEvent.click(panel().getByRole('button', { name: 'Tải lưu trữ từ cổng' }));
    const alert = await panel().findByRole('alert');
    expect(alert.textContent).toContain(OFFLINE);
    expect(within(alert).queryByRole('button', { name: 'Mở Cài đặt → Cổng thông tin' })).toBeNull();

    fake.failures.delete('archive_pull');
    await fireEvent.click(within(alert).getByRole('button', { name: 'Thử lại' }));
    await waitFor(() => expect(fake.search.pull).not.toBeNull());
    expect(panel().queryByRole('alert')).toBeNull();
    fake.search.pullStep();
    expect(await panel().findByText('Đã tải xong: nhận 1 bài mới hoặc đã sửa; lưu trữ có 1 bài.')).toBeTruthy();
  });
});

describe('Tìm kiếm in English', () => {
  it('labels everything in English', async () => {
    setLang('en');
    fake.search.archive = [structuredClone(ARCHIVED)];
    render(SearchArea);
    expect(screen.getByRole('heading', { level: 1, name: 'Search' })).toBeTruthy();
    const input = screen.getByRole('searchbox', { name: 'Search for' });
    expect(screen.getAllByRole('radio').map((r) => r.closest('label')!.textContent?.trim())).toEqual([
      'All',
      'Posts',
      'Albums',
      'Photos',
      'People',
      'Portal archive',
    ]);
    expect(screen.getByLabelText('State')).toBeTruthy();
    expect(screen.getByLabelText('With photos')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Update the archive' })).toBeTruthy();
    expect(screen.getByText('Holding 1 portal posts.')).toBeTruthy();

    await fireEvent.input(input, { target: { value: 'zzz' } });
    expect(await screen.findByText('Nothing found for «zzz». Try other words, fewer words or fewer filters.')).toBeTruthy();
    await fireEvent.input(input, { target: { value: 'hoi nghi' } });
    expect(await screen.findByText('2 results')).toBeTruthy();
    expect(screen.getByRole('list', { name: 'Search results' })).toBeTruthy();
    expect([...document.querySelectorAll('.kind-badge')].map((b) => b.textContent)).toEqual(['Post', 'Portal archive']);
  });
});

describe('search helpers', () => {
  it('leave out the filters that do not apply to the kind chosen', () => {
    const filters = { ...NO_FILTERS, state: 'draft', category: 'Tin hoạt động', from: '2024-01-01', to: 'bad', hasPhotos: true };
    expect(queryOf('ho', { ...filters, kind: 'archive' })).toMatchObject({
      kinds: ['archive'],
      state: null,
      category: 'Tin hoạt động',
      from: '2024-01-01',
      to: null,
      has_photos: null,
    });
  });

  it('read sanitised HTML as paragraphs of plain text', () => {
    expect(plainText('<h2>Phần một</h2><p>Dòng <em>một</em><br>dòng hai</p><ol><li><p>Ý thứ nhất</p></li></ol>')).toBe(
      'Phần một\n\nDòng một\n\ndòng hai\n\nÝ thứ nhất',
    );
  });
});
