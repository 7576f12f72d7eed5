import { httpCheck } from './http';
import { prometheusCheck } from './prometheus';
import { tcpCheck } from './tcp';
import type { CheckKind } from './types';

/** Every monitored-endpoint kind, one module each; a second module with the same name is a bug. */
export const checkKinds: ReadonlyMap<string, CheckKind> = (() => {
  const map = new Map<string, CheckKind>();
  for (const k of [httpCheck, tcpCheck, prometheusCheck]) {
    if (map.has(k.kind)) throw new Error(`duplicate check kind ${k.kind}`);
    map.set(k.kind, k);
  }
  return map;
})();
