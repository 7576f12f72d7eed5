/**
 * The contract's enum-like fields (status, level, severity…) come out of their schemas typed as
 * `string | number` (see the contract note in the renderer report), so the renderer narrows them
 * here instead of casting at every use.
 */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return (values as readonly unknown[]).includes(value) ? (value as T) : undefined;
}

/** Position of `value` in `order`; unknown values sort last. */
export function rankOf(order: readonly string[], value: unknown): number {
  const i = (order as readonly unknown[]).indexOf(value);
  return i === -1 ? order.length : i;
}

/** A lower-case, CSS-class-safe token for a value (`lost-contact`, `critical`, `unknown`). */
export function cssToken(value: unknown): string {
  return String(value ?? 'unknown').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}
