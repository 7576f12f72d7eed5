import type { RawRequestDefaultExpression } from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestIdFor } from '../../../../src/http/plugins/request-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const req = (id: string | string[] | undefined) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as RawRequestDefaultExpression;

describe('requestIdFor', () => {
  it.each(['abc', 'req-42', 'a.b_c:d-e', 'x'.repeat(128), '0'])('keeps a sane caller id %j', (id) => {
    expect(requestIdFor(req(id))).toBe(id);
  });

  it.each<[string, string | string[] | undefined]>([
    ['absent', undefined],
    ['empty', ''],
    ['too long', 'x'.repeat(129)],
    ['with a space', 'a b'],
    ['with a newline (log injection)', 'a\nlevel=error'],
    ['with a quote', 'a"b'],
    ['with a slash', 'a/b'],
    ['non-ASCII', 'ид'],
    ['repeated header', ['a', 'b']],
  ])('replaces an id that is %s with a fresh UUID', (_name, id) => {
    const got = requestIdFor(req(id));
    expect(got).toMatch(UUID);
    expect(requestIdFor(req(id))).not.toBe(got);
  });
});
