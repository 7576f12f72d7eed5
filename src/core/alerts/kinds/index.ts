import type { RuleKind } from '../../../shared/api/schemas/alerts';
import { absence } from './absence';
import { endpointDown } from './endpoint-down';
import { healthBelow } from './health-below';
import { logMatch } from './log-match';
import { metricThreshold } from './metric-threshold';
import { rateOfChange } from './rate-of-change';
import type { RuleKindModule } from './types';

const modules: RuleKindModule[] = [logMatch, metricThreshold, absence, endpointDown, healthBelow, rateOfChange];

export const ruleKinds: ReadonlyMap<RuleKind, RuleKindModule> = (() => {
  const map = new Map<RuleKind, RuleKindModule>();
  for (const m of modules) {
    if (map.has(m.kind)) throw new Error(`duplicate alert rule kind ${m.kind}`);
    map.set(m.kind, m);
  }
  return map;
})();

export function ruleKind(kind: RuleKind): RuleKindModule {
  const m = ruleKinds.get(kind);
  if (!m) throw new Error(`no module for alert rule kind ${kind}`);
  return m;
}
