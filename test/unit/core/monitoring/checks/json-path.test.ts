import { describe, expect, it } from 'vitest';
import { jsonPathGet } from '../../../../../src/core/monitoring/checks/json-path';

const DOC = { status: 'ok', checks: [{ ok: true, name: 'db' }, { ok: false }], 'a-b': { c_d: 0 }, n: null };

describe('jsonPathGet', () => {
  it.each<[string, unknown]>([
    ['$.status', 'ok'],
    ['status', 'ok'],
    ['$.checks[0].ok', true],
    ['$.checks[1].ok', false],
    ['$.checks[2].ok', undefined],
    ['$.a-b.c_d', 0],
    ['$.n', null],
    ['$.n.x', undefined],
    ['$.status.length', undefined],
    ['$.checks.0', undefined],
    ['$.constructor', undefined],
    ['$.checks[0]', { ok: true, name: 'db' }],
  ])('%s → %j', (path, expected) => {
    expect(jsonPathGet(DOC, path)).toEqual(expected);
  });
});
