import type { Api } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { Endpoint, EndpointConfig, EndpointInput, EndpointUpdateInput, Spacecraft, SpacecraftRegisterInput } from '../../shared/api/schemas/fleet';
import type { NewEndpoint } from '../db/repos/endpoints';
import type { SpacecraftFields } from '../db/repos/spacecraft';
import { checkKinds } from '../monitoring/checks';
import { FleetHealth } from '../monitoring/fleet-health';
import { parseDuration } from '../query/time';
import type { HandlerContext } from './context';

const DAY = 86_400_000;
const CONFIG_KEYS = ['method', 'expected_status', 'keyword', 'json_path', 'json_expected', 'cert_expiry_days', 'ignore_tls', 'job'] as const;

type FleetMethods =
  | 'spacecraft.health'
  | 'spacecraft.get'
  | 'spacecraft.register'
  | 'spacecraft.update'
  | 'monitoring.createEndpoint'
  | 'monitoring.listEndpoints'
  | 'monitoring.getEndpoint'
  | 'monitoring.updateEndpoint'
  | 'monitoring.deleteEndpoint'
  | 'monitoring.pauseEndpoint';

/** Settings as given, checked as a whole (URL, kind, durations, kind-specific fields). */
function endpointSettings(input: EndpointInput | Omit<EndpointUpdateInput, 'id'>, before: Endpoint | null): Omit<NewEndpoint, 'created_at'> {
  const endpointUrl = input.endpoint_url ?? before?.endpoint_url ?? '';
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    throw new ApiError('bad_request', `endpoint_url: "${endpointUrl.slice(0, 100)}" is not a valid URL`);
  }
  const kindName = input.kind ?? before?.kind ?? (url.protocol === 'tcp:' ? 'tcp' : 'http');
  const kind = checkKinds.get(kindName);
  if (!kind) throw new ApiError('bad_request', `kind: one of ${[...checkKinds.keys()].join(', ')}`);
  if (!kind.protocols.includes(url.protocol)) {
    throw new ApiError('bad_request', `endpoint_url: a ${kindName} endpoint needs a ${kind.protocols.map((p) => `${p}//`).join(' or ')} URL`);
  }
  const config: EndpointConfig = { ...(before?.kind === kindName ? before.config : {}) };
  for (const key of CONFIG_KEYS) {
    const value = (input as Record<string, unknown>)[key];
    // "Remove this setting" arrives as null — or, through HTTP's type coercion of null, as "",
    // false or 0, none of which is a meaningful setting (a false ignore_tls is the default).
    if (value === null || value === '' || value === false || value === 0) delete config[key];
    else if (value !== undefined) (config as Record<string, unknown>)[key] = value;
  }
  const problem = kind.validate(url, config);
  if (problem) throw new ApiError('bad_request', problem);
  const check_interval = input.check_interval !== undefined ? parseDuration(input.check_interval, 'check_interval') : (before?.check_interval ?? 30_000);
  const timeout = input.timeout !== undefined ? parseDuration(input.timeout, 'timeout') : (before?.timeout ?? 5_000);
  if (check_interval < 1000 || check_interval > DAY) throw new ApiError('bad_request', 'check_interval: between 1s and 1d');
  if (timeout < 100 || timeout > 60_000) throw new ApiError('bad_request', 'timeout: between 100ms and 60s');
  return {
    name: input.name ?? before?.name ?? url.host,
    kind: kindName,
    endpoint_url: endpointUrl,
    spacecraft_id: input.spacecraft_id !== undefined ? input.spacecraft_id : (before?.spacecraft_id ?? null),
    check_interval,
    timeout,
    retries: input.retries ?? before?.retries ?? 0,
    paused: input.paused ?? before?.paused ?? false,
    config,
  };
}

function spacecraftFields(input: SpacecraftRegisterInput): SpacecraftFields {
  // null clears a field; HTTP's type coercion may deliver that null as "".
  const clearable = (v: string | null | undefined) => (v === '' ? null : v);
  const f: SpacecraftFields = { name: input.name, mission_type: clearable(input.mission_type), location: clearable(input.location) };
  if (input.expected_contact_interval === null) f.expected_contact_interval = null;
  else if (input.expected_contact_interval !== undefined) {
    const ms = parseDuration(input.expected_contact_interval, 'expected_contact_interval');
    if (ms < 1000) throw new ApiError('bad_request', 'expected_contact_interval: at least 1s');
    f.expected_contact_interval = ms;
  }
  return f;
}

