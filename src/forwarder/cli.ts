/**
 * Station forwarder entry (plain Node): `node out/main/forwarder.js [options] [files…]`, run by
 * `observatory forward`. Messages go to stderr, prefixed, one line each; stdout stays quiet.
 */
import { Forwarder } from './forwarder';
import { parseForwarderArgs, USAGE, type ForwarderOptions } from './options';
import { SpoolLockedError } from './spool';
import { count } from './wait';

/** Whatever happens after SIGINT/SIGTERM, we are gone within this long. */
const SHUTDOWN_LIMIT_MS = 10_000;

function say(message: string): void {
  process.stderr.write(`observatory forward: ${message}\n`);
}

function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function main(): Promise<void> {
  let opts: ForwarderOptions | 'help';
  try {
    opts = parseForwarderArgs(process.argv.slice(2));
  } catch (e) {
    say(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (opts.token && opts.url.startsWith('http:') && !isLoopbackUrl(opts.url)) {
    say('warning: the token travels unencrypted over http:// to a remote station; prefer https:// or a tunnel');
  }

  let fwd: Forwarder;
  try {
    fwd = await Forwarder.create(opts, { log: say });
  } catch (e) {
    say(e instanceof SpoolLockedError ? e.message : `could not start: ${(e as Error).message}`);
    process.exit(1);
  }

  const what = [...opts.files, ...(opts.stdin ? ['stdin'] : [])].join(', ');
  const waiting = fwd.pendingBatches > 0 ? `; first, ${count(fwd.pendingBatches, 'batch', 'batches')} left by an earlier run` : '';
  say(`forwarding ${what} to ${fwd.endpoint} (spool: ${opts.spoolDir}${waiting})`);

  const stop = (signal: string) => {
    say(`${signal} received: spooling the open batch and stopping`);
    fwd.stop();
    const force = setTimeout(() => {
      say('stopping took longer than 10 s, exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
  };
  // A terminal's Ctrl-C reaches us twice under `observatory forward` (directly and relayed by
  // the launcher): stop() is idempotent, and the limit above covers a stop that hangs.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  await fwd.run();
  if (opts.verbose || fwd.pendingBatches > 0) say(fwd.statusLine());
  if (fwd.pendingBatches > 0) say(`${count(fwd.pendingBatches, 'batch', 'batches')} left in the spool for the next start`);
  process.exit(fwd.failure ? 1 : 0);
}

void main();
