import { userInfo } from 'node:os';
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import type { Core } from '../core';
import { startCoreHost, type CoreHost } from './core-host';
import { forwardEvents, registerIpc } from './ipc';
import { DEFAULT_HOST, launchOptions } from './launch-options';
import { log } from './log';
import { openAlertsScreen, watchAlertNotifications } from './native/notifications';
import { currentBindingEnv, resolveNativeBinding } from './native/sqlite-binding';
import { createAlertTray } from './native/tray';
import { installGracefulQuit } from './quit';
import { installSecurity } from './security';
import { appUrlOf, createMainWindow, devRendererUrl, type RendererTarget } from './window';

/**
 * Desktop lifecycle only: one instance, the embedded station, IPC, the window, native extras,
 * and a graceful close. Each concern lives in its own module.
 */

export const APP_NAME = 'Observatory';
export const APP_ID = 'space.observatory.console';

// This file is bundled to out/main/index.js; the preload and renderer builds sit next to it.
const outDir = join(import.meta.dirname, '..');
const projectRoot = join(outDir, '..');

function iconPath(): string {
  return app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(projectRoot, 'resources', 'icon.png');
}

function fatal(title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  log.error(`${title}: ${message}`, err);
  dialog.showErrorBox(title, message);
}

export function main(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): void {
  const opts = launchOptions(argv, env, log.warn);
  app.setName(APP_NAME);
  // Explicit, so dev and packaged builds (package name "observatory" vs product name) share one
  // data folder. Must precede the lock: the lock lives in userData, so isolated runs don't collide.
  app.setPath('userData', opts.dataDir ?? join(app.getPath('appData'), APP_NAME));
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

  if (!app.requestSingleInstanceLock()) {
    log.info('Observatory is already running; focusing that window instead');
    app.quit();
    return;
  }

  const target: RendererTarget = { rendererIndex: join(outDir, 'renderer', 'index.html') };
  const devUrl = devRendererUrl(app.isPackaged, env.ELECTRON_RENDERER_URL);
  if (devUrl) target.devUrl = devUrl;
  const appUrl = appUrlOf(target);

  let win: BrowserWindow | undefined;
  let host: CoreHost | undefined;
  const showWindow = (): BrowserWindow => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow({ preload: join(outDir, 'preload', 'index.cjs'), target, icon: iconPath() });
    } else {
      if (win.isMinimized()) win.restore();
      win.show();
      win.focus();
    }
    return win;
  };

  app.on('second-instance', () => showWindow());
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) showWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  installGracefulQuit(() => host?.close());

  app
    .whenReady()
    .then(() => {
      installSecurity(appUrl, devUrl ? { devOrigin: new URL(devUrl).origin } : {});
      const hosting = startCoreHost({
        port: opts.port,
        host: DEFAULT_HOST,
        dataDir: app.getPath('userData'),
        staticDir: join(outDir, 'renderer'),
        nativeBinding: resolveNativeBinding(currentBindingEnv(projectRoot)),
        syslogPort: opts.syslogPort,
      });
      // IPC and the window come up at once; calls made before the database is open wait for it.
      registerIpc({ appUrl, core: hosting.then((h) => h.ready) });
      showWindow();
      hosting.then(
        (h) => {
          host = h;
          h.ready.then(
            (core) => attachNative(core, showWindow),
            (err: unknown) => fatal('Observatory could not open its database', err),
          );
        },
        (err: unknown) => {
          fatal('Observatory could not start its station', err);
          app.quit();
        },
      );
    })
    .catch((err: unknown) => {
      fatal('Observatory failed to start', err);
      app.quit();
    });
}

/** Event forwarding, notifications and the tray all need a live core. */
function attachNative(core: Core, showWindow: () => BrowserWindow): void {
  forwardEvents(core.events);
  // Who acted, for the audit log: the desktop's logged-in user.
  const by = `desktop:${userInfo().username}`.slice(0, 100);
  watchAlertNotifications(core.events, (alertIds) => openAlertsScreen(showWindow(), alertIds), {
    acknowledge: async (ids) => {
      for (const id of ids) await core.api['alerts.acknowledge']({ id, by, comment: 'from the desktop notification' });
    },
    shelve: async (ids) => {
      for (const id of ids) await core.api['alerts.shelve']({ id, by, duration: '1h', comment: 'from the desktop notification' });
    },
  });
  createAlertTray({
    iconPath: iconPath(),
    events: core.events,
    // Firing, and latched alarms that cleared unacknowledged: both still wait for an operator.
    countUnacknowledged: async () => (await core.api['alerts.active']({ status: 'firing,cleared', limit: 1000 })).items.length,
    onOpen: () => showWindow(),
    onOpenAlerts: () => openAlertsScreen(showWindow()),
    onQuit: () => app.quit(),
  });
}

main();
