import type { IpcMainInvokeEvent } from 'electron';
import { isAppUrl } from './security';

export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

function frameUrl(event: SenderEvent): string | undefined {
  try {
    return event.senderFrame?.url;
  } catch {
    // A frame disposed mid-call throws on access; treat it like a missing sender.
    return undefined;
  }
}

/** Every IPC channel answers only the app's own page (not an iframe, not a navigated-away frame). */
export function senderIsApp(event: SenderEvent, appUrl: string): boolean {
  const url = frameUrl(event);
  return url !== undefined && isAppUrl(url, appUrl);
}

export const FORBIDDEN = { ok: false, error: { code: 'forbidden', message: 'IPC is only answered for the app’s own page' } } as const;
