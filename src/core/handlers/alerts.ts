import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { ALERT_STATUSES, type AlertStatus } from '../../shared/api/schemas/alerts';
import { ruleKind } from '../alerts/kinds';
import { parseDuration } from '../query/time';
import type { HandlerContext } from './context';

const OPEN: AlertStatus[] = ['pending', 'firing', 'acknowledged'];

function parseStatuses(text: string | undefined): AlertStatus[] {
  if (!text || text === 'open') return OPEN;
  if (text === 'all') return [...ALERT_STATUSES];
  return text.split(',').map((s) => {
    const v = s.trim() as AlertStatus;
    if (!ALERT_STATUSES.includes(v)) throw new ApiError('bad_request', `status: "${s.slice(0, 20)}" is not one of ${ALERT_STATUSES.join(', ')}, open, all`);
    return v;
  });
}

export function alertHandlers(ctx: HandlerContext): Pick<Api, 'alerts.createRule' | 'alerts.listRules' | 'alerts.active' | 'alerts.acknowledge'> {
  const { alerts } = ctx.repos;
  return {
    async 'alerts.createRule'(input) {
      ruleKind(input.kind).validate(input.condition);
      const window_ms = parseDuration(input.window ?? '5m', 'window');
      const for_ms = parseDuration(input.for ?? '0s', 'for');
      if (window_ms < 1000) throw new ApiError('bad_request', 'window: at least 1s');
      if (alerts.ruleNameTaken(input.rule_name)) throw new ApiError('conflict', `rule_name: a rule named "${input.rule_name}" exists`);
      const now = ctx.now();
      const rule = alerts.createRule({
        rule_name: input.rule_name,
        kind: input.kind,
        condition: input.condition,
        operator: input.operator ?? '>',
        threshold: input.threshold,
        window_ms,
        for_ms,
        severity: input.severity,
        is_active: input.is_active ?? true,
        notification_channels: input.notification_channels ?? ['desktop', 'in_app'],
        labels: input.labels ?? {},
        description: input.description ?? null,
        created_at: now,
        updated_at: now,
      });
      // Judge the new rule against the data already stored rather than waiting a whole interval.
      if (rule.is_active) ctx.engine.evaluate(rule, now);
      return rule;
    },

    async 'alerts.listRules'() {
      return { items: alerts.listRules() };
    },

    async 'alerts.active'(input) {
      return { items: alerts.list(parseStatuses(input.status), input.limit ?? 200) };
    },

    async 'alerts.acknowledge'(input) {
      const existing = alerts.getAlert(input.id);
      if (!existing) throw new ApiError('not_found', `alert ${input.id} does not exist`);
      const alert = alerts.acknowledge(input.id, input.by, input.comment ?? null, ctx.now());
      if (!alert) throw new ApiError('conflict', `alert ${input.id} is ${existing.status}; only pending or firing alerts can be acknowledged`);
      ctx.events.emit({ type: 'alert.updated', alert });
      return alert;
    },
  };
}
