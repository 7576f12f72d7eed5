/** `$.a.b[0].c` → the value there, or undefined. Only member and index steps: enough for health documents. */
export function jsonPathGet(doc: unknown, path: string): unknown {
  const steps = [...path.replace(/^\$/, '').matchAll(/\.?([A-Za-z0-9_-]+)|\[([0-9]+)\]/g)];
  let cur: unknown = doc;
  for (const m of steps) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = m[1] ?? Number(m[2]);
    // Members of objects, indexes of arrays: `$.list.0` is not an index.
    if ((typeof key === 'number') !== Array.isArray(cur)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}
