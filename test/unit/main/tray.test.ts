import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../src/shared/api/events';

const electron = vi.hoisted(() => {
  const trays: Array<{ setToolTip: ReturnType<typeof vi.fn> }> = [];
  class Tray {
    readonly setToolTip = vi.fn();
    readonly setContextMenu = vi.fn();
    readonly on = vi.fn();
    readonly destroy = vi.fn();
    readonly isDestroyed = () => false;
    constructor() {
      trays.push(this);
    }
  }
  const image = { isEmpty: vi.fn(() => false), resize: vi.fn(function (this: unknown) { return this; }) };
  return {
    trays,
    image,
    mod: {
      app: { setBadgeCount: vi.fn() },
      Menu: { buildFromTemplate: vi.fn((t: unknown) => t) },
      nativeImage: { createFromPath: vi.fn(() => image) },
      Tray,
    },
  };
});
vi.mock('electron', () => electron.mod);

import { createAlertTray, trayTooltip } from '../../../src/main/native/tray';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const noop = () => {};

beforeEach(() => {
  electron.trays.length = 0;
  vi.clearAllMocks();
});

describe('alert tray', () => {
  it('words the count for the operator', () => {
    expect(trayTooltip(0)).toBe('Observatory — no unacknowledged alerts');
    expect(trayTooltip(1)).toBe('Observatory — 1 unacknowledged alert');
    expect(trayTooltip(3)).toBe('Observatory — 3 unacknowledged alerts');
  });

  it('recounts on alert events and shows the count as tooltip and badge', async () => {
    let emit: (e: AppEvent) => void = noop;
    let count = 2;
    const countUnacknowledged = vi.fn(async () => count);
    createAlertTray({
      iconPath: '/icon.png',
      events: { on: (l) => ((emit = l), noop) },
      countUnacknowledged,
      onOpen: noop,
      onOpenAlerts: noop,
      onQuit: noop,
    });
    await settle();
    expect(electron.trays[0]!.setToolTip).toHaveBeenLastCalledWith(trayTooltip(2));
    expect(electron.mod.app.setBadgeCount).toHaveBeenLastCalledWith(2);

    count = 5;
    emit({ type: 'logs.ingested', count: 1, spacecraft_ids: [] });
    await settle();
    expect(countUnacknowledged).toHaveBeenCalledTimes(1);
    emit({ type: 'alert.updated', alert: {} as never });
    await settle();
    expect(electron.mod.app.setBadgeCount).toHaveBeenLastCalledWith(5);
  });

  it('runs without a tray when the icon is missing', () => {
    vi.spyOn(console, 'warn').mockImplementation(noop);
    electron.image.isEmpty.mockReturnValueOnce(true);
    const tray = createAlertTray({
      iconPath: '/missing.png',
      events: { on: () => noop },
      countUnacknowledged: async () => 0,
      onOpen: noop,
      onOpenAlerts: noop,
      onQuit: noop,
    });
    expect(tray).toBeUndefined();
    expect(electron.trays).toHaveLength(0);
  });
});
