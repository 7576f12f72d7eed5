import Database from 'better-sqlite3';
import { migrate, type DatabaseTooNewError } from './migrations';

export type Synchronous = 'NORMAL' | 'FULL';

export interface OpenOptions {
  path: string;
  /** Path to a better_sqlite3.node built for the host runtime's ABI (Electron needs its own). */
  nativeBinding?: string;
  /**
   * NORMAL (default): in WAL mode a committed transaction survives an app crash; a power loss may
   * roll back the last transactions. FULL: also survives power loss, at an fsync per commit.
   */
  synchronous?: Synchronous;
  readonly?: boolean;
  /** Migrate up to this version only (tests of the upgrade path). */
  migrateTo?: number;
}

export type { DatabaseTooNewError };

/** Open (creating if needed), set every pragma explicitly, and migrate. */
export function openDatabase(opts: OpenOptions): Database.Database {
  const db = new Database(opts.path, {
    readonly: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  try {
    applyPragmas(db, opts.synchronous ?? 'NORMAL', opts.readonly ?? false);
    if (!opts.readonly) migrate(db, opts.path, opts.migrateTo);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function applyPragmas(db: Database.Database, synchronous: Synchronous, readonly: boolean): void {
  if (!readonly) db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
}
