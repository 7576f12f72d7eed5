import { BrowserWindow, ipcMain } from 'electron';
import { dispatch, type Core } from '../core';
import { IPC_EVENT, IPC_INVOKE } from '../shared/api/bridge';
import type { Result } from '../shared/api/errors';
import type { AppEvent } from '../shared/api/events';
import { registerLogStreams } from './ipc-log-streams';
import { FORBIDDEN, senderIsApp, type SenderEvent } from './ipc-sender';

/**
 * The desktop transport: one allow-listed invoke channel and one event channel. It checks who is
 * calling and hands everything else to the core's generic dispatcher (which validates the input
 * against the contract and turns every failure into error data), so no business logic lives here.
 */

export interface IpcOptions {
  /** The app's own page; calls from any other frame are refused. */
  appUrl: string;
  /** The core, once its database is open. IPC calls made earlier wait for it. */
  core: Promise<Core>;
}

export async function handleInvoke(
  event: SenderEvent,
  method: unknown,
  input: unknown,
  opts: IpcOptions,
): Promise<Result<unknown>> {
  if (!senderIsApp(event, opts.appUrl)) return FORBIDDEN;
  let core: Core;
  try {
    core = await opts.core;
  } catch (err) {
    return { ok: false, error: { code: 'unavailable', message: err instanceof Error ? err.message : 'the station failed to start' } };
  }
  return dispatch(core.api, method, input);
}

export function registerIpc(opts: IpcOptions): () => void {
  // A failed start is reported to callers as `unavailable`; it is not an unhandled rejection.
  opts.core.catch(() => {});
  ipcMain.handle(IPC_INVOKE, (event, method: unknown, input: unknown) => handleInvoke(event, method, input, opts));
  const unregisterStreams = registerLogStreams(opts);
  return () => {
    ipcMain.removeHandler(IPC_INVOKE);
    unregisterStreams();
  };
}

/** Anything with the core event bus's subscribe shape. */
export interface EventSource {
  on(listener: (event: AppEvent) => void): () => void;
}

/** Pushes every core event to every open window; returns the unsubscribe. */
export function forwardEvents(events: EventSource): () => void {
  return events.on((event) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(IPC_EVENT, event);
    }
  });
}
