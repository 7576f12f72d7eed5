/** Silence matchers as typed (`spacecraft=sc-1, rule=~Battery.*`) into the contract's shape. */
import type { Matcher } from '../../../../shared/api/schemas/alerts';

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

export function parseMatchers(text: string): Matcher[] | string {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (!parts.length) return 'Give at least one matcher, e.g. spacecraft=sc-1.';
  const out: Matcher[] = [];
  for (const part of parts) {
    const m = MATCHER.exec(part);
    if (!m) return `Matcher "${part}" is not label=value (or !=, =~, !~).`;
    out.push({ name: m[1] as string, op: m[2] as Matcher['op'], value: (m[3] as string).replace(/^"(.*)"$/, '$1') });
  }
  return out;
}

export const formatMatchers = (ms: readonly Matcher[]): string => ms.map((m) => `${m.name}${m.op}"${m.value}"`).join(', ');
