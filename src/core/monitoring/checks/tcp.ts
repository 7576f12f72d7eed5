import net from 'node:net';
import type { CheckKind } from './types';

/** TCP connect to host:port; connected is up. */
export const tcpCheck: CheckKind = {
  kind: 'tcp',
  check(url, timeoutMs) {
    const { hostname, port } = new URL(url);
    const started = performance.now();
    return new Promise((resolve) => {
      const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) });
      const done = (status: 'up' | 'down', error: string | null) => {
        socket.destroy();
        resolve({ status, latency_ms: status === 'up' ? Math.round((performance.now() - started) * 10) / 10 : null, error });
      };
      socket.setTimeout(timeoutMs, () => done('down', `timed out after ${timeoutMs} ms`));
      socket.once('connect', () => done('up', null));
      socket.once('error', (e: NodeJS.ErrnoException) => done('down', e.code ?? e.message));
    });
  },
};
