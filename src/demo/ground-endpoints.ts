/**
 * The demo's ground stations answer like real ones: a JSON health document (503 during
 * maintenance) and a Prometheus exposition of their rack figures, on a loopback port. The demo
 * registers them as monitored endpoints, so the console shows HTTP checks, a Prometheus scrape
 * and station links from the first minute.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GROUND_STATIONS } from './fleet';
import type { FleetSimulator } from './simulator';

export interface GroundEndpoints {
  baseUrl: string;
  close(): Promise<void>;
}

export function startGroundEndpoints(sim: FleetSimulator, now: () => number = Date.now): Promise<GroundEndpoints> {
  const server: Server = createServer((req, res) => {
    const m = /^\/gs\/([a-z0-9-]+)\/(health|metrics)$/.exec(req.url ?? '');
    const g = m ? sim.groundStation(m[1] as string) : undefined;
    if (!m || !g) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const maintenance = g.maintenanceUntil > now();
    if (m[2] === 'health') {
      res.statusCode = maintenance ? 503 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: maintenance ? 'maintenance' : 'nominal', antenna: { elevation_deg: g.elevationDeg, tracking: g.elevationDeg > 0 } }));
      return;
    }
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(
      [
        '# HELP gs_rack_temperature_celsius Equipment rack temperature.',
        '# TYPE gs_rack_temperature_celsius gauge',
        `gs_rack_temperature_celsius{station="${m[1]}"} ${g.rackTempC}`,
        '# HELP gs_antenna_elevation_degrees Antenna elevation.',
        '# TYPE gs_antenna_elevation_degrees gauge',
        `gs_antenna_elevation_degrees{station="${m[1]}"} ${g.elevationDeg}`,
        '# HELP gs_passes_total Passes tracked since start.',
        '# TYPE gs_passes_total counter',
        `gs_passes_total{station="${m[1]}"} ${g.passes}`,
        '# TYPE gs_maintenance gauge',
        `gs_maintenance{station="${m[1]}"} ${maintenance ? 1 : 0}`,
        '',
      ].join('\n'),
    );
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** The endpoints the demo keeps registered: name → settings. */
export function demoEndpoints(baseUrl: string): { name: string; body: Record<string, unknown> }[] {
  const out: { name: string; body: Record<string, unknown> }[] = [];
  for (const gs of GROUND_STATIONS) {
    out.push({
      name: `${gs.name} link`,
      // Awarua tracks the geostationary Cassini-X all the time: its link is that spacecraft's.
      body: { endpoint_url: `${baseUrl}/gs/${gs.id}/health`, kind: 'http', json_path: '$.status', json_expected: 'nominal', check_interval: '10s', timeout: '3s', retries: 1, ...(gs.id === 'gs-awarua' ? { spacecraft_id: 'cassini-x' } : {}) },
    });
    out.push({ name: `${gs.name} exporter`, body: { endpoint_url: `${baseUrl}/gs/${gs.id}/metrics`, kind: 'prometheus', job: 'ground-station', check_interval: '15s', timeout: '3s' } });
  }
  return out;
}
