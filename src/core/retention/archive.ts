/**
 * The archive of expired lines: one gzip-compressed NDJSON file per UTC day of the lines'
 * timestamps, each line in the POST /logs format, so `gunzip -c | POST /logs` restores it.
 * Every append is a whole gzip member (concatenated members are one valid gzip stream) and is
 * fsynced before the caller deletes anything.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { RawLogRow } from '../db/repos/logs';

const gzipAsync = promisify(gzip);

export function archiveDir(dataDir: string): string {
  return join(dataDir, 'archive');
}

/** `logs-YYYY-MM-DD.ndjson.gz`, the UTC day of `timestamp`. */
export function archiveFileName(timestamp: number): string {
  return `logs-${new Date(timestamp).toISOString().slice(0, 10)}.ndjson.gz`;
}

/** One stored line as POST /logs takes it (no id or created_at: an import stores it anew). */
export function toArchiveLine(row: RawLogRow): Record<string, unknown> {
  return {
    timestamp: new Date(row.timestamp).toISOString(),
    level: row.level,
    service: row.service,
    message: row.message,
    spacecraft_id: row.spacecraft_id,
    request_id: row.request_id,
    trace_id: row.trace_id,
    span_id: row.span_id,
    source: row.source,
    labels: row.labels === null ? null : (JSON.parse(row.labels) as unknown),
    metadata: row.metadata === null ? null : (JSON.parse(row.metadata) as unknown),
  };
}

/** Rows grouped by archive file, each group in the order given. */
export function groupByArchiveFile(rows: readonly RawLogRow[]): Map<string, RawLogRow[]> {
  const out = new Map<string, RawLogRow[]>();
  for (const row of rows) {
    const name = archiveFileName(row.timestamp);
    const group = out.get(name);
    if (group) group.push(row);
    else out.set(name, [row]);
  }
  return out;
}

/**
 * Append `rows` to their day files and fsync each, so they are on disk before the caller
 * deletes them. A failed write is cut off again (truncate to the old size): a torn gzip member
 * would make the rest of the file unreadable. Returns the files written.
 */
export async function appendToArchive(dir: string, rows: readonly RawLogRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  let created = false;
  for (const [name, group] of groupByArchiveFile(rows)) {
    const ndjson = group.map((r) => `${JSON.stringify(toArchiveLine(r))}\n`).join('');
    const member = await gzipAsync(ndjson);
    const path = join(dir, name);
    const file = await open(path, 'a');
    try {
      const size = (await file.stat()).size;
      created ||= size === 0;
      try {
        await file.write(member);
        await file.sync();
      } catch (e) {
        await file.truncate(size).catch(() => undefined);
        throw e;
      }
    } finally {
      await file.close();
    }
    written.push(path);
  }
  if (created) syncDirectory(dir);
  return written;
}

/** Make a new file's directory entry durable too (POSIX; Windows cannot open a directory, and needs not). */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not supported here; the file's own fsync is what matters most.
  }
}
