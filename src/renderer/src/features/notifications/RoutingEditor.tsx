import { useState } from 'react';
import { SEVERITIES } from '../../../../shared/api/schemas/alerts';
import type { Route, RoutingConfig } from '../../../../shared/api/schemas/notify';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { useNotificationsStore } from '../../stores';
import { formatMatchers, newRoute, parseMatchers, removeRoute, splitList, treeOrder } from './routing-form';

function Checks({ options, value, onChange, testId }: { options: readonly string[]; value: string[]; onChange: (v: string[]) => void; testId?: string }) {
  return (
    <span className="notify-checks" data-testid={testId}>
      {options.map((o) => (
        <label key={o}>
          <input type="checkbox" checked={value.includes(o)} onChange={(e) => onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))} /> {o}
        </label>
      ))}
    </span>
  );
}

function RouteCard({ route, depth, channels, matchersText, onMatchers, onChange, onAddChild, onRemove }: {
  route: Route;
  depth: number;
  channels: string[];
  matchersText: string;
  onMatchers: (t: string) => void;
  onChange: (patch: Partial<Route>) => void;
  onAddChild: () => void;
  onRemove: (() => void) | null;
}) {
  const root = route.parent === null;
  return (
    <div className="notify-route" style={{ marginLeft: depth * 24 }} data-testid="route-card" data-route={route.id}>
      <div className="notify-route__head">
        <strong>{root ? 'Root (every alert)' : route.id}</strong>
        <span className="notify-route__tools">
          <button className="button button--link" type="button" data-testid="route-add-child" onClick={onAddChild}>
            Add child route
          </button>
          {onRemove ? (
            <button className="button button--link" type="button" onClick={onRemove}>
              Remove
            </button>
          ) : null}
        </span>
      </div>
      <div className="notify-route__grid">
        {root ? null : (
          <>
            <label>Match labels</label>
            <input className="input mono" data-testid="route-matchers" placeholder="spacecraft=sc-1, subsystem=~power|thermal" value={matchersText} onChange={(e) => onMatchers(e.target.value)} />
            <label>Severities</label>
            <Checks options={SEVERITIES} value={route.severities} onChange={(v) => onChange({ severities: v as Route['severities'] })} testId="route-severities" />
          </>
        )}
        <label>Send to</label>
        <Checks options={channels} value={route.receivers} onChange={(v) => onChange({ receivers: v })} testId="route-receivers" />
        <label>Group by</label>
        <input className="input mono" value={route.group_by.join(', ')} onChange={(e) => onChange({ group_by: splitList(e.target.value) })} />
        <label>Timing</label>
        <span className="notify-route__timing">
          wait <input className="input input--short" aria-label="group_wait" value={route.group_wait} onChange={(e) => onChange({ group_wait: e.target.value.trim() })} />
          interval <input className="input input--short" aria-label="group_interval" value={route.group_interval} onChange={(e) => onChange({ group_interval: e.target.value.trim() })} />
          repeat <input className="input input--short" aria-label="repeat_interval" value={route.repeat_interval} onChange={(e) => onChange({ repeat_interval: e.target.value.trim() })} />
          <label>
            <input type="checkbox" checked={route.send_resolved} onChange={(e) => onChange({ send_resolved: e.target.checked })} /> notify when resolved
          </label>
          {root ? null : (
            <label>
              <input type="checkbox" checked={route.continue} onChange={(e) => onChange({ continue: e.target.checked })} /> continue to next sibling
            </label>
          )}
        </span>
        <label>Escalation</label>
        <div className="notify-route__tiers">
          {route.escalation.map((tier, i) => (
            <div key={i} className="notify-tier" data-testid="route-tier">
              if unacknowledged after{' '}
              <input className="input input--short" aria-label="escalate after" value={tier.after} onChange={(e) => onChange({ escalation: route.escalation.map((t, j) => (j === i ? { ...t, after: e.target.value.trim() } : t)) })} />{' '}
              send to <Checks options={channels} value={tier.receivers} onChange={(v) => onChange({ escalation: route.escalation.map((t, j) => (j === i ? { ...t, receivers: v } : t)) })} />
              <button className="button button--link" type="button" onClick={() => onChange({ escalation: route.escalation.filter((_, j) => j !== i) })}>
                Remove tier
              </button>
            </div>
          ))}
          <button className="button button--link" type="button" data-testid="route-add-tier" onClick={() => onChange({ escalation: [...route.escalation, { after: '5m', receivers: [] }] })}>
            Add escalation tier
          </button>
        </div>
      </div>
    </div>
  );
}

