/**
 * Silence matching: a silence mutes notifications for alerts whose labels match all its
 * matchers while its window is on. A recurring silence (e.g. every Tuesday 02:00 UTC for 2h) is
 * on inside each occurrence between starts_at and ends_at.
 */
import type { Matcher, Recurrence } from '../../shared/api/schemas/alerts';
import type { SilenceRow } from '../db/repos/alert-silences';
import { parseDuration } from '../query/time';

const DAY = 86_400_000;

function matcherHolds(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.name] ?? '';
  switch (m.op) {
    case '=': return v === m.value;
    case '!=': return v !== m.value;
    case '=~': return safeRegex(m.value)?.test(v) ?? false;
    case '!~': return !(safeRegex(m.value)?.test(v) ?? false);
  }
}

export function safeRegex(source: string): RegExp | null {
  try {
    return new RegExp(`^(?:${source})$`);
  } catch {
    return null;
  }
}

export function matchesLabels(matchers: readonly Matcher[], labels: Record<string, string>): boolean {
  return matchers.every((m) => matcherHolds(m, labels));
}

/** Whether a recurring window (UTC days and start time) covers `now`. */
export function inRecurrence(r: Recurrence, now: number): boolean {
  const [hh, mm] = r.start.split(':').map(Number) as [number, number];
  const length = parseDuration(r.duration, 'recurrence.duration');
  // The occurrence covering now may have started on an earlier day (windows crossing midnight).
  for (let back = 0; back * DAY <= length + DAY; back++) {
    const dayStart = Math.floor(now / DAY) * DAY - back * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    if (!r.days.includes(weekday)) continue;
    const start = dayStart + (hh * 60 + mm) * 60_000;
    if (now >= start && now < start + length) return true;
  }
  return false;
}

export function silenceOn(s: SilenceRow, now: number): boolean {
  if (s.expired_at !== null || now < s.starts_at || now >= s.ends_at) return false;
  return s.recurrence ? inRecurrence(s.recurrence, now) : true;
}

/** The id of the first silence that mutes these labels now, or null. */
export function silencedBy(silences: readonly SilenceRow[], labels: Record<string, string>, now: number): number | null {
  for (const s of silences) if (silenceOn(s, now) && matchesLabels(s.matchers, labels)) return s.id;
  return null;
}
