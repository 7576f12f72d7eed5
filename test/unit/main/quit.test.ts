import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ app: { on: vi.fn(), quit: vi.fn() } }));
vi.mock('electron', () => electron);

import { installGracefulQuit } from '../../../src/main/quit';

function beforeQuit(): (event: { preventDefault(): void }) => void {
  const call = electron.app.on.mock.calls.find(([name]) => name === 'before-quit');
  if (!call) throw new Error('no before-quit listener');
  return call[1] as (event: { preventDefault(): void }) => void;
}
const quitEvent = () => ({ preventDefault: vi.fn() });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => vi.clearAllMocks());

describe('installGracefulQuit', () => {
  it('holds the quit until the station has closed, then quits for real', async () => {
    let finish: () => void = () => {};
    const shutdown = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    installGracefulQuit(shutdown);
    const first = quitEvent();
    beforeQuit()(first);
    expect(first.preventDefault).toHaveBeenCalled();
    await settle();
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(electron.app.quit).not.toHaveBeenCalled();

    const impatient = quitEvent();
    beforeQuit()(impatient);
    expect(impatient.preventDefault).toHaveBeenCalled();
    expect(shutdown).toHaveBeenCalledTimes(1);

    finish();
    await settle();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    const final = quitEvent();
    beforeQuit()(final);
    expect(final.preventDefault).not.toHaveBeenCalled();
  });

  it('quits anyway when closing fails or hangs', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    installGracefulQuit(() => Promise.reject(new Error('disk gone')));
    beforeQuit()(quitEvent());
    await settle();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);

    vi.clearAllMocks();
    installGracefulQuit(() => new Promise<void>(() => {}), 5);
    beforeQuit()(quitEvent());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });

  it('quits at once when there is no station yet', async () => {
    installGracefulQuit(() => undefined);
    beforeQuit()(quitEvent());
    await settle();
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
  });
});
