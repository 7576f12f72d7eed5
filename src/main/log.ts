/**
 * Main-process log lines go to stdout/stderr: the packaged app's launcher, `electron-vite dev`
 * and Playwright all capture those, and the main process must not depend on the core's logger.
 */
const PREFIX = '[observatory]';

export const log = {
  info: (message: string): void => console.log(`${PREFIX} ${message}`),
  warn: (message: string): void => console.warn(`${PREFIX} ${message}`),
  error: (message: string, err?: unknown): void => {
    if (err === undefined) console.error(`${PREFIX} ${message}`);
    else console.error(`${PREFIX} ${message}`, err);
  },
};
