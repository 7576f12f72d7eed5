import type { Api } from '../../shared/api/contract';
import type { Spacecraft } from '../../shared/api/schemas/fleet';
import { ApiError } from '../../shared/api/errors';
import { spacecraftHealth } from '../monitoring/spacecraft-health';
import { parseDuration } from '../query/time';
import type { HandlerContext } from './context';

const HOUR = 3_600_000;

export function fleetHandlers(ctx: HandlerContext): Pick<Api, 'spacecraft.health' | 'monitoring.createEndpoint' | 'monitoring.listEndpoints'> {
  const { spacecraft, logs, alerts, endpoints } = ctx.repos;
  return {
    async 'spacecraft.health'() {
      const now = ctx.now();
      const activity = new Map(logs.spacecraftActivity(now - HOUR, now).map((a) => [a.spacecraft_id, a]));
      const open = alerts.openBySpacecraft();
      const down = endpoints.downBySpacecraft();
      const items: Spacecraft[] = spacecraft.list().map((s) => {
        const a = activity.get(s.id);
        const al = open.get(s.id);
        const h = spacecraftHealth({
          now,
          lastContact: s.last_contact,
          lines1h: a?.count ?? 0,
          errors1h: a?.errors ?? 0,
          criticalAlerts: al?.critical ?? 0,
          warningAlerts: al?.warning ?? 0,
          endpointsDown: down.get(s.id) ?? 0,
        });
        if (h.status !== s.status || h.score !== s.health_score) spacecraft.saveHealth(s.id, h.status, h.score);
        return {
          id: s.id,
          name: s.name,
          status: h.status,
          last_contact: s.last_contact,
          location: s.location,
          mission_type: s.mission_type,
          health_score: h.score,
          errors_1h: a?.errors ?? 0,
          lines_1h: a?.count ?? 0,
          active_alerts: al?.total ?? 0,
        };
      });
      return { items };
    },

    async 'monitoring.createEndpoint'(input) {
      const now = ctx.now();
      let url: URL;
      try {
        url = new URL(input.endpoint_url);
      } catch {
        throw new ApiError('bad_request', `endpoint_url: "${input.endpoint_url.slice(0, 100)}" is not a valid URL`);
      }
      const kind = input.kind ?? (url.protocol === 'tcp:' ? 'tcp' : 'http');
      if ((kind === 'tcp') !== (url.protocol === 'tcp:')) {
        throw new ApiError('bad_request', `endpoint_url: a ${kind} endpoint needs a ${kind === 'tcp' ? 'tcp://host:port' : 'http(s)://'} URL`);
      }
      const check_interval = parseDuration(input.check_interval ?? '30s', 'check_interval');
      const timeout = parseDuration(input.timeout ?? '5s', 'timeout');
      if (check_interval < 1000) throw new ApiError('bad_request', 'check_interval: at least 1s');
      if (timeout < 100 || timeout > 60_000) throw new ApiError('bad_request', 'timeout: between 100ms and 60s');
      if (input.spacecraft_id) spacecraft.ensure(input.spacecraft_id, now);
      const endpoint = endpoints.create({
        name: input.name ?? url.host,
        kind,
        endpoint_url: input.endpoint_url,
        spacecraft_id: input.spacecraft_id ?? null,
        check_interval,
        timeout,
        created_at: now,
      });
      ctx.scheduler.added(endpoint);
      return endpoint;
    },

    async 'monitoring.listEndpoints'() {
      return { items: endpoints.list() };
    },
  };
}
