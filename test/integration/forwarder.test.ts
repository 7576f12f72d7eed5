/**
 * The built forwarder (`node out/main/forwarder.js`, what `observatory forward` runs) as its
 * own process, against a real station, with real files: rotation, a link that is down, a full
 * spool, a station that dies mid-stream, a forwarder that dies mid-stream, a refused batch, an
 * answer lost on the way back, and a station that says "come back later". Delivery must be
 * exactly once and in order. The small HTTP servers in two tests stand in for the network
 * between forwarder and station (a proxy that drops an answer or says 503), not for our code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { startTestStation, tempDir, type TestStation } from '../support/station';
import { spawnStation, type StationProcess } from '../support/station-process';

const FORWARDER = fileURLToPath(new URL('../../out/main/forwarder.js', import.meta.url));
/** Fast enough for tests: small batches, short flush and poll intervals. */
const FAST = ['--flush-interval', '100ms', '--poll-interval', '50ms', '--batch-lines', '250'];

interface ForwarderProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const stations: TestStation[] = [];
const dirs: string[] = [];

function dir(): string {
  const d = tempDir('observatory-fwd-');
  dirs.push(d);
  return d;
}

function spawnForwarder(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): ForwarderProcess {
  if (!existsSync(FORWARDER)) throw new Error(`${FORWARDER} is missing: run \`npx electron-vite build\` first (npm test does)`);
  const child = spawn(process.execPath, [FORWARDER, ...args], { stdio: [stdin, 'pipe', 'pipe'], env: { ...process.env, OBSERVATORY_TOKEN: '' } });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exited };
}

