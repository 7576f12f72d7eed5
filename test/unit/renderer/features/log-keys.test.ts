import { describe, expect, it } from 'vitest';
import { logKeyAction } from '../../../../src/renderer/src/features/logs/log-keys';

const page = { typing: false, onRowsOrPage: true };
const button = { typing: false, onRowsOrPage: false };
const box = { typing: true, onRowsOrPage: false };

describe('logKeyAction', () => {
  it('maps the shortcuts on the page and the rows', () => {
    const keys = ['/', '?', 'j', 'k', 'ArrowDown', 'ArrowUp', 'Enter', 'ArrowRight', 'ArrowLeft', 'c', 'Escape'];
    expect(keys.map((key) => logKeyAction({ key }, page))).toEqual(['focus-query', 'help', 'next', 'prev', 'next', 'prev', 'expand', 'expand', 'collapse', 'copy', 'leave']);
  });

  it('leaves letters to a text box (except Esc) and arrows/Enter to other controls', () => {
    for (const key of ['/', 'j', 'c', '?', 'ArrowDown', 'Enter']) expect(logKeyAction({ key }, box)).toBeNull();
    expect(logKeyAction({ key: 'Escape' }, box)).toBe('leave');
    for (const key of ['ArrowDown', 'ArrowUp', 'Enter', 'ArrowLeft']) expect(logKeyAction({ key }, button)).toBeNull();
    expect(logKeyAction({ key: 'j' }, button)).toBe('next');
  });

  it('ignores chords (browser and OS shortcuts)', () => {
    expect(logKeyAction({ key: 'c', ctrlKey: true }, page)).toBeNull();
    expect(logKeyAction({ key: 'k', metaKey: true }, page)).toBeNull();
    expect(logKeyAction({ key: 'j', altKey: true }, page)).toBeNull();
  });
});
