/**
 * Demo fleet entry (plain Node): `node out/main/demo.js --url http://127.0.0.1:4318`, started by
 * `npm run demo` and by `--demo` on `observatory start|station`. Plays four spacecraft and two
 * ground stations into the station until interrupted.
 */
import { parseArgs } from 'node:util';
import { runDemo } from './runner';

function say(message: string): void {
  process.stderr.write(`observatory demo: ${message}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      interval: { type: 'string' },
      backfill: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log('Usage: observatory demo [--url http://127.0.0.1:4318] [--token T] [--interval 2s] [--backfill 30m]');
    return;
  }
  const dur = (text: string | undefined, fallback: number, name: string) => {
    if (text === undefined) return fallback;
    const m = /^([0-9]{1,6})(ms|s|m|h)$/.exec(text);
    if (!m) throw new Error(`--${name}: "${text}" is not a duration like 2s, 30m`);
    return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  };
  const ctrl = new AbortController();
  process.on('SIGINT', () => ctrl.abort());
  process.on('SIGTERM', () => ctrl.abort());
  const counts = await runDemo({
    url: (values.url ?? process.env.OBSERVATORY_URL ?? 'http://127.0.0.1:4318').replace(/\/$/, ''),
    token: values.token ?? process.env.OBSERVATORY_TOKEN,
    tickMs: Math.max(200, dur(values.interval, 2000, 'interval')),
    backfillMs: dur(values.backfill, 30 * 60_000, 'backfill'),
    signal: ctrl.signal,
    say,
  });
  say(`stopped: ${counts.samples} samples and ${counts.lines} lines delivered`);
}

main().catch((e: unknown) => {
  say((e as Error).message);
  process.exit(1);
});
