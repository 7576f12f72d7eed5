import { cssToken } from '../lib/enums';

/**
 * A status word on a coloured pill. The colour comes from the `tone-*` class of the value
 * (firing, critical, degraded, up, down …) so every page shares one status palette.
 */
export function StatusPill({ value, label }: { value: unknown; label?: string }) {
  const token = cssToken(value);
  return (
    <span className={`pill tone-${token}`} data-status={token}>
      {label ?? String(value ?? 'unknown').replace(/_/g, ' ')}
    </span>
  );
}
