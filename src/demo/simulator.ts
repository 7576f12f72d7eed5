/**
 * Plays the demo fleet: every tick, each spacecraft's telemetry (bus voltage, battery charge and
 * temperature, wheel speeds, downlink rate, SNR) and the ground stations' antenna figures, plus
 * the log lines an operator would see (AOS/LOS, eclipse entry/exit, faults and recoveries).
 * Pure state machine: `tick(now)` returns records; sending them is the runner's job.
 */
import { GROUND_STATIONS, SPACECRAFT, type DemoSpacecraft } from './fleet';
import { seededRandom } from '../shared/random';

export interface DemoMetric {
  name: string;
  value: number;
  unit?: string;
  type: 'gauge' | 'counter';
  labels: Record<string, string>;
  timestamp: number;
}

export interface DemoLog {
  timestamp: number;
  level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL';
  service: string;
  message: string;
  spacecraft_id?: string;
  source: string;
  metadata?: Record<string, unknown>;
}

type Fault = 'battery-overheat' | 'wheel-friction' | 'safe-mode' | 'transponder-dropout';

interface CraftState {
  soc: number;
  batteryTemp: number;
  inEclipse: boolean;
  passStation: string | null;
  fault: { kind: Fault; until: number; wheel: number } | null;
  framesTotal: number;
  bytesDown: number;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

/** What a ground station's own health endpoint and exporter report (see ground-endpoints.ts). */
export interface GroundState {
  elevationDeg: number;
  rackTempC: number;
  maintenanceUntil: number;
  passes: number;
}

export class FleetSimulator {
  private readonly state = new Map<string, CraftState>();
  private readonly ground = new Map<string, GroundState>();
  private readonly random: () => number;

  constructor(
    private readonly opts: { seed?: number; faultRatePerHour?: number; epoch?: number } = {},
  ) {
    this.random = seededRandom(opts.seed ?? 42);
    for (const sc of SPACECRAFT) {
      this.state.set(sc.id, { soc: 80 + this.random() * 15, batteryTemp: 18 + this.random() * 4, inEclipse: false, passStation: null, fault: null, framesTotal: 0, bytesDown: 0 });
    }
    for (const gs of GROUND_STATIONS) this.ground.set(gs.id, { elevationDeg: 0, rackTempC: 24, maintenanceUntil: 0, passes: 0 });
  }

  /** A ground station's figures as of the last tick (its health endpoint and exporter serve them). */
  groundStation(id: string): GroundState | undefined {
    return this.ground.get(id);
  }

  get spacecraft(): readonly DemoSpacecraft[] {
    return SPACECRAFT;
  }

  private phase(sc: DemoSpacecraft, now: number): number {
    return (((now - (this.opts.epoch ?? 0)) % sc.periodMs) + sc.periodMs) % sc.periodMs / sc.periodMs;
  }

