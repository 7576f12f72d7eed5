import { useSystemStore } from '../stores';
import { formatRelative } from '../lib/format';
import { useNow } from './useNow';

/**
 * Shown on every page while the station's storage refuses writes (disk full): field stations
 * are being told 503 and are holding their data, and an operator must free space.
 */
export function StorageBanner() {
  const storage = useSystemStore((s) => s.info?.storage);
  const now = useNow();
  if (!storage?.full) return null;
  return (
    <div className="storage-banner" role="alert" data-testid="storage-banner">
      <strong>Storage full</strong>
      <span>
        {storage.since ? ` since ${formatRelative(storage.since, now)}: ` : ': '}
        the station is refusing new data (503); senders keep it and retry. Free disk space on the station — ingest resumes by itself.
      </span>
    </div>
  );
}
