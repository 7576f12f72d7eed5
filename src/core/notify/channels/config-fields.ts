import { ApiError } from '../../../shared/api/errors';

/** Small readers for channel configs: each refusal names `config.<field>`. */
const bad = (field: string, what: string) => new ApiError('bad_request', `config.${field}: ${what}`);

export function str(c: Record<string, unknown>, field: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  const v = c[field];
  if (v === undefined || v === null || v === '') {
    if (opts.required) throw bad(field, 'is required');
    return undefined;
  }
  if (typeof v !== 'string') throw bad(field, 'must be a string');
  if (v.length > (opts.max ?? 2000)) throw bad(field, `at most ${opts.max ?? 2000} characters`);
  return v;
}

export function int(c: Record<string, unknown>, field: string, min: number, max: number, fallback: number): number {
  const v = c[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw bad(field, `must be a whole number from ${min} to ${max}`);
  return v;
}

export function bool(c: Record<string, unknown>, field: string, fallback: boolean): boolean {
  const v = c[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'boolean') throw bad(field, 'must be true or false');
  return v;
}

export function oneOf<T extends string>(c: Record<string, unknown>, field: string, values: readonly T[], fallback: T): T {
  const v = c[field];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string' || !values.includes(v as T)) throw bad(field, `must be one of ${values.join(', ')}`);
  return v as T;
}

export function strList(c: Record<string, unknown>, field: string, opts: { min?: number; max?: number; item?: (s: string, i: number) => void } = {}): string[] {
  const v = c[field] ?? [];
  if (!Array.isArray(v)) throw bad(field, 'must be a list of strings');
  if (v.length < (opts.min ?? 0)) throw bad(field, `needs at least ${opts.min} entr${opts.min === 1 ? 'y' : 'ies'}`);
  if (v.length > (opts.max ?? 50)) throw bad(field, `at most ${opts.max ?? 50} entries`);
  return v.map((s, i) => {
    if (typeof s !== 'string' || s.length === 0 || s.length > 500) throw bad(`${field}[${i}]`, 'must be a non-empty string of at most 500 characters');
    opts.item?.(s, i);
    return s;
  });
}

export function httpUrl(c: Record<string, unknown>, field: string): string {
  const v = str(c, field, { required: true }) as string;
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw bad(field, `"${v.slice(0, 80)}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad(field, 'must be an http:// or https:// URL');
  return u.toString();
}

export { bad as badConfig };
