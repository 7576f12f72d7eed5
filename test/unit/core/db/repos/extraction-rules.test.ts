import { describe, expect, it } from 'vitest';
import { ExtractionRulesRepo } from '../../../../../src/core/db/repos/extraction-rules';
import { memoryDb } from '../../fixtures';

const fields = { service: '*', kind: 'grok' as const, pattern: '%{INT:a}', enabled: true, order: 0 };

describe('ExtractionRulesRepo', () => {
  it('lists rules in the order ingest runs them, updates and deletes by id', () => {
    const repo = new ExtractionRulesRepo(memoryDb());
    const b = repo.create({ ...fields, name: 'b', order: 2 }, 10);
    const a = repo.create({ ...fields, name: 'a', order: 1, enabled: false }, 11);
    const c = repo.create({ ...fields, name: 'c', order: 2 }, 12);
    expect(repo.list().map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(repo.get(a.id)).toEqual({ ...fields, id: a.id, name: 'a', order: 1, enabled: false, created_at: 11, updated_at: 11 });
    expect(repo.idOfName('c')).toBe(c.id);

    expect(repo.update(b.id, { ...fields, name: 'b2', kind: 'regex', pattern: '(?<x>y)', order: 0 }, 20)).toMatchObject({ name: 'b2', kind: 'regex', order: 0, created_at: 10, updated_at: 20 });
    expect(repo.list().map((r) => r.name)).toEqual(['b2', 'a', 'c']);
    expect(repo.update(999, { ...fields, name: 'ghost' }, 20)).toBeNull();
    expect(repo.delete(a.id)).toBe(true);
    expect(repo.delete(a.id)).toBe(false);
    expect(() => repo.create({ ...fields, name: 'c' }, 30)).toThrow(/UNIQUE/);
  });
});
