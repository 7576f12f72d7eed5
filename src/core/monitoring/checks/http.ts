import type { CheckKind } from './types';

/** HTTP(S) GET; 2xx/3xx is up. The timeout aborts a hanging target without delaying others. */
export const httpCheck: CheckKind = {
  kind: 'http',
  async check(url, timeoutMs) {
    const started = performance.now();
    try {
      const res = await fetch(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await res.body?.cancel();
      const latency = performance.now() - started;
      const up = res.status < 400;
      return { status: up ? 'up' : 'down', latency_ms: Math.round(latency * 10) / 10, error: up ? null : `HTTP ${res.status}` };
    } catch (e) {
      const name = (e as Error).name;
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      return { status: 'down', latency_ms: null, error: name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (cause ?? (e as Error).message).slice(0, 200) };
    }
  },
};
