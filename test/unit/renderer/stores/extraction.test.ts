import { describe, expect, it } from 'vitest';
import type { HandlerContext } from '../../../../src/core/handlers/context';
import { extractionHandlers } from '../../../../src/core/handlers/extraction';
import { ExtractionRulesRepo } from '../../../../src/core/db/repos/extraction-rules';
import { ExtractionRules } from '../../../../src/core/ingest/extract-rules';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createExtractionStore, sampleLines, samplesQuery } from '../../../../src/renderer/src/stores/extraction';
import { memoryDb } from '../../core/fixtures';

/** The store over the real extraction handlers on an in-memory database. */
function setup() {
  const db = memoryDb();
  const extraction = new ExtractionRules(() => new ExtractionRulesRepo(db).list());
  const ctx = { db, extraction, now: () => 1_000 } as unknown as HandlerContext;
  const searched: unknown[] = [];
  const transport = createMemoryTransport({
    ...extractionHandlers(ctx),
    'logs.search': async (input) => {
      searched.push(input);
      return { items: [{ id: 1, timestamp: 1, level: 'INFO', service: 'nav', message: 'wheel 3 rpm 1200\nsecond line', metadata: null, spacecraft_id: null, request_id: null, trace_id: null, span_id: null, source: null, labels: null, created_at: 1 }], next_cursor: null };
    },
  });
  return { store: createExtractionStore(createClient(transport)), searched };
}

describe('extraction store', () => {
  it('loads samples of the draft\'s service, tests the draft on them, saves and deletes', async () => {
    const { store, searched } = setup();
    const s = store.getState();
    s.setDraft({ name: 'wheels', service: 'nav', kind: 'grok', pattern: 'wheel %{INT:wheel:int} rpm %{INT:rpm:int}' });
    await s.loadSamples();
    expect(searched).toEqual([{ service: 'nav', limit: 20 }]);
    expect(store.getState().samples).toBe('wheel 3 rpm 1200');
    s.setSamples('wheel 4 rpm 900');
    expect(store.getState().samplesEdited).toBe(true);
    await s.test();
    expect(store.getState().tested?.results[0]).toMatchObject({ matched: true, fields: { wheel: 4, rpm: 900 } });

    expect(await s.save()).toBe(true);
    const saved = store.getState().items[0];
    expect(saved).toMatchObject({ name: 'wheels', service: 'nav', enabled: true });
    expect(store.getState().draft.id).toBe(saved?.id);

    // A bad edit is refused with the server's message naming the position; the list keeps the rule.
    s.setDraft({ pattern: 'wheel %{NUMBERS:wheel}' });
    expect(await s.save()).toBe(false);
    expect(store.getState().saveError).toMatch(/^pattern: unknown grok pattern %\{NUMBERS\}.*at position 6$/);
    await s.test();
    expect(store.getState().tested?.error).toMatchObject({ position: 6 });

    expect(await s.remove()).toBe(true);
    expect(store.getState().items).toEqual([]);
    expect(store.getState().draft.id).toBeNull();
  });

  it('an empty pattern is not sent for testing', async () => {
    const { store } = setup();
    await store.getState().test();
    expect(store.getState().tested).toBeNull();
  });
});

describe('samplesQuery / sampleLines', () => {
  it.each<[string, object]>([
    ['*', { limit: 20 }],
    ['', { limit: 20 }],
    ['nav', { service: 'nav', limit: 20 }],
    ['nav-*', { q: 'service:nav-*', limit: 20 }],
    ['*-bus', { limit: 20 }],
  ])('%j → %j', (service, expected) => {
    expect(samplesQuery(service)).toEqual(expected);
  });

  it('drops blank lines', () => {
    expect(sampleLines('a\n\n  \nb\n')).toEqual(['a', 'b']);
  });
});
