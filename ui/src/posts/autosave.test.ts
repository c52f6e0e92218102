import { EMPTY_EDIT as EMPTY } from '../test/fakeBackend';
import type { PostEdit } from '../lib/ipc/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveState } from './autosave';

describe('Autosaver', () => {
  let content: PostEdit;
  let states: SaveState[];
  let saves: PostEdit[];
  let release: (() => void)[];

  beforeEach(() => {
    vi.useFakeTimers();
    content = { ...EMPTY, id: 1, title: 'a', body_html: '' };
    states = [];
    saves = [];
    release = [];
  });
  afterEach(() => vi.useRealTimers());

  function make(save?: (e: PostEdit) => Promise<unknown>) {
    return new Autosaver(
      {
        snapshot: () => ({ ...content }),
        save:
          save ??
          ((e) => {
            saves.push(e);
            return new Promise<void>((r) => release.push(r));
          }),
        onState: (s) => states.push(s),
      },
      { ...content },
    );
  }

  it('saves 800 ms after the last change', async () => {
    const saver = make();
    content.title = 'ab';
    saver.touch();
    await vi.advanceTimersByTimeAsync(500);
    content.title = 'abc';
    saver.touch();
    await vi.advanceTimersByTimeAsync(799);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual([{ ...EMPTY, id: 1, title: 'abc', body_html: '' }]);
  });

  it('never runs two saves at once and then saves the latest content', async () => {
    const saver = make();
    content.title = 'b';
    const first = saver.flush();
    content.title = 'c';
    void saver.flush();
    content.title = 'd';
    const second = saver.flush();
    expect(saves.map((s) => s.title)).toEqual(['b']);
    release.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(saves.map((s) => s.title)).toEqual(['b', 'd']);
    release.shift()!();
    await expect(first).resolves.toBeNull();
    await expect(second).resolves.toBeNull();
    expect(states.at(-1)?.kind).toBe('saved');
  });

  it('does nothing when nothing changed', async () => {
    const saver = make();
    await expect(saver.flush()).resolves.toBeNull();
    expect(saves).toEqual([]);
  });

  it('reports a failed save and retries on the next flush', async () => {
    let fail = true;
    const saver = make(async (e) => {
      saves.push(e);
      if (fail) throw { code: 'disk_full', message: 'Ổ đĩa đã đầy.' };
    });
    content.title = 'x';
    await expect(saver.flush()).resolves.toEqual({ code: 'disk_full', message: 'Ổ đĩa đã đầy.' });
    expect(states.at(-1)).toEqual({ kind: 'error', error: { code: 'disk_full', message: 'Ổ đĩa đã đầy.' } });
    fail = false;
    content.title = 'xy';
    await expect(saver.flush()).resolves.toBeNull();
    expect(saves.map((s) => s.title)).toEqual(['x', 'xy']);
  });
});
