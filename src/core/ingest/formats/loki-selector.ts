/**
 * Stream labels as Loki's protobuf push sends them: one string in LogQL selector form,
 * {job="x", level='warn', path=`raw\text`}. Only `=` matchers (a pushed stream has exact
 * labels). Double- and single-quoted values take Go escapes (\n \" \\ \xHH \uHHHH \UHHHHHHHH
 * and octal \ooo); backquoted values are raw.
 */

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** Go-style escapes, as LogQL/PromQL quoted strings use them. */
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

export type LabelPairs = [string, string][];

export class SelectorError extends Error {}

/** `{a="x", b='y', c=`z`}` → pairs in order. Throws SelectorError saying where it went wrong. */
export function parseLabelSelector(text: string): LabelPairs {
  let i = 0;
  const fail = (what: string): never => {
    throw new SelectorError(`labels: ${what} at character ${i} of ${JSON.stringify(text.slice(0, 80))}`);
  };
  const space = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  const quoted = (): string => {
    const quote = text[i];
    if (quote !== '"' && quote !== "'" && quote !== '`') return fail('expected a quoted value');
    i++;
    if (quote === '`') {
      const end = text.indexOf('`', i);
      if (end < 0) return fail('unterminated `raw string`');
      const value = text.slice(i, end);
      i = end + 1;
      return value;
    }
    let value = '';
    while (i < text.length) {
      const c = text[i] as string;
      if (c === quote) {
        i++;
        return value;
      }
      if (c === '\n') return fail('newline inside a quoted value');
      if (c !== '\\') {
        value += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === undefined) break;
      if (SIMPLE_ESCAPES[e] !== undefined) {
        value += SIMPLE_ESCAPES[e];
        i += 2;
        continue;
      }
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hex) {
        const digits = text.slice(i + 2, i + 2 + hex);
        if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) return fail(`bad \\${e} escape`);
        const code = parseInt(digits, 16);
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return fail(`bad \\${e} escape`);
        value += e === 'x' ? String.fromCharCode(code) : String.fromCodePoint(code);
        i += 2 + hex;
        continue;
      }
      const octal = text.slice(i + 1, i + 4);
      if (/^[0-7]{3}$/.test(octal) && parseInt(octal, 8) < 256) {
        value += String.fromCharCode(parseInt(octal, 8));
        i += 4;
        continue;
      }
      return fail(`unknown escape \\${e}`);
    }
    return fail('unterminated quoted value');
  };

  const pairs: LabelPairs = [];
  space();
  if (text[i] !== '{') fail('expected {');
  i++;
  space();
  if (text[i] === '}') i++;
  else {
    for (;;) {
      space();
      NAME.lastIndex = i;
      const m = NAME.exec(text);
      if (!m) fail('expected a label name');
      const name = (m as RegExpExecArray)[0];
      i += name.length;
      space();
      if (text[i] !== '=' || text[i + 1] === '~') fail(`expected = after ${name} (only equality matchers describe a stream)`);
      i++;
      space();
      pairs.push([name, quoted()]);
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === '}') {
          i++;
          break;
        }
        continue;
      }
      if (text[i] === '}') {
        i++;
        break;
      }
      fail('expected , or }');
    }
  }
  space();
  if (i !== text.length) fail('unexpected text after }');
  return pairs;
}
