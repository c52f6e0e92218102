import { describe, expect, it } from 'vitest';
import { moveBy, moveTo } from './order';
import { Selection } from './selection.svelte';
import { cameraTime, day, fileName } from './format';

describe('moveBy', () => {
  it('moves one photo a place or a row', () => {
    expect(moveBy([1, 2, 3, 4], new Set([3]), -1)).toEqual([1, 3, 2, 4]);
    expect(moveBy([1, 2, 3, 4], new Set([1]), 2)).toEqual([2, 3, 1, 4]);
    expect(moveBy([1, 2, 3, 4], new Set([1]), -1)).toEqual([1, 2, 3, 4]);
  });

  it('moves several together, the first waiting at the start', () => {
    expect(moveBy([1, 2, 3, 4, 5], new Set([2, 4]), -1)).toEqual([2, 1, 4, 3, 5]);
    expect(moveBy([1, 2, 3, 4, 5], new Set([1, 4]), -1)).toEqual([1, 2, 4, 3, 5]);
    expect(moveBy([1, 2, 3, 4, 5], new Set([2, 4]), 1)).toEqual([1, 3, 2, 5, 4]);
  });
});

describe('moveTo', () => {
  it('puts the photos together before the slot', () => {
    expect(moveTo([1, 2, 3, 4, 5], new Set([1]), 3)).toEqual([2, 3, 1, 4, 5]);
    expect(moveTo([1, 2, 3, 4, 5], new Set([5]), 0)).toEqual([5, 1, 2, 3, 4]);
    expect(moveTo([1, 2, 3, 4, 5], new Set([2, 4]), 5)).toEqual([1, 3, 5, 2, 4]);
    expect(moveTo([1, 2, 3, 4, 5], new Set([2, 4]), 3)).toEqual([1, 3, 2, 4, 5]);
  });
});

describe('Selection', () => {
  it('selects one, toggles with Ctrl, runs with Shift', () => {
    const s = new Selection();
    const order = [10, 20, 30, 40, 50];
    s.select(order, 20, 'only');
    s.select(order, 40, 'toggle');
    expect(s.inOrder(order)).toEqual([20, 40]);
    s.select(order, 50, 'range');
    expect(s.inOrder(order)).toEqual([40, 50]);
    s.select(order, 10, 'addRange');
    expect(s.inOrder(order)).toEqual([10, 20, 30, 40, 50]);
    s.keepOnly([10, 30]);
    expect(s.inOrder(order)).toEqual([10, 30]);
  });
});

describe('format', () => {
  it('writes days and camera times as dd/mm/yyyy, and file names', () => {
    expect(day('2024-05-02')).toBe('02/05/2024');
    expect(cameraTime('2024-05-02T08:30:15')).toBe('02/05/2024 08:30');
    expect(fileName('C:\\DCIM\\100CANON\\IMG_0001.JPG')).toBe('IMG_0001.JPG');
    expect(fileName('/media/the/DCIM/IMG_0002.JPG')).toBe('IMG_0002.JPG');
  });
});
