import { create } from 'zustand';
import type { ExtractionKind, ExtractionRule, ExtractionTestOutput } from '../../../shared/api/schemas/extraction';
import type { LogSearchInput } from '../../../shared/api/schemas/logs';
import type { ApiClient } from '../api/client';
import { messageOf } from '../lib/errors';
import { createLoader, initialLoadable, type Loadable } from './load';

/** The rule being edited: a saved one (id) or a new one. */
export interface ExtractionDraft {
  id: number | null;
  name: string;
  service: string;
  kind: ExtractionKind;
  pattern: string;
  enabled: boolean;
  order: number;
}

export const NEW_DRAFT: ExtractionDraft = { id: null, name: '', service: '*', kind: 'grok', pattern: '', enabled: true, order: 0 };

const SAMPLE_LINES = 20;

export interface ExtractionState extends Loadable {
  items: ExtractionRule[];
  draft: ExtractionDraft;
  /** Sample messages, one per line, that the draft is tested against. */
  samples: string;
  /** The operator typed in the sample box: a change of service no longer replaces the samples. */
  samplesEdited: boolean;
  tested: ExtractionTestOutput | null;
  testError: string | null;
  samplesError: string | null;
  saveError: string | null;
  savedNotice: string | null;
  busy: boolean;
  load(): Promise<boolean>;
  edit(rule: ExtractionRule | null): void;
  setDraft(patch: Partial<ExtractionDraft>): void;
  setSamples(text: string): void;
  /** Recent messages of the draft's service(s) from the store (logs.search). */
  loadSamples(): Promise<void>;
  /** Run the draft over the samples on the station: the code ingest runs. */
  test(): Promise<void>;
  save(): Promise<boolean>;
  remove(): Promise<boolean>;
}

/** The search that finds lines a rule's service pattern would read. */
export function samplesQuery(service: string): LogSearchInput {
  const s = service.trim();
  if (s === '' || s === '*') return { limit: SAMPLE_LINES };
  if (!/[*?]/.test(s)) return { service: s, limit: SAMPLE_LINES };
  // The query language has prefixes (nav-*), not full globs: take the part before the first wildcard.
  const prefix = s.slice(0, s.search(/[*?]/));
  return prefix ? { q: `service:${prefix}*`, limit: SAMPLE_LINES } : { limit: SAMPLE_LINES };
}

export const sampleLines = (samples: string): string[] => samples.split('\n').filter((l) => l.trim() !== '').slice(0, 200);

export function createExtractionStore(api: ApiClient) {
  let testSeq = 0;
  let samplesSeq = 0;
  return create<ExtractionState>()((set, get) => ({
    ...initialLoadable,
    items: [],
    draft: NEW_DRAFT,
    samples: '',
    samplesEdited: false,
    tested: null,
    testError: null,
    samplesError: null,
    saveError: null,
    savedNotice: null,
    busy: false,
    load: createLoader(set, get, () => api.extraction.list(), (list) => ({ items: list.items })),

    edit(rule) {
      const draft = rule
        ? { id: rule.id, name: rule.name, service: rule.service, kind: rule.kind, pattern: rule.pattern, enabled: rule.enabled, order: rule.order }
        : NEW_DRAFT;
      set({ draft, saveError: null, savedNotice: null, tested: null, testError: null });
    },

    setDraft(patch) {
      set((s) => ({ draft: { ...s.draft, ...patch }, savedNotice: null }));
    },

    setSamples(text) {
      set({ samples: text, samplesEdited: true });
    },

    async loadSamples() {
      const mine = ++samplesSeq;
      try {
        const out = await api.logs.search(samplesQuery(get().draft.service));
        if (mine !== samplesSeq) return;
        set({ samples: out.items.map((l) => l.message.split('\n')[0] ?? '').join('\n'), samplesEdited: false, samplesError: out.items.length ? null : 'No recent lines of this service: paste some sample lines.' });
      } catch (e) {
        if (mine === samplesSeq) set({ samplesError: messageOf(e) });
      }
    },

    async test() {
      const { draft, samples } = get();
      const mine = ++testSeq;
      if (draft.pattern === '') {
        set({ tested: null, testError: null });
        return;
      }
      try {
        const tested = await api.extraction.test({ rule: { kind: draft.kind, pattern: draft.pattern }, lines: sampleLines(samples) });
        if (mine === testSeq) set({ tested, testError: null });
      } catch (e) {
        if (mine === testSeq) set({ testError: messageOf(e) });
      }
    },

    async save() {
      const { draft } = get();
      set({ busy: true, saveError: null, savedNotice: null });
      try {
        const saved = await api.extraction.save({
          ...(draft.id === null ? {} : { id: draft.id }),
          name: draft.name,
          service: draft.service,
          kind: draft.kind,
          pattern: draft.pattern,
          enabled: draft.enabled,
          order: draft.order,
        });
        set((s) => ({
          items: [...s.items.filter((r) => r.id !== saved.id), saved].sort((a, b) => a.order - b.order || a.id - b.id),
          draft: { ...s.draft, id: saved.id },
          savedNotice: `Rule “${saved.name}” saved: it applies to lines ingested from now on.`,
        }));
        return true;
      } catch (e) {
        set({ saveError: messageOf(e) });
        return false;
      } finally {
        set({ busy: false });
      }
    },

    async remove() {
      const id = get().draft.id;
      if (id === null) return false;
      set({ busy: true, saveError: null });
      try {
        await api.extraction.delete({ id });
        set((s) => ({ items: s.items.filter((r) => r.id !== id), draft: NEW_DRAFT, tested: null, savedNotice: 'Rule deleted.' }));
        return true;
      } catch (e) {
        set({ saveError: messageOf(e) });
        return false;
      } finally {
        set({ busy: false });
      }
    },
  }));
}

export type ExtractionStore = ReturnType<typeof createExtractionStore>;
