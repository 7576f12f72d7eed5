import net from 'node:net';
import { roundMs, type CheckKind } from './types';

/** TCP connect to host:port; connected is up. */
export const tcpCheck: CheckKind = {
  kind: 'tcp',
  protocols: ['tcp:'],
  validate(_url, c) {
    const httpOnly = (['method', 'expected_status', 'keyword', 'json_path', 'json_expected', 'cert_expiry_days', 'ignore_tls', 'job'] as const).find((k) => c[k] !== undefined);
    return httpOnly ? `${httpOnly}: not for tcp endpoints` : null;
  },
  check(t) {
    const { hostname, port } = new URL(t.url);
    const started = performance.now();
    return new Promise((resolve) => {
      const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
      const done = (ok: boolean, error: string | null) => {
        socket.destroy();
        resolve({ ok, latency_ms: ok ? roundMs(performance.now() - started) : null, error });
      };
      socket.setTimeout(t.timeoutMs, () => done(false, `timed out after ${t.timeoutMs} ms`));
      socket.once('connect', () => done(true, null));
      socket.once('error', (e: NodeJS.ErrnoException) => done(false, e.code ?? e.message));
    });
  },
};