export function fleetHandlers(ctx: HandlerContext): Pick<Api, FleetMethods> {
  const { spacecraft, endpoints } = ctx.repos;
  const fleet = new FleetHealth(ctx.repos);

  const endpointOr404 = (id: number): Endpoint => {
    const e = endpoints.get(id);
    if (!e) throw new ApiError('not_found', `endpoint ${id} not found`);
    return e;
  };
  const scored = (id: string): Spacecraft => {
    const row = spacecraft.get(id);
    if (!row) throw new ApiError('not_found', `spacecraft ${id.slice(0, 100)} not found`);
    return fleet.score(ctx.now(), row)[0] as Spacecraft;
  };

  return {
    async 'spacecraft.health'() {
      return { items: fleet.score(ctx.now()) };
    },

    async 'spacecraft.get'(input) {
      const now = ctx.now();
      const sc = scored(input.id);
      const b = fleet.baselineFor(now).get(input.id);
      return { spacecraft: sc, endpoints: endpoints.listBySpacecraft(input.id), lines_baseline_24h: b?.count ?? 0, errors_baseline_24h: b?.errors ?? 0, computed_at: now };
    },

    async 'spacecraft.register'(input) {
      spacecraft.register(input.id, spacecraftFields(input), ctx.now());
      return scored(input.id);
    },

    async 'spacecraft.update'(input) {
      if (!spacecraft.update(input.id, spacecraftFields(input), ctx.now())) throw new ApiError('not_found', `spacecraft ${input.id.slice(0, 100)} not found`);
      return scored(input.id);
    },

    async 'monitoring.createEndpoint'(input) {
      const now = ctx.now();
      const settings = endpointSettings(input, null);
      if (settings.spacecraft_id) spacecraft.ensure(settings.spacecraft_id, now);
      const endpoint = endpoints.create({ ...settings, created_at: now });
      ctx.scheduler.added(endpoint);
      return endpoint;
    },

    async 'monitoring.listEndpoints'() {
      return { items: endpoints.list() };
    },

    async 'monitoring.getEndpoint'(input) {
      const endpoint = endpointOr404(input.id);
      const now = ctx.now();
      return {
        endpoint,
        uptime: { '24h': endpoints.uptime(input.id, now - DAY), '7d': endpoints.uptime(input.id, now - 7 * DAY), '30d': endpoints.uptime(input.id, now - 30 * DAY) },
        history: endpoints.history(input.id, input.limit ?? 200),
        state_changes: endpoints.stateChanges(input.id, 50),
      };
    },

    async 'monitoring.updateEndpoint'(input: EndpointUpdateInput) {
      const before = endpointOr404(input.id);
      const now = ctx.now();
      const { id, ...fields } = input;
      const settings = endpointSettings(fields, before);
      if (settings.spacecraft_id) spacecraft.ensure(settings.spacecraft_id, now);
      const after = endpoints.update(id, settings, now) as Endpoint;
      ctx.scheduler.updated(after);
      return after;
    },

    async 'monitoring.deleteEndpoint'(input) {
      const deleted = endpoints.delete(input.id);
      ctx.scheduler.removed(input.id);
      return { deleted };
    },

    async 'monitoring.pauseEndpoint'(input) {
      const before = endpointOr404(input.id);
      const paused = input.paused ?? true;
      const now = ctx.now();
      const after = endpoints.setPaused(input.id, paused, now) as Endpoint;
      ctx.scheduler.updated(after);
      if (before.paused !== paused) {
        ctx.events.emit({
          type: 'endpoint.state', endpoint_id: after.id, name: after.name, spacecraft_id: after.spacecraft_id,
          from: before.paused ? 'paused' : before.status, to: paused ? 'paused' : after.status, at: now, error: null,
        });
      }
      return after;
    },
  };
}
