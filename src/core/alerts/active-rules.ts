/**
 * The engine's view of the active rules, re-read only when they changed (reading and decoding
 * 1 000 rules costs ~20 ms; ingest-driven evaluation runs up to ten times a second), and of
 * which commits each rule's value could change with, worked out once per condition.
 */
import type { AlertRule } from '../../shared/api/schemas/alerts';
import type { AlertsRepo } from '../db/repos/alerts';
import { ruleKind } from './kinds';
import type { IngestInterest } from './kinds/ingest-interest';

const everyCommit: IngestInterest = () => true;

export class ActiveRules {
  private cache: { revision: string; rules: AlertRule[] } | null = null;
  private readonly interests = new Map<number, { key: string; interest: IngestInterest | null }>();

  constructor(private readonly repo: AlertsRepo) {}

  list(): AlertRule[] {
    const revision = this.repo.rules.activeRevision();
    if (this.cache?.revision !== revision) {
      const rules = this.repo.listRules(true);
      this.cache = { revision, rules };
      const ids = new Set(rules.map((r) => r.id));
      for (const id of this.interests.keys()) if (!ids.has(id)) this.interests.delete(id);
    }
    return this.cache.rules;
  }

  /** Which commits could change the rule's value; null: none (its kind is judged on its interval only). */
  interest(rule: AlertRule): IngestInterest | null {
    const key = `${rule.kind}\u0000${rule.condition}`;
    const cached = this.interests.get(rule.id);
    if (cached?.key === key) return cached.interest;
    const kind = ruleKind(rule.kind);
    const interest = !kind.evaluateOnIngest ? null : (kind.ingestInterest?.(rule) ?? everyCommit);
    this.interests.set(rule.id, { key, interest });
    return interest;
  }
}
