import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { createRawSnippet, tick } from 'svelte';
import VirtualList from './VirtualList.svelte';

afterEach(() => cleanup());

const row = createRawSnippet((item: () => string) => ({
  render: () => `<button type="button" class="row">${item()}</button>`,
}));

/** Pretends the page was scrolled so that the list's top is `y` pixels above the window's. */
async function scrollListTo(list: HTMLElement, y: number) {
  list.getBoundingClientRect = () => ({ top: -y, bottom: 0, left: 0, right: 0, width: 0, height: 0, x: 0, y: -y, toJSON: () => ({}) });
  window.dispatchEvent(new Event('scroll'));
  await tick();
}

function renderList(count: number, extra: Record<string, unknown> = {}) {
  const items = Array.from({ length: count }, (_, i) => `Dòng ${i + 1}`);
  const key = (item: string) => item;
  render(VirtualList<string>, { items, key, row, label: 'Danh sách', estimate: 50, ...extra });
  return screen.getByRole('list', { name: 'Danh sách' });
}

const positions = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map((li) => Number(li.getAttribute('aria-posinset')));

describe('VirtualList with 100,000 rows', () => {
  it('puts only the rows on screen (and a margin) in the page, as tall as all of them', () => {
    const start = performance.now();
    const list = renderList(100_000);
    expect(performance.now() - start).toBeLessThan(2000);
    const shown = positions(list);
    // jsdom's window is 768px high: 16 rows of 50px, and 6 more below.
    expect(shown[0]).toBe(1);
    expect(shown.length).toBeLessThan(30);
    expect(list.style.height).toBe(`${100_000 * 50}px`);
    expect(within(list).getAllByRole('listitem')[0].getAttribute('aria-setsize')).toBe('100000');
  });

  it('shows the rows scrolled to, placed where they belong', async () => {
    const list = renderList(100_000);
    await scrollListTo(list, 2_500_000);
    const shown = positions(list);
    expect(Math.min(...shown)).toBe(50_001 - 6);
    expect(shown.length).toBeLessThan(30);
    expect(screen.getByText('Dòng 50001').closest('li')!.style.top).toBe('2500000px');
  });

  it('keeps the row the keyboard is in, and moves with ↑/↓', async () => {
    const list = renderList(100_000);
    const third = screen.getByRole('button', { name: 'Dòng 3' });
    third.focus();
    await fireEvent.focusIn(third);
    await fireEvent.keyDown(third, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Dòng 4');
    await fireEvent.focusIn(document.activeElement!);
    await scrollListTo(list, 1_000_000);
    expect(screen.getByRole('button', { name: 'Dòng 4' })).toBe(document.activeElement);
    expect(positions(list).length).toBeLessThan(31);
  });

  it('moves the keyboard on faster than the window scrolls', async () => {
    renderList(100_000);
    screen.getByRole('button', { name: 'Dòng 1' }).focus();
    for (let i = 0; i < 40; i++) {
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
      await tick();
    }
    expect(document.activeElement?.textContent).toBe('Dòng 41');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await tick();
    expect(document.activeElement?.textContent).toBe('Dòng 40');
  });

  it('asks for more once the rows near the end are shown', async () => {
    const onend = vi.fn();
    const list = renderList(200, { onend });
    expect(onend).not.toHaveBeenCalled();
    await scrollListTo(list, 200 * 50 - 768);
    expect(onend).toHaveBeenCalledTimes(1);
  });
});
