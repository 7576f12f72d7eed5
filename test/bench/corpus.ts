/**
 * Benchmark corpus: the LogHub samples in ../shared/data replayed with shifted timestamps and
 * varied spacecraft, services, request ids and numbers, so a million lines are not a million
 * copies of the same sixteen thousand.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from '../support/random';

export const LOGHUB = fileURLToPath(new URL('../../../shared/data/loghub', import.meta.url));

const LEVELS = ['DEBUG', 'INFO', 'INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'CRITICAL'] as const;
const SPACECRAFT = ['voyager-1', 'voyager-2', 'juno', 'cassini', 'new-horizons', 'perseverance', 'gs-madrid', 'gs-canberra'];

export interface BenchLine {
  timestamp: number;
  level: string;
  service: string;
  spacecraft_id: string;
  request_id: string;
  message: string;
}

export function loghubLines(): { system: string; text: string }[] {
  if (!existsSync(LOGHUB)) throw new Error(`LogHub samples not found at ${LOGHUB} (see shared/data/README.md)`);
  const out: { system: string; text: string }[] = [];
  for (const system of readdirSync(LOGHUB)) {
    const file = join(LOGHUB, system, `${system}_2k.log`);
    if (!existsSync(file)) continue;
    for (const text of readFileSync(file, 'utf8').split('\n')) if (text.trim()) out.push({ system, text });
  }
  return out;
}

/** A deterministic PRNG so runs are comparable. */
export { prng as mulberry32 } from '../support/random';

export function* benchLines(count: number, start = Date.now() - 86_400_000, seed = 42): Generator<BenchLine> {
  const base = loghubLines();
  const rnd = prng(seed);
  const span = 86_400_000;
  for (let i = 0; i < count; i++) {
    const src = base[i % base.length]!;
    const round = Math.floor(i / base.length);
    yield {
      timestamp: start + Math.floor((i / count) * span),
      level: LEVELS[Math.floor(rnd() * LEVELS.length)]!,
      service: src.system.toLowerCase(),
      spacecraft_id: SPACECRAFT[(i + round) % SPACECRAFT.length]!,
      request_id: `req-${(i * 2654435761) % 1_000_003}`,
      // Vary the numbers so the full-text index sees new tokens, as real traffic does.
      message: round === 0 ? src.text : src.text.replace(/\d+/g, (d) => String((Number(d.slice(0, 9)) + round * 7) % 10 ** Math.min(d.length, 9))),
    };
  }
}
