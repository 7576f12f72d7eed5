import { describe, expect, it } from 'vitest';
import { contract, isMethodName, methodNames, pathParams } from '../../../../src/shared/api/contract';

describe('contract', () => {
  it('lists every method once, with a unique HTTP method + path', () => {
    expect(methodNames).toEqual(Object.keys(contract));
    const routes = methodNames.map((m) => `${contract[m].http.method} ${contract[m].http.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('declares object input schemas that name every path parameter', () => {
    for (const m of methodNames) {
      const op = contract[m];
      expect(op.input.type, m).toBe('object');
      const props = Object.keys((op.input as { properties?: object }).properties ?? {});
      for (const p of pathParams(op.http.path)) expect(props, `${m} :${p}`).toContain(p);
    }
  });

  it.each<[unknown, boolean]>([
    ['logs.search', true],
    ['system.info', true],
    ['logs.nope', false],
    ['toString', false],
    ['__proto__', false],
    ['constructor', false],
    ['', false],
    [42, false],
    [null, false],
    [undefined, false],
  ])('isMethodName(%j) → %s', (name, expected) => {
    expect(isMethodName(name)).toBe(expected);
  });

  it.each<[string, string[]]>([
    ['/logs/search', []],
    ['/alerts/:id/acknowledge', ['id']],
    ['/a/:x/b/:y_z', ['x', 'y_z']],
  ])('pathParams(%j) → %j', (path, params) => {
    expect(pathParams(path)).toEqual(params);
  });
});
