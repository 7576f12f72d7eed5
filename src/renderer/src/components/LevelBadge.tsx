import { cssToken } from '../lib/enums';

/** A log level in its colour; CRITICAL is also bold so it reads without colour vision. */
export function LevelBadge({ level }: { level: unknown }) {
  const label = String(level ?? '').toUpperCase();
  return <span className={`level level--${cssToken(level)}`}>{label}</span>;
}