/** The routing tree as a form: one card per route, children indented under their parent. */
export function RoutingEditor() {
  const saved = useNotificationsStore((s) => s.routing);
  // A new stored tree (saved here, or a channel renamed) starts a fresh draft.
  const savedAt = useNotificationsStore((s) => s.routingSavedAt);
  if (!saved) return null;
  return (
    <>
      <RoutingForm key={JSON.stringify(saved)} saved={saved} />
      {savedAt ? (
        <div className="notice" role="status" data-testid="routing-saved">
          Routing saved.
        </div>
      ) : null}
    </>
  );
}

function RoutingForm({ saved }: { saved: RoutingConfig }) {
  const channels = useNotificationsStore((s) => s.channels).map((c) => c.name);
  const [draft, setDraft] = useState<RoutingConfig>(saved);
  const [matchers, setMatchers] = useState<Record<string, string>>(() => Object.fromEntries(saved.routes.map((r) => [r.id, formatMatchers(r.matchers)])));
  const [error, setError] = useState<string | null>(null);
  const update = (id: string, patch: Partial<Route>) => setDraft({ ...draft, routes: draft.routes.map((r) => (r.id === id ? { ...r, ...patch } : r)) });

  const save = async () => {
    setError(null);
    try {
      const routes = draft.routes.map((r) => {
        try {
          return { ...r, matchers: r.parent === null ? [] : parseMatchers(matchers[r.id] ?? '') };
        } catch (e) {
          throw new Error(`route ${r.id}: ${(e as Error).message}`);
        }
      });
      await useNotificationsStore.getState().saveRouting({ ...draft, routes });
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="panel" data-testid="routing-panel">
      <div className="panel__head">
        <h2 className="panel__title">Routing tree</h2>
      </div>
      <p className="muted">
        An alert goes to the first child route whose labels and severity match (and on to the next while "continue" is ticked); the root takes what no child matches.
      </p>
      {treeOrder(draft.routes).map(({ route, depth }) => (
        <RouteCard
          key={route.id}
          route={route}
          depth={depth}
          channels={channels}
          matchersText={matchers[route.id] ?? ''}
          onMatchers={(t) => setMatchers({ ...matchers, [route.id]: t })}
          onChange={(patch) => update(route.id, patch)}
          onAddChild={() => setDraft({ ...draft, routes: [...draft.routes, newRoute(route.id, draft.routes)] })}
          onRemove={route.parent === null ? null : () => setDraft(removeRoute(draft, route.id))}
        />
      ))}
      <div className="notify-flood">
        <strong>Flood control:</strong> when more than{' '}
        <input className="input input--short" aria-label="flood max alerts" data-testid="flood-max" value={String(draft.flood.max_alerts)} onChange={(e) => setDraft({ ...draft, flood: { ...draft.flood, max_alerts: Number(e.target.value) || 0 } })} /> alerts fire within{' '}
        <input className="input input--short" aria-label="flood window" value={draft.flood.window} onChange={(e) => setDraft({ ...draft, flood: { ...draft.flood, window: e.target.value.trim() } })} />, send one summary instead (0 turns it off).
      </div>
      <InlineError message={error} testId="routing-error" />
      <div className="form__actions">
        <button className="button button--primary" type="button" data-testid="routing-save" onClick={() => void save()}>
          Save routing
        </button>
      </div>
    </div>
  );
}
