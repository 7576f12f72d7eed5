import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Core } from '../../src/core/core';
import { startServer, type RunningServer, type ServerOptions } from '../../src/station/server';

export interface TestStation {
  url: string;
  dataDir: string;
  server: RunningServer;
  core: Core;
  close(): Promise<void>;
}

export function tempDir(prefix = 'observatory-test-'): string {
  return mkdtempSync(join(os.tmpdir(), prefix));
}

/** A real station on an ephemeral loopback port with its own temp data dir. */
export async function startTestStation(opts: Partial<ServerOptions> = {}): Promise<TestStation> {
  const dataDir = opts.dataDir ?? tempDir();
  // Syslog off unless a test asks for it (`syslogPort: 0`): tests must never contend for 5514.
  // Retention runs on demand only (core.runRetention()): tests post lines with old timestamps.
  const server = await startServer({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent', syslogPort: null, ...opts, core: { retentionIntervalMs: 0, ...opts.core } });
  const core = await server.ready;
  return {
    url: server.url,
    dataDir,
    server,
    core,
    async close() {
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** Lines (objects) as one gzipped NDJSON request to POST /logs. */
export async function postNdjsonGzip(baseUrl: string, lines: readonly unknown[]): Promise<Response> {
  const body = gzipSync(lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
  return fetch(`${baseUrl}/logs`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body });
}

export interface ErrorShape {
  statusCode: number;
  code: string;
  message: string;
}

export async function errorBody(res: Response): Promise<ErrorShape> {
  return (await res.json()) as ErrorShape;
}
