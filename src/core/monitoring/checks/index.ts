import { httpCheck } from './http';
import { tcpCheck } from './tcp';
import type { CheckKind } from './types';

export const checkKinds: ReadonlyMap<string, CheckKind> = (() => {
  const map = new Map<string, CheckKind>();
  for (const k of [httpCheck, tcpCheck]) {
    if (map.has(k.kind)) throw new Error(`duplicate check kind ${k.kind}`);
    map.set(k.kind, k);
  }
  return map;
})();
