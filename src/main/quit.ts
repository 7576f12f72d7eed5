import { app } from 'electron';
import { log } from './log';

/** Long enough for the batch writer to commit and SQLite to checkpoint; short enough not to hang logout. */
export const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Holds the first quit until `shutdown` (closing the embedded server and its database) has
 * finished or timed out, then quits for real. Electron does not await async `before-quit`
 * listeners, so the quit is cancelled and re-issued once the work is done.
 */
export function installGracefulQuit(
  shutdown: () => Promise<void> | undefined,
  timeoutMs: number = SHUTDOWN_TIMEOUT_MS,
): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') return;
    state = 'closing';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        log.warn(`shutdown took longer than ${timeoutMs} ms; quitting anyway`);
        resolve();
      }, timeoutMs);
    });
    Promise.race([Promise.resolve().then(shutdown), timeout])
      .catch((err: unknown) => log.error('closing the station failed', err))
      .finally(() => {
        clearTimeout(timer);
        state = 'closed';
        app.quit();
      });
  });
}