  /** One step of `dtMs`: the records to send. */
  tick(now: number, dtMs: number): { metrics: DemoMetric[]; logs: DemoLog[] } {
    const metrics: DemoMetric[] = [];
    const logs: DemoLog[] = [];
    const elevation = new Map<string, number>();
    const m = (name: string, value: number, labels: Record<string, string>, unit?: string, type: 'gauge' | 'counter' = 'gauge') =>
      metrics.push({ name, value: round(value), labels, timestamp: now, type, ...(unit ? { unit } : {}) });
    const log = (level: DemoLog['level'], service: string, message: string, spacecraft_id?: string, metadata?: Record<string, unknown>) =>
      logs.push({ timestamp: now, level, service, message, source: spacecraft_id ? `${spacecraft_id}/obc` : 'ground', ...(spacecraft_id ? { spacecraft_id } : {}), ...(metadata ? { metadata } : {}) });

    for (const sc of SPACECRAFT) {
      const s = this.state.get(sc.id) as CraftState;
      const phase = this.phase(sc, now);
      const labels = { spacecraft: sc.id };

      // Eclipse: the last fraction of each orbit.
      const inEclipse = phase >= 1 - sc.eclipseFraction;
      if (inEclipse !== s.inEclipse) {
        log('INFO', 'power', inEclipse ? 'eclipse entry: switching to battery' : 'eclipse exit: solar arrays charging', sc.id, { soc_pct: round(s.soc, 1) });
        s.inEclipse = inEclipse;
      }
      // Passes: the station in view, with an elevation arc over the pass.
      const pass = sc.passes.find((p) => {
        const into = (phase - p.phase + 1) % 1;
        return into < p.length;
      });
      const passStation = pass?.station ?? null;
      if (passStation !== s.passStation) {
        if (s.passStation) log('INFO', 'comms', `LOS ${s.passStation}: pass ended, ${s.framesTotal} frames received`, sc.id, { station: s.passStation });
        if (passStation) log('INFO', 'comms', `AOS ${passStation}: carrier lock, downlink started`, sc.id, { station: passStation });
        s.passStation = passStation;
      }

      // Faults start at random (about faultRatePerHour per spacecraft) and clear after a while.
      const faultRate = (this.opts.faultRatePerHour ?? 6) * (dtMs / 3_600_000);
      if (s.fault && now >= s.fault.until) {
        log('INFO', 'fdir', `${s.fault.kind} cleared, nominal operations resumed`, sc.id);
        s.fault = null;
      } else if (!s.fault && this.random() < faultRate) {
        const kinds: Fault[] = ['battery-overheat', 'wheel-friction', 'safe-mode', 'transponder-dropout'];
        const kind = kinds[Math.floor(this.random() * kinds.length)] as Fault;
        s.fault = { kind, until: now + 60_000 + this.random() * 120_000, wheel: 1 + Math.floor(this.random() * sc.wheels) };
        if (kind === 'safe-mode') log('CRITICAL', 'fdir', 'safe mode entered: attitude control lost, payload off', sc.id);
        else if (kind === 'battery-overheat') log('ERROR', 'thermal', 'battery temperature above limit, heater duty cut', sc.id);
        else if (kind === 'wheel-friction') log('ERROR', 'adcs', `reaction wheel ${s.fault.wheel} friction high, speed unstable`, sc.id, { wheel: s.fault.wheel });
        else log('WARN', 'comms', 'transponder dropout, retrying lock', sc.id);
      }
      const fault = s.fault?.kind ?? null;

      // Power: charge in sunlight, drain in eclipse; the bus sags as the battery drains.
      const dtH = dtMs / 3_600_000;
      s.soc = Math.max(20, Math.min(100, s.soc + (inEclipse ? -90 : 60) * dtH * (sc.periodMs < 10 * 60_000 ? 4 : 1)));
      const busVoltage = 26.5 + (s.soc / 100) * 2.2 + (inEclipse ? -0.4 : 0.2) + (this.random() - 0.5) * 0.08 - (fault === 'safe-mode' ? 0.8 : 0);
      const targetTemp = (inEclipse ? 12 : 22) + (fault === 'battery-overheat' ? 24 : 0);
      s.batteryTemp += (targetTemp - s.batteryTemp) * Math.min(1, dtMs / 30_000) + (this.random() - 0.5) * 0.2;
      m('power.bus_voltage', busVoltage, labels, 'V');
      m('power.battery_soc_pct', s.soc, labels, '%');
      m('power.solar_current_a', inEclipse ? 0 : 4.2 + (this.random() - 0.5) * 0.3, labels, 'A');
      m('thermal.battery_temp_c', s.batteryTemp, labels, 'Cel');
      for (let w = 1; w <= sc.wheels; w++) {
        const base = 2000 + 400 * Math.sin(2 * Math.PI * phase + w);
        const wobble = fault === 'wheel-friction' && s.fault?.wheel === w ? (this.random() - 0.5) * 1500 : (this.random() - 0.5) * 20;
        m('adcs.wheel_speed_rpm', fault === 'safe-mode' ? 0 : base + wobble, { ...labels, wheel: String(w) }, 'rpm');
      }
      // Downlink during a pass, with a rising and falling elevation.
      let downlink = 0;
      if (pass && fault !== 'transponder-dropout') {
        const into = ((phase - pass.phase + 1) % 1) / pass.length;
        const el = pass.length >= 1 ? 35 : Math.sin(Math.PI * into) * 80;
        elevation.set(pass.station, Math.max(elevation.get(pass.station) ?? 0, el));
        downlink = Math.max(0, 256 + el * 12 + (this.random() - 0.5) * 40);
        m('comms.signal_snr_db', 4 + el / 8 + (this.random() - 0.5), { ...labels, station: pass.station }, 'dB');
        const frames = Math.round((downlink * dtMs) / 8000);
        s.framesTotal += frames;
        s.bytesDown += Math.round((downlink * 1000 * dtMs) / 8000);
        if (this.random() < 0.25) log('DEBUG', 'comms', `frame batch received: ${frames} frames`, sc.id, { station: pass.station, frames });
      }
      m('comms.downlink_rate_kbps', downlink, labels, 'kbit/s');
      m('comms.bytes_downlinked_total', s.bytesDown, labels, 'By', 'counter');
      m('obc.mode', fault === 'safe-mode' ? 0 : 1, labels);
      if (this.random() < 0.25) log('INFO', 'obc', `housekeeping: bus ${round(busVoltage, 2)} V, battery ${round(s.batteryTemp, 1)} °C, soc ${round(s.soc, 0)} %`, sc.id);
      if (fault === 'battery-overheat' && this.random() < 0.2) log('WARN', 'thermal', `battery at ${round(s.batteryTemp, 1)} °C`, sc.id);
    }

    for (const gs of GROUND_STATIONS) {
      const g = this.ground.get(gs.id) as GroundState;
      // Now and then (about twice an hour) a station goes into maintenance for a minute or two.
      if (g.maintenanceUntil && now >= g.maintenanceUntil) {
        g.maintenanceUntil = 0;
        log('INFO', 'ground', `${gs.name}: maintenance over, back in service`, undefined, { station: gs.id });
      } else if (!g.maintenanceUntil && this.random() < 2 * (dtMs / 3_600_000)) {
        g.maintenanceUntil = now + 60_000 + this.random() * 60_000;
        log('WARN', 'ground', `${gs.name}: antenna stowed for maintenance`, undefined, { station: gs.id });
      }
      const el = g.maintenanceUntil ? 0 : (elevation.get(gs.id) ?? 0);
      if (el > 0 && g.elevationDeg === 0) g.passes++;
      g.elevationDeg = round(el);
      g.rackTempC = round(24 + (this.random() - 0.5) * 0.6);
      const labels = { station: gs.id };
      m('gs.antenna.elevation_deg', el, labels, 'deg');
      m('gs.receiver.lock', el > 0 ? 1 : 0, labels);
      m('gs.uplink.power_w', el > 0 ? 180 + (this.random() - 0.5) * 5 : 0, labels, 'W');
      m('gs.rack.temperature_c', g.rackTempC, labels, 'Cel');
      if (this.random() < 0.02) log('INFO', 'ground', `${gs.name}: antenna health check passed`, undefined, { station: gs.id });
    }
    return { metrics, logs };
  }
}