async function station(opts: Parameters<typeof startTestStation>[0] = {}): Promise<TestStation> {
  const s = await startTestStation(opts);
  stations.push(s);
  return s;
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000, detail?: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${detail ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every stored message, in the order the station stored them. A separate read-only connection, as any reader. */
function storedMessages(dataDir: string): string[] {
  const path = join(dataDir, 'observatory.db');
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT message FROM log_entries ORDER BY id').all() as { message: string }[]).map((r) => r.message);
  } finally {
    db.close();
  }
}

const lines = (from: number, to: number, tag: string) => Array.from({ length: to - from + 1 }, (_, i) => `${tag} line ${String(from + i).padStart(5, '0')}`);

/** Append lines in chunks, yielding between them so the forwarder reads while we write. */
async function writeLines(path: string, all: string[], chunk = 100, pauseMs = 0): Promise<void> {
  for (let i = 0; i < all.length; i += chunk) {
    appendFileSync(path, `${all.slice(i, i + chunk).join('\n')}\n`);
    await sleep(pauseMs);
  }
}

async function stopForwarder(f: ForwarderProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (f.child.exitCode === null && f.child.signalCode === null) f.child.kill('SIGTERM');
  return f.exited;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const s of stations.splice(0)) await s.close().catch(() => undefined);
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('observatory forward', () => {
  test('tails a file across a rename rotation and a copytruncate: 5 000 lines, exactly once, in order', async () => {
    const st = await station();
    const d = dir();
    const log = join(d, 'app.log');
    writeFileSync(log, 'written before the forwarder started: not shipped\n');
    const fwd = spawnForwarder([log, '--url', st.url, '--spool-dir', join(d, 'spool'), ...FAST, '--verbose', '--status-interval', '1s']);
    await waitFor('the forwarder to start', () => fwd.output().includes('forwarding'));

    const expected = lines(1, 5000, 'tail');
    const started = Date.now();
    await writeLines(log, expected.slice(0, 2000));
    // logrotate's default: rename, and the writer creates a new file (appendFileSync does).
    renameSync(log, `${log}.1`);
    await writeLines(log, expected.slice(2000, 3500));
    // copytruncate loses whatever was not read before the truncation (for every tailer), so
    // rotate once the forwarder has read what was written — as logrotate's cadence would.
    await waitFor('3 500 lines stored', () => storedMessages(st.dataDir).length >= 3500);
    copyFileSync(log, `${log}.2`);
    truncateSync(log, 0);
    await writeLines(log, expected.slice(3500));
    await waitFor('5 000 lines stored', () => storedMessages(st.dataDir).length >= 5000, 15_000, () => `stored ${storedMessages(st.dataDir).length}\n${fwd.output()}`);
    const elapsed = Date.now() - started;

    await sleep(300); // nothing more may arrive
    const stored = storedMessages(st.dataDir);
    expect(stored.length).toBe(5000);
    expect(new Set(stored).size).toBe(5000);
    expect(stored).toEqual(expected);
    expect(await stopForwarder(fwd)).toEqual({ code: 0, signal: null });
    expect(readdirSync(join(d, 'spool')).filter((n) => n.endsWith('.batch'))).toEqual([]);
    console.log(`forwarder: 5 000 lines with two rotations delivered in ${elapsed} ms`);
  });

  test('link down at start: lines wait in the spool, then arrive exactly once when the station comes up', async () => {
    const port = await freePort();
    const d = dir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    const fwd = spawnForwarder([log, '--url', `http://127.0.0.1:${port}`, '--spool-dir', join(d, 'spool'), ...FAST]);
    await waitFor('the forwarder to start', () => fwd.output().includes('forwarding'));
    const expected = lines(1, 1200, 'down');
    await writeLines(log, expected);
    await waitFor('a failed delivery', () => fwd.output().includes('cannot deliver'));
    expect(fwd.output()).toMatch(/ECONNREFUSED/);
    expect(readdirSync(join(d, 'spool')).some((n) => n.endsWith('.batch'))).toBe(true);

    const st = await station({ port });
    await waitFor('1 200 lines stored', () => storedMessages(st.dataDir).length >= 1200);
    await waitFor('the recovery message', () => fwd.output().includes('taking batches again'));
    expect(storedMessages(st.dataDir)).toEqual(expected);
    expect(await stopForwarder(fwd)).toEqual({ code: 0, signal: null });
  });

  test('spool cap: with the station away, reading pauses at --spool-max-bytes instead of dropping; all arrives later', async () => {
    const port = await freePort();
    const d = dir();
    const log = join(d, 'app.log');
    const spool = join(d, 'spool');
    const cap = 64 * 1024;
    // Random text so that gzip cannot make the batches tiny.
    const expected = Array.from({ length: 6000 }, (_, i) => `cap line ${String(i).padStart(5, '0')} ${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`);
    writeFileSync(log, `${expected.join('\n')}\n`);
    const fwd = spawnForwarder([log, '--from-start', '--url', `http://127.0.0.1:${port}`, '--spool-dir', spool, '--spool-max-bytes', '64k', ...FAST, '--verbose', '--status-interval', '200ms']);
    await waitFor('reading to pause', () => fwd.output().includes('reading paused'));
    await sleep(400);
    const spooled = readdirSync(spool).filter((n) => n.endsWith('.batch')).map((n) => readFileSync(join(spool, n)).length);
    const biggest = Math.max(...spooled);
    const total = spooled.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(cap);
    expect(total).toBeLessThan(cap + biggest); // the cap is passed by at most the batch that reached it
    // What was spooled is checkpointed; the rest waits in the file (at most one read's worth in memory).
    const state = JSON.parse(readFileSync(join(spool, 'state.json'), 'utf8')) as { positions: { offset: number }[] };
    expect(state.positions[0]!.offset).toBeLessThan(statSync(log).size);

    const st = await station({ port });
    await waitFor('6 000 lines stored', () => storedMessages(st.dataDir).length >= 6000);
    expect(storedMessages(st.dataDir)).toEqual(expected);
    expect(fwd.output()).toContain('spool below its cap: reading again');
    expect(await stopForwarder(fwd)).toEqual({ code: 0, signal: null });
  });

  test('station killed (SIGKILL) mid-stream and restarted on the same port and data: exactly once', async () => {
    const dataDir = dir();
    const d = dir();
    const log = join(d, 'app.log');
    writeFileSync(log, '');
    let st: StationProcess = await spawnStation(['--port', '0', '--data-dir', dataDir]);
    children.push(st.child);
    const port = new URL(st.url).port;
    const fwd = spawnForwarder([log, '--url', st.url, '--spool-dir', join(d, 'spool'), ...FAST, '--batch-lines', '50', '--verbose', '--status-interval', '1h']);
    await waitFor('the forwarder to start', () => fwd.output().includes('forwarding'));

    const expected = lines(1, 4000, 'crash');
    const writing = writeLines(log, expected, 50, 5);
    await waitFor('some lines stored', () => storedMessages(dataDir).length >= 800);
    st.child.kill('SIGKILL');
    await st.exited;
    const storedAtKill = storedMessages(dataDir).length;
    st = await spawnStation(['--port', port, '--data-dir', dataDir]);
    children.push(st.child);
    await writing;
    await waitFor('4 000 lines stored', () => storedMessages(dataDir).length >= 4000, 25_000);
    await sleep(300);

    const stored = storedMessages(dataDir);
    expect(storedAtKill).toBeLessThan(4000);
    expect(stored.length).toBe(4000);
    expect(new Set(stored).size).toBe(4000);
    expect(stored).toEqual(expected);
    expect(await stopForwarder(fwd)).toEqual({ code: 0, signal: null });
    console.log(`station restart: ${fwd.output().split('\n').filter((l) => l.includes('status:')).at(-1)}`);
    st.child.kill('SIGTERM');
    await st.exited;
  });

  test('forwarder killed (kill -9) and restarted: resumes from its saved offsets, no loss, no duplicates', async () => {
    const st = await station();
    const d = dir();
    const log = join(d, 'app.log');
    const args = [log, '--url', st.url, '--spool-dir', join(d, 'spool'), ...FAST, '--batch-lines', '100', '--verbose', '--status-interval', '1h'];
    writeFileSync(log, '');
    const first = spawnForwarder(args);
    await waitFor('the forwarder to start', () => first.output().includes('forwarding'));

    const expected = lines(1, 3000, 'resume');
    const writing = writeLines(log, expected.slice(0, 1500), 50, 5);
    await waitFor('some lines stored', () => storedMessages(st.dataDir).length >= 300);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await writing;
    await writeLines(log, expected.slice(1500, 2500)); // written while no forwarder runs

    const second = spawnForwarder(args);
    await waitFor('the forwarder to start again', () => second.output().includes('forwarding'));
    await writeLines(log, expected.slice(2500));
    await waitFor('3 000 lines stored', () => storedMessages(st.dataDir).length >= 3000);
    await sleep(300);

    const stored = storedMessages(st.dataDir);
    expect(stored.length).toBe(3000);
    expect(new Set(stored).size).toBe(3000);
    expect(stored).toEqual(expected);
    expect(await stopForwarder(second)).toEqual({ code: 0, signal: null });
    console.log(`forwarder restart: ${second.output().split('\n').filter((l) => l.includes('status:')).at(-1)}`);
  });

  test('a batch the station refuses for good (401) goes to spool/rejected, is reported, and is not retried', async () => {
    const token = 'the-right-token-0123456789';
    const st = await station({ token });
    const d = dir();
    const log = join(d, 'app.log');
    const spool = join(d, 'spool');
    writeFileSync(log, '');
    const fwd = spawnForwarder([log, '--url', st.url, '--token', 'a-wrong-token-0123456789', '--spool-dir', spool, ...FAST]);
    await waitFor('the forwarder to start', () => fwd.output().includes('forwarding'));
    const expected = lines(1, 20, 'refused');
    await writeLines(log, expected);
    await waitFor('the refusal to be reported', () => fwd.output().includes('refused batch'));
    await sleep(700); // a retry loop would show up here

    expect(fwd.output()).toMatch(/refused batch \S+ \(20 lines\) for good: 401 unauthorized/);
    expect(fwd.output().match(/refused batch/g)).toHaveLength(1);
    expect(fwd.output()).not.toMatch(/cannot deliver/);
    const rejected = readdirSync(join(spool, 'rejected'));
    expect(rejected.filter((n) => n.endsWith('.batch'))).toHaveLength(1);
    const reason = rejected.find((n) => n.endsWith('.reason.txt'))!;
    expect(readFileSync(join(spool, 'rejected', reason), 'utf8')).toMatch(/^401 unauthorized/);
    expect(readdirSync(spool).filter((n) => n.endsWith('.batch'))).toEqual([]);
    expect(storedMessages(st.dataDir)).toEqual([]);
    expect(await stopForwarder(fwd)).toEqual({ code: 0, signal: null });

    // Nothing was lost: with the token fixed, --retry-rejected delivers the kept batch.
    const fixed = spawnForwarder([log, '--url', st.url, '--token', token, '--spool-dir', spool, '--retry-rejected', ...FAST]);
    await waitFor('the kept batch to arrive', () => storedMessages(st.dataDir).length >= 20);
    expect(storedMessages(st.dataDir)).toEqual(expected);
    expect(await stopForwarder(fixed)).toEqual({ code: 0, signal: null });
  });

  test('SIGTERM spools the open batch and exits; the next start delivers it', async () => {
    const st = await station();
    const d = dir();
    const log = join(d, 'app.log');
    const spool = join(d, 'spool');
    writeFileSync(log, '');
    const args = [log, '--url', st.url, '--spool-dir', spool, '--poll-interval', '50ms', '--flush-interval', '1h', '--verbose', '--status-interval', '100ms'];
    const first = spawnForwarder(args);
    await waitFor('the forwarder to start', () => first.output().includes('forwarding'));
    const expected = lines(1, 10, 'term');
    await writeLines(log, expected);
    await waitFor('the lines to be read', () => first.output().includes('read 10 lines'));
    expect(readdirSync(spool).filter((n) => n.endsWith('.batch'))).toEqual([]); // still in the open batch
    expect(await stopForwarder(first)).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('1 batch left in the spool for the next start');
    expect(readdirSync(spool).filter((n) => n.endsWith('.batch'))).toHaveLength(1);
    expect(storedMessages(st.dataDir)).toEqual([]);

    const second = spawnForwarder(args);
    await waitFor('the spooled batch to arrive', () => storedMessages(st.dataDir).length >= 10);
    expect(second.output()).toContain('first, 1 batch left by an earlier run');
    expect(storedMessages(st.dataDir)).toEqual(expected);
    expect(await stopForwarder(second)).toEqual({ code: 0, signal: null });
  });

  test('--json: lines the station refuses one by one are kept in spool/rejected and reported; the rest is stored', async () => {
    const st = await station();
    const spool = join(dir(), 'spool');
    const fwd = spawnForwarder(['--json', '--url', st.url, '--spool-dir', spool, ...FAST], 'pipe');
    fwd.child.stdin!.end(['{"message":"json one","level":"warn","pid":7}', '{"message":"json bad","timestamp":"yesterday"}', 'plain ERROR three'].join('\n') + '\n');
    expect(await fwd.exited).toEqual({ code: 0, signal: null });
    expect(storedMessages(st.dataDir)).toEqual(['json one', 'plain ERROR three']);
    expect(fwd.output()).toMatch(/the station refused 1 line of batch \S+ \(first: line 1: timestamp: /);
    const kept = readdirSync(join(spool, 'rejected')).find((n) => n.endsWith('.lines.ndjson'))!;
    const entry = JSON.parse(readFileSync(join(spool, 'rejected', kept), 'utf8')) as { index: number; error: string; line: string };
    expect(entry.index).toBe(1);
    expect(JSON.parse(entry.line)).toMatchObject({ message: 'json bad', timestamp: 'yesterday' });
    const db = new Database(join(st.dataDir, 'observatory.db'), { readonly: true });
    try {
      expect(db.prepare("SELECT level, metadata FROM log_entries WHERE message = 'json one'").get()).toEqual({ level: 'WARN', metadata: '{"pid":7}' });
      expect(db.prepare("SELECT level FROM log_entries WHERE message = 'plain ERROR three'").get()).toEqual({ level: 'ERROR' });
    } finally {
      db.close();
    }
  });

  test('an answer lost on the way back (the station committed): the resend under the same Idempotency-Key stores nothing', async () => {
    const st = await station();
    const attempts: (string | undefined)[] = [];
    const answers: string[] = [];
    // A flaky link in front of the real station: the first request reaches it, its answer never comes back.
    const peer: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        attempts.push(req.headers['idempotency-key'] as string | undefined);
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'content-encoding', 'idempotency-key']) if (req.headers[h]) headers[h] = String(req.headers[h]);
        void fetch(`${st.url}/logs`, { method: 'POST', headers, body: Buffer.concat(chunks) }).then(async (r) => {
          const text = await r.text();
          answers.push(`${r.status} ${text}`);
          if (attempts.length === 1) {
            req.socket.destroy();
            return;
          }
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(text);
        });
      });
    });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
      const fwd = spawnForwarder(['-', '--url', url, '--spool-dir', join(dir(), 'spool'), ...FAST, '--verbose', '--status-interval', '1h'], 'pipe');
      const expected = lines(1, 30, 'lost');
      fwd.child.stdin!.end(`${expected.join('\n')}\n`);
      expect(await fwd.exited).toEqual({ code: 0, signal: null });
      expect(attempts).toHaveLength(2);
      expect(attempts[0]).toBeTruthy();
      expect(attempts[1]).toBe(attempts[0]);
      expect(answers[0]).toMatch(/^202 /);
      expect(JSON.parse(answers[1]!.slice(4))).toMatchObject({ accepted: 30, duplicate: true });
      expect(storedMessages(st.dataDir)).toEqual(expected);
      expect(fwd.output()).toContain('sent 30 lines in 1 batch (1 already stored)');
    } finally {
      peer.closeAllConnections();
      await new Promise((r) => peer.close(r));
    }
  });

  test('honours Retry-After: a peer answering 503 + Retry-After: 1 twice, then the station (stdin, exits when delivered)', async () => {
    const st = await station();
    const attempts: { at: number; key: string | undefined }[] = [];
    // A network peer we control in front of the real station: 503 twice, then pass through.
    const peer: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        attempts.push({ at: Date.now(), key: req.headers['idempotency-key'] as string | undefined });
        if (attempts.length <= 2) {
          res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' });
          res.end('{"statusCode":503,"code":"unavailable","message":"busy"}');
          return;
        }
        const headers: Record<string, string> = {};
        for (const h of ['content-type', 'content-encoding', 'idempotency-key']) if (req.headers[h]) headers[h] = String(req.headers[h]);
        void fetch(`${st.url}/logs`, { method: 'POST', headers, body: Buffer.concat(chunks) }).then(async (r) => {
          res.writeHead(r.status, { 'content-type': 'application/json' });
          res.end(await r.text());
        });
      });
    });
    await new Promise<void>((r) => peer.listen(0, '127.0.0.1', r));
    try {
      const d = dir();
      const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}`;
      const fwd = spawnForwarder(['-', '--url', url, '--spool-dir', join(d, 'spool'), ...FAST], 'pipe');
      const expected = lines(1, 50, 'stdin');
      fwd.child.stdin!.end(`${expected.join('\n')}\n`);
      expect(await fwd.exited).toEqual({ code: 0, signal: null });

      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((a) => a.key)).size).toBe(1); // the same batch, resent
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
      expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(950);
      expect(attempts[2]!.at - attempts[0]!.at).toBeLessThan(4000);
      expect(storedMessages(st.dataDir)).toEqual(expected);
      expect(fwd.output()).toMatch(/cannot deliver .*503 unavailable: busy/);
    } finally {
      peer.closeAllConnections();
      await new Promise((r) => peer.close(r));
    }
  });
});
