/**
 * The benchmark's queries, each with a ripgrep command that finds the same lines in the NDJSON
 * copy (as close as a regular expression gets: ripgrep sees the whole JSON line, FTS5 only the
 * message's words, so counts may differ slightly; both are printed).
 */
import type { Corpus } from './search-corpus';

export interface BenchQuery {
  name: string;
  /** `q` of GET /logs/search. */
  q?: string;
  /** Other query-string fields (from/to, service …). */
  params?: Record<string, string>;
  /** A shell pipeline printing the matching lines of "$F". */
  rg: string;
  /** Few matches: where an index must beat a scan by far (the ≥ 20× target). */
  selective: boolean;
}

export function searchQueries(corpus: Corpus, someRequestId: string): BenchQuery[] {
  // A window of 10^7 ms (2.8 h) aligned so that ripgrep can select it by the timestamp's digits.
  const from = Math.floor((corpus.start + 5 * 86_400_000) / 1e7) * 1e7;
  const to = from + 1e7 - 1;
  const prefix = String(from).slice(0, 6);
  const dayFrom = Math.ceil((corpus.end - 86_400_000) / 1e7) * 1e7;
  const dayTo = Math.floor(corpus.end / 1e7) * 1e7 - 1;
  const dayPrefixes = Array.from({ length: (dayTo + 1 - dayFrom) / 1e7 }, (_, i) => String(dayFrom + i * 1e7).slice(0, 6));
  return [
    { name: 'needle (one line)', q: '38865049064139660', rg: `rg -F 38865049064139660 "$F"`, selective: true },
    { name: 'rare term', q: 'webmaster', rg: `rg -i -w webmaster "$F"`, selective: true },
    { name: 'phrase', q: '"session opened for user root"', rg: `rg -i 'session opened for user root' "$F"`, selective: true },
    { name: 'request_id lookup', q: `request_id:${someRequestId}`, rg: `rg -F '"request_id":"${someRequestId}"' "$F"`, selective: true },
    { name: 'field + term', q: 'service:hdfs PacketResponder', rg: `rg -i '"service":"hdfs".*\\bPacketResponder\\b' "$F"`, selective: false },
    { name: 'boolean OR', q: 'refused OR timeout OR parity', rg: `rg -i -w '(refused|timeout|parity)' "$F"`, selective: true },
    { name: 'term + level', q: 'kernel level>=error', rg: `rg -i '"level":"(ERROR|CRITICAL)".*\\bkernel\\b' "$F"`, selective: false },
    { name: 'time-bounded term', q: 'error', params: { from: String(from), to: String(to) }, rg: `rg -i '"timestamp":${prefix}[0-9]{7},.*"message":"[^"]*\\berror\\b' "$F"`, selective: true },
    { name: 'spacecraft prefix + term', q: 'spacecraft:voyager-* interrupt', rg: `rg -i '"spacecraft_id":"voyager-[^"]*".*\\binterrupt\\b' "$F"`, selective: false },
    { name: 'field only', q: 'service:openssh level:warn', rg: `rg '"level":"WARN","service":"openssh"' "$F"`, selective: false },
    { name: 'numeric metadata', q: 'meta.duration_ms>990', rg: `rg '"duration_ms":99[1-9][,}]' "$F"`, selective: false },
    { name: 'prefix', q: 'authentica*', rg: `rg -i '\\bauthentica' "$F"`, selective: false },
    { name: 'common term', q: 'info', rg: `rg -i '"message":"[^"]*\\binfo\\b' "$F"`, selective: false },
    { name: 'negated common term', q: '-info level:warn', rg: `rg '"level":"WARN"' "$F" | rg -v -i '"message":"[^"]*\\binfo\\b'`, selective: false },
    // The Logs screen's first view: every line of about the last day (22 h, aligned on 10^7 ms for ripgrep).
    { name: 'everything, last 22 h', params: { from: String(dayFrom), to: String(dayTo) }, rg: `rg '"timestamp":(${dayPrefixes.join('|')})[0-9]{7},' "$F"`, selective: false },
  ];
}
