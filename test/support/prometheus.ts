/**
 * A real Prometheus for integration tests: its own temp TSDB, loopback on a free port, started
 * from a config the test writes, stopped (SIGTERM, then SIGKILL) with bounded waits. `npm test`
 * installs it from Debian (scripts/ensure-tools.mjs); where it is missing the tests say so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from './station';

export const PROMETHEUS_BIN = process.env.OBSERVATORY_PROMETHEUS ?? '/usr/bin/prometheus';

/** Why the Prometheus tests cannot run here, or null when they can. */
export const prometheusMissing: string | null = existsSync(PROMETHEUS_BIN)
  ? null
  : `no Prometheus at ${PROMETHEUS_BIN} (npm test installs the Debian package; or set OBSERVATORY_PROMETHEUS)`;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface PromSeries {
  metric: Record<string, string>;
  values?: [number, string][];
  value?: [number, string];
}

export interface RunningPrometheus {
  url: string;
  /** GET /api/v1/query; throws unless Prometheus answers "success". */
  query(promql: string, time?: number): Promise<PromSeries[]>;
  /** Sum over every series of one of Prometheus's own metrics (from its /metrics), or null when absent. */
  ownMetric(name: string): Promise<number | null>;
  /** The last lines Prometheus logged (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// A crashed test run must not leave a Prometheus behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts Prometheus with `config` (YAML) and resolves once /-/ready answers 200 (at most `readyMs`). */
/** `extraArgs`: more flags, e.g. --web.enable-remote-write-receiver. */
export async function startPrometheus(config: string, readyMs = 20_000, extraArgs: string[] = []): Promise<RunningPrometheus> {
  const dir = tempDir('observatory-prometheus-');
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      `--web.console.templates=${dir}`,
      `--web.console.libraries=${dir}`,
      '--log.level=info',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const log = () => lines.slice(-30).join('\n');

  const stop = async () => {
    if (!(await exited(child, 0))) {
      child.kill('SIGTERM');
      if (!(await exited(child, 5_000))) {
        child.kill('SIGKILL');
        await exited(child, 2_000);
      }
    }
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + readyMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`Prometheus exited with ${child.exitCode} before it was ready:\n${log()}`);
    }
    const ready = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) }).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prometheus was not ready within ${readyMs} ms:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    log,
    stop,
    async query(promql, time) {
      const params = new URLSearchParams({ query: promql, ...(time === undefined ? {} : { time: String(time) }) });
      const res = await fetch(`${url}/api/v1/query?${params}`, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.json()) as { status: string; error?: string; data: { result: PromSeries[] } };
      if (body.status !== 'success') throw new Error(`query ${promql}: ${body.error ?? res.status}`);
      return body.data.result;
    },
    async ownMetric(name) {
      const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
      let sum: number | null = null;
      for (const line of text.split('\n')) {
        if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
      }
      return sum;
    },
  };
}
