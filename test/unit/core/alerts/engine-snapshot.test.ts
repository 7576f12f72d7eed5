/**
 * The station's ingest writer commits on its own connection several times a second. An alert
 * evaluation's transaction reads (open alerts, silences) before it writes; if the writer commits
 * in between, SQLite refuses the write at once (SQLITE_BUSY_SNAPSHOT). Real file, two real
 * connections: the engine must still raise the alarm from that one evaluation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../../src/core/db/open';
import { LogsRepo } from '../../../../src/core/db/repos/logs';
import { logRecord } from '../fixtures';
import { harness, S, T0 } from './support';

describe('an evaluation racing an ingest commit', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is run again on a fresh snapshot, and the alarm is raised', () => {
    const dir = mkdtempSync(join(os.tmpdir(), 'observatory-snapshot-'));
    dirs.push(dir);
    const path = join(dir, 'db.sqlite');
    const h = harness(openDatabase({ path }));
    const writer = openDatabase({ path });
    const writerLogs = new LogsRepo(writer);
    const rule = h.rule({ rule_name: 'wheel', kind: 'log_match', condition: 'wheel', threshold: 0 });
    const at = T0 + S;
    h.clock.now = at;
    writerLogs.insertBatch([logRecord({ timestamp: at, message: 'wheel stall' })], at);

    // The writer commits right after the evaluation's first read inside its transaction.
    const silences = h.repo.silences;
    const current = silences.current.bind(silences);
    let raced = 0;
    silences.current = (now: number) => {
      const rows = current(now);
      if (raced++ === 0) writerLogs.insertBatch([logRecord({ timestamp: at, message: 'other' })], at);
      return rows;
    };
    const reads = vi.spyOn(h.repo, 'openAlerts');
    h.engine.evaluateIngested(null);
    // The first attempt was refused and rolled back; the second one wrote.
    expect(raced).toBe(1);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(h.errors).toEqual([]);
    expect(h.status(rule.id)).toBe('firing');
    writer.close();
    h.db.close();
  });
});
