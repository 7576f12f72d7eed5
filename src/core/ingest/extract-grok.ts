/**
 * Grok: a regex in which `%{PATTERN}`, `%{PATTERN:field}` or `%{PATTERN:field:int|float}`
 * stands for a named pattern from the small library below (names and meaning follow
 * Logstash's grok-patterns, rewritten flat: no nested unbounded repetition, no lookaround,
 * no capture groups of their own), optionally captured into `field`.
 */
import { PatternError, scanPattern, type GrokToken } from './extract-scan';

export type FieldType = 'string' | 'int' | 'float';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `(?:${OCTET}\\.){3}${OCTET}`;
const IPV6 = '(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|' + IPV4 + ')?';
const HOSTNAME = '\\b[0-9A-Za-z][0-9A-Za-z-]{0,62}(?:\\.[0-9A-Za-z][0-9A-Za-z-]{0,62})*\\.?';
const UNIXPATH = '/[\\w%!$@:.,+~/-]*';
const WINPATH = '[A-Za-z]:\\\\[^\\s?*]*';

export const GROK_PATTERNS: Readonly<Record<string, string>> = {
  WORD: '\\b\\w+\\b',
  NOTSPACE: '\\S+',
  SPACE: '\\s*',
  DATA: '.*?',
  GREEDYDATA: '.*',
  INT: '[+-]?\\d+',
  POSINT: '\\b[1-9]\\d*\\b',
  NONNEGINT: '\\b\\d+\\b',
  NUMBER: '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?',
  BASE10NUM: '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)',
  BASE16NUM: '[+-]?(?:0x)?[0-9A-Fa-f]+',
  IPV4,
  IPV6,
  IP: `(?:${IPV4}|${IPV6})`,
  HOSTNAME,
  IPORHOST: `(?:${IPV4}|${IPV6}|${HOSTNAME})`,
  HOSTPORT: `(?:${IPV4}|${HOSTNAME}):\\d{1,5}`,
  UUID: '[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}',
  MAC: '(?:[A-Fa-f0-9]{2}[:-]){5}[A-Fa-f0-9]{2}',
  USERNAME: '[a-zA-Z0-9._-]+',
  EMAILADDRESS: '[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+',
  LOGLEVEL:
    '(?:[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo(?:rmation)?|INFO(?:RMATION)?|[Ww]arn(?:ing)?|WARN(?:ING)?|' +
    '[Ee]rr(?:or)?|ERR(?:OR)?|[Cc]rit(?:ical)?|CRIT(?:ICAL)?|[Ff]atal|FATAL|[Ss]evere|SEVERE|[Aa]lert|ALERT|[Ee]merg(?:ency)?|EMERG(?:ENCY)?)',
  TIMESTAMP_ISO8601: '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?',
  HTTPDATE: '\\d{2}/[A-Za-z]{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}',
  SYSLOGTIMESTAMP: '[A-Z][a-z]{2} {1,2}\\d{1,2} \\d{2}:\\d{2}:\\d{2}',
  QUOTEDSTRING: '"(?:[^"\\\\]|\\\\.)*"|\'(?:[^\'\\\\]|\\\\.)*\'',
  UNIXPATH,
  WINPATH,
  PATH: `(?:${UNIXPATH}|${WINPATH})`,
  URIPATH: '/[^\\s?#]*',
  URIPARAM: '\\?[^\\s#]*',
  DURATION: '\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h)',
};

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const TOKEN_BODY = /^([A-Z][A-Z0-9_]*)(?::([^:]*))?(?::([^:]*))?$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether a library pattern repeats without bound (repeating it again could backtrack badly). */
const UNBOUNDED = new Map(Object.entries(GROK_PATTERNS).map(([name, src]) => [name, scanPattern(src).unbounded]));

export function checkFieldName(name: string, position: number): void {
  if (!FIELD_NAME.test(name) || RESERVED.has(name)) {
    throw new PatternError(`"${name.slice(0, 64)}" is not a field name (letters, digits and _, not starting with a digit, at most 64)`, position);
  }
}

/** "did you mean INT?" for a name sharing its first three letters with known ones, else the list. */
function suggest(name: string): string {
  const close = Object.keys(GROK_PATTERNS).filter((known) => known.slice(0, 3) === name.slice(0, 3));
  return close.length ? `did you mean ${close.join(' or ')}?` : `known: ${Object.keys(GROK_PATTERNS).join(', ')}`;
}

interface ParsedToken {
  pattern: string;
  field: string | null;
  type: FieldType;
}

function parseToken(token: GrokToken): ParsedToken {
  const m = TOKEN_BODY.exec(token.body);
  if (!m) throw new PatternError(`%{${token.body.slice(0, 64)}} is not %{PATTERN}, %{PATTERN:field} or %{PATTERN:field:int|float}`, token.start);
  const name = m[1] as string;
  if (!Object.hasOwn(GROK_PATTERNS, name)) throw new PatternError(`unknown grok pattern %{${name}} (${suggest(name)})`, token.start);
  const field = m[2] ?? null;
  if (field !== null) checkFieldName(field, token.start);
  const type = m[3] ?? 'string';
  if (type !== 'int' && type !== 'float' && type !== 'string') throw new PatternError(`%{${name}:${field}:${type}}: the type must be int or float`, token.start);
  if (type !== 'string' && field === null) throw new PatternError('a type needs a field name: %{PATTERN:field:int}', token.start);
  return { pattern: name, field, type };
}

/** Grok text → JS regex source and the captured fields with their types. Throws PatternError. */
export function compileGrok(text: string): { source: string; fields: Map<string, FieldType> } {
  const fields = new Map<string, FieldType>();
  const { tokens } = scanPattern(text, {
    grok: {
      unbounded(token) {
        const name = TOKEN_BODY.exec(token.body)?.[1];
        // An unknown name is reported below with its position; count it as risky meanwhile.
        return name === undefined ? true : (UNBOUNDED.get(name) ?? true);
      },
    },
    onGroupName(name, position) {
      checkFieldName(name, position);
      if (fields.has(name)) throw new PatternError(`the field "${name}" is captured twice`, position);
      fields.set(name, 'string');
    },
  });
  let source = '';
  let at = 0;
  for (const token of tokens) {
    const t = parseToken(token);
    source += text.slice(at, token.start);
    const body = GROK_PATTERNS[t.pattern] as string;
    if (t.field === null) source += `(?:${body})`;
    else {
      if (fields.has(t.field)) throw new PatternError(`the field "${t.field}" is captured twice`, token.start);
      fields.set(t.field, t.type);
      source += `(?<${t.field}>${body})`;
    }
    at = token.end;
  }
  source += text.slice(at);
  return { source, fields };
}
