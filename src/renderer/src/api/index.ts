/**
 * The console's single API entry. The transport is chosen once, here: inside the desktop window
 * the preload provides `window.mc` (IPC); anywhere else we are a web page served by a station and
 * talk HTTP to our own origin. Nothing else in the renderer knows which one it got.
 */
import type { AppEvent } from '../../../shared/api/events';
import { createClient, type ApiClient } from './client';
import { createHttpTransport } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import { bridgeExport, fetchExport, type StartExport } from './log-export';
import type { Transport, TransportKind } from './transport';
import { readToken } from '../lib/storage';

function pickTransport(): { kind: TransportKind; transport: Transport } {
  const bridge = typeof window === 'undefined' ? undefined : window.mc;
  if (bridge) return { kind: 'ipc', transport: createIpcTransport(bridge) };
  return { kind: 'http', transport: createHttpTransport({ getToken: readToken }) };
}

const picked = pickTransport();

export const api: ApiClient = createClient(picked.transport);

/** Only the Settings page shows this, for support questions. */
export const transportKind: TransportKind = picked.kind;

/** Export to a file: the desktop's save dialog, or a download fetched with the station's token. */
export const startExport: StartExport = (() => {
  const bridge = typeof window === 'undefined' ? undefined : window.mc;
  return bridge ? bridgeExport(bridge) : fetchExport({ getToken: readToken });
})();

/**
 * A plain download link is enough (and streams to disk by itself) in a browser without a token;
 * read at click time, as a token saved in Settings applies without a reload.
 */
export const exportNeedsFetch = (): boolean => picked.kind !== 'http' || Boolean(readToken());

export function onAppEvent(listener: (event: AppEvent) => void): () => void {
  return picked.transport.subscribe(listener);
}

export type { ApiClient } from './client';
