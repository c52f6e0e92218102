import { EMPTY_EDIT as edit } from '../../test/fakeBackend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { invoke } from '@tauri-apps/api/core';
import { api, toErrorReport } from './client';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));

describe('ipc client', () => {
  beforeEach(() => {
    vi.mocked(invoke).mockReset();
  });

  it('passes the argument names the Rust commands expect', async () => {
    vi.mocked(invoke).mockResolvedValue(null);
    await api.postPage('bin', null);
    await api.postPage('active', { key: '2024-05-02T04:00:00Z', id: 7 }, 50);
    await api.photoPage(null);
    await api.albumPage({ key: '2024-05-02|2024-05-02T04:00:00Z', id: 3 }, 200);
    await api.postCreate({ title: '', body_html: '', category: '' });
    await api.postEdit({ ...edit, id: 3, title: 'a', body_html: '<p>b</p>' });
    await api.postGet(3);
    await api.postMoveToBin(3);
    await api.postRestore(3);
    await api.postImportFile();
    await api.settingsSetLanguage('en');
    await api.appReady();
    expect(vi.mocked(invoke).mock.calls).toEqual([
      ['post_page', { shelf: 'bin', after: null, limit: 0 }],
      ['post_page', { shelf: 'active', after: { key: '2024-05-02T04:00:00Z', id: 7 }, limit: 50 }],
      ['photo_page', { after: null, limit: 0 }],
      ['album_page', { after: { key: '2024-05-02|2024-05-02T04:00:00Z', id: 3 }, limit: 200 }],
      ['post_create', { new: { title: '', body_html: '', category: '' } }],
      ['post_edit', { edit: { ...edit, id: 3, title: 'a', body_html: '<p>b</p>' } }],
      ['post_get', { id: 3 }],
      ['post_move_to_bin', { id: 3 }],
      ['post_restore', { id: 3 }],
      ['post_import_file', undefined],
      ['settings_set_language', { language: 'en' }],
      ['app_ready', undefined],
    ]);
  });

  it('rejects with the ErrorReport the command gave', async () => {
    vi.mocked(invoke).mockRejectedValue({ code: 'store_busy', message: 'Kho dữ liệu đang bận.' });
    await expect(api.storeInfo()).rejects.toEqual({ code: 'store_busy', message: 'Kho dữ liệu đang bận.' });
  });

  it('turns anything else into an ErrorReport with code unknown', async () => {
    vi.mocked(invoke).mockRejectedValue('command post_page not found');
    await expect(api.postPage('active', null)).rejects.toEqual({
      code: 'unknown',
      message: 'command post_page not found',
    });
    expect(toErrorReport(new Error('boom'))).toEqual({ code: 'unknown', message: 'boom' });
    expect(toErrorReport({ code: 1 })).toEqual({ code: 'unknown', message: '{"code":1}' });
  });
});
