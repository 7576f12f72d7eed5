/**
 * The Logs page's live tail: lines streamed from the station as they match, newest first, on
 * top of the search results. Pausing keeps the stream open and holds what arrives (up to the
 * cap) until resumed. The stream itself lives in api/log-tail.ts.
 */
import { create } from 'zustand';
import type { LogEntry } from '../../../shared/api/schemas/logs';
import type { LogTailMessage, LogTailStatus, OpenLogTail } from '../api/log-tail';
import { toQueryFields, type LogQuery } from './logs-query';

/** Most tailed lines kept (and held while paused); older ones fall off the end. */
export const TAIL_CAP = 5_000;

/** `lines` (oldest first) put in front of `rows` (newest first), at most `cap` kept. */
export function prependTail(rows: readonly LogEntry[], lines: readonly LogEntry[], cap = TAIL_CAP): LogEntry[] {
  const fresh = lines.length > cap ? lines.slice(lines.length - cap) : lines;
  return [...[...fresh].reverse(), ...rows.slice(0, Math.max(0, cap - fresh.length))];
}

/** Tailed lines first, then the search results not already among them. */
export function withTail(tail: readonly LogEntry[], items: readonly LogEntry[]): readonly LogEntry[] {
  if (tail.length === 0) return items;
  const seen = new Set(tail.map((e) => e.id));
  return [...tail, ...items.filter((e) => !seen.has(e.id))];
}

export interface LogTailState {
  on: boolean;
  paused: boolean;
  status: LogTailStatus;
  /** Shown lines, newest first. */
  rows: LogEntry[];
  /** Arrived while paused, oldest first. */
  held: LogEntry[];
  /** From the newest message: matching lines per second at the station. */
  ratePerS: number;
  /** Lines the station left out of sampled messages since the tail started. */
  skipped: number;
  start(query: LogQuery): void;
  stop(): void;
  setPaused(paused: boolean): void;
  receive(message: LogTailMessage): void;
}

const idle = { on: false, paused: false, status: 'closed' as LogTailStatus, rows: [], held: [], ratePerS: 0, skipped: 0 };

export function createLogTailStore(open: OpenLogTail) {
  let close: (() => void) | null = null;

  return create<LogTailState>()((set, get) => ({
    ...idle,

    start(query) {
      close?.();
      set({ ...idle, on: true, status: 'connecting' });
      close = open(
        toQueryFields(query),
        (message) => get().receive(message),
        (status) => set({ status }),
      );
    },

    stop() {
      close?.();
      close = null;
      set(idle);
    },

    setPaused(paused) {
      if (paused) set({ paused: true });
      else set((s) => ({ paused: false, rows: prependTail(s.rows, s.held), held: [] }));
    },

    receive(message) {
      set((s) => {
        if (!s.on) return s;
        const counts = { ratePerS: message.matched_per_s, skipped: s.skipped + message.skipped };
        if (s.paused) {
          const held = [...s.held, ...message.lines];
          return { ...counts, held: held.length > TAIL_CAP ? held.slice(held.length - TAIL_CAP) : held };
        }
        return { ...counts, rows: prependTail(s.rows, message.lines) };
      });
    },
  }));
}

export type LogTailStore = ReturnType<typeof createLogTailStore>;
