import { app, Menu, nativeImage, Tray } from 'electron';
import type { EventSource } from '../ipc';
import { log } from '../log';

/**
 * A tray icon whose tooltip (and the dock/launcher badge where the OS has one) shows how many
 * firing alerts nobody has acknowledged yet, so an operator sees trouble with the window hidden.
 */

export function trayTooltip(unacknowledged: number): string {
  if (unacknowledged === 0) return 'Observatory — no unacknowledged alerts';
  return `Observatory — ${unacknowledged} unacknowledged alert${unacknowledged === 1 ? '' : 's'}`;
}

export interface AlertTrayOptions {
  iconPath: string;
  events: EventSource;
  /** Asks the core; main keeps no alert state of its own. */
  countUnacknowledged: () => Promise<number>;
  onOpen: () => void;
  onOpenAlerts: () => void;
  onQuit: () => void;
}

export interface AlertTray {
  refresh(): Promise<void>;
  dispose(): void;
}

export function createAlertTray(opts: AlertTrayOptions): AlertTray | undefined {
  const image = nativeImage.createFromPath(opts.iconPath);
  if (image.isEmpty()) {
    log.warn(`no tray icon at ${opts.iconPath}; running without a tray`);
    return undefined;
  }
  const tray = new Tray(process.platform === 'linux' ? image : image.resize({ width: 16, height: 16 }));
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Observatory', click: opts.onOpen },
      { label: 'Show alerts', click: opts.onOpenAlerts },
      { type: 'separator' },
      { label: 'Quit', click: opts.onQuit },
    ]),
  );
  tray.on('click', opts.onOpen);

  // Counts can come back out of order when alerts change quickly; only the newest is shown.
  let generation = 0;
  const refresh = async () => {
    const mine = ++generation;
    try {
      const count = await opts.countUnacknowledged();
      if (mine !== generation || tray.isDestroyed()) return;
      tray.setToolTip(trayTooltip(count));
      app.setBadgeCount(count);
    } catch (err) {
      log.warn(`could not count unacknowledged alerts: ${String(err)}`);
    }
  };
  const unsubscribe = opts.events.on((event) => {
    if (event.type === 'alert.fired' || event.type === 'alert.updated') void refresh();
  });
  tray.setToolTip(trayTooltip(0));
  void refresh();

  return {
    refresh,
    dispose: () => {
      unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
