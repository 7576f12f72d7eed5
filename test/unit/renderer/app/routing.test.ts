import { describe, expect, it } from 'vitest';
import { formatHash, parseHash } from '../../../../src/renderer/src/app/routing';

describe('hash routing', () => {
  it('reads the page and its query', () => {
    const route = parseHash('#/logs?q=thruster&min_level=WARN');
    expect(route.page).toBe('logs');
    expect(route.params.get('q')).toBe('thruster');
    expect(route.params.get('min_level')).toBe('WARN');
  });

  it('falls back to the overview for empty or unknown hashes', () => {
    expect(parseHash('').page).toBe('overview');
    expect(parseHash('#/').page).toBe('overview');
    expect(parseHash('#/nowhere').page).toBe('overview');
  });

  it('tolerates a missing slash, a trailing slash and capitals', () => {
    expect(parseHash('#alerts').page).toBe('alerts');
    expect(parseHash('#/Alerts/').page).toBe('alerts');
  });

  it('round-trips', () => {
    const hash = formatHash('logs', new URLSearchParams({ q: 'a b&c', range: '7d' }));
    expect(hash).toBe('#/logs?q=a+b%26c&range=7d');
    const back = parseHash(hash);
    expect(back.page).toBe('logs');
    expect(back.params.get('q')).toBe('a b&c');
    expect(formatHash('settings')).toBe('#/settings');
  });
});
