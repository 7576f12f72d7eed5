import { describe, expect, it } from 'vitest';
import { combine } from '../../../../src/core/handlers/index';
import type { Api } from '../../../../src/shared/api/contract';

const handler = async () => ({ items: [] });

describe('combine', () => {
  it('merges the per-domain maps into one', () => {
    const a = { 'alerts.listRules': handler } as Partial<Api>;
    const b = { 'monitoring.listEndpoints': handler } as Partial<Api>;
    const api = combine<Record<string, unknown>>(a, b);
    expect(Object.keys(api).sort()).toEqual(['alerts.listRules', 'monitoring.listEndpoints']);
    expect(api['alerts.listRules']).toBe(handler);
  });

  it('throws on a method implemented twice, naming it', () => {
    const a = { 'alerts.listRules': handler } as Partial<Api>;
    const b = { 'alerts.listRules': async () => ({ items: [] }) } as Partial<Api>;
    expect(() => combine(a, {}, b)).toThrow('API method alerts.listRules is implemented twice');
  });

  it('returns an empty map for no input', () => {
    expect(combine()).toEqual({});
  });
});
