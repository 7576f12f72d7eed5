/**
 * What a newcomer should find already set up when the demo fleet plays: a few alert rules that
 * the simulated faults trip (so the Alerts screen, the banner and notifications come alive) and
 * a telemetry dashboard. Created through the API like an operator's script; names already taken
 * (a second run against the same station) are left as the operator may have edited them.
 */
import type { AlertRuleInput } from '../shared/api/schemas/alerts';
import type { DashboardInput } from '../shared/api/schemas/dashboards';

export const DEMO_RULES: AlertRuleInput[] = [
  {
    rule_name: 'Battery over temperature',
    kind: 'metric_threshold',
    condition: 'max by (spacecraft) (thermal.battery_temp_c)',
    operator: '>',
    threshold: 35,
    clear_threshold: 32,
    for: '30s',
    severity: 'critical',
    labels: { subsystem: 'thermal' },
    annotations: { summary: 'Battery of {{ $labels.spacecraft }} at {{ $value }} °C (limit {{ $threshold }} °C)' },
    description: 'Heater or load fault: the battery degrades fast above its limit. Clears below 32 °C.',
    by: 'demo',
  },
  {
    rule_name: 'Safe mode entered',
    kind: 'log_match',
    condition: '"safe mode entered" level>=critical',
    operator: '>=',
    threshold: 1,
    window: '10m',
    severity: 'critical',
    latching: true,
    labels: { subsystem: 'fdir' },
    description: 'The on-board fault protection took over; stays visible until acknowledged.',
    by: 'demo',
  },
  {
    rule_name: 'Reaction wheel friction',
    kind: 'log_match',
    condition: 'service:adcs friction',
    operator: '>=',
    threshold: 1,
    window: '5m',
    severity: 'warning',
    labels: { subsystem: 'adcs' },
    by: 'demo',
  },
  {
    rule_name: 'Spacecraft health low',
    kind: 'health_below',
    condition: '*',
    operator: '<',
    threshold: 60,
    for: '1m',
    severity: 'warning',
    by: 'demo',
  },
];

export const DEMO_DASHBOARD: DashboardInput = {
  name: 'Fleet telemetry',
  description: 'Power, thermal, attitude and downlink of every spacecraft (the demo fleet).',
  panels: [
    { id: 'bus', title: 'Bus voltage', queries: ['power.bus_voltage'], chart: 'line', width: 6, height: 3, options: { unit: 'V', thresholds: [27] } },
    { id: 'battery', title: 'Battery temperature', queries: ['thermal.battery_temp_c'], chart: 'line', width: 6, height: 3, options: { unit: '°C', thresholds: [35] } },
    { id: 'soc', title: 'Battery charge', queries: ['power.battery_soc_pct'], chart: 'area', width: 4, height: 3, options: { unit: '%' } },
    { id: 'wheels', title: 'Wheel speed, fleet max', queries: ['max by (spacecraft) (adcs.wheel_speed_rpm)'], chart: 'line', width: 4, height: 3, options: { unit: 'rpm' } },
    { id: 'downlink', title: 'Downlink rate', queries: ['sum by (spacecraft) (comms.downlink_rate_kbps)'], chart: 'bar', width: 4, height: 3, options: { unit: 'kbit/s' } },
  ],
};
