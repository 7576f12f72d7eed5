import { describe, expect, it } from 'vitest';
import { createClient } from '../../../../src/renderer/src/api/client';
import { createMemoryTransport } from '../../../../src/renderer/src/api/memory-transport';
import { createSystemStore } from '../../../../src/renderer/src/stores/system';
import { ApiError } from '../../../../src/shared/api/errors';

const info = {
  name: 'observatory',
  version: '0.1.0',
  started_at: 1,
  data_dir: '/data',
  db_path: '/data/observatory.db',
  schema_version: 3,
  synchronous: 'NORMAL',
  storage: { full: false, since: null, message: 'ok' },
};

describe('system store boot', () => {
  it('becomes ready once the station and every extra loader answered', async () => {
    const store = createSystemStore(createClient(createMemoryTransport({ 'system.info': async () => info })));
    expect(store.getState().appState).toBe('loading');
    await store.getState().boot([async () => null]);
    expect(store.getState()).toMatchObject({ appState: 'ready', info });
  });

  it('reports the error when the station is unreachable, and recovers on retry', async () => {
    let up = false;
    const store = createSystemStore(
      createClient(
        createMemoryTransport({
          'system.info': async () => {
            if (!up) throw new ApiError('unavailable', 'Cannot reach the Observatory station');
            return info;
          },
        }),
      ),
    );
    await store.getState().boot();
    expect(store.getState()).toMatchObject({
      appState: 'error',
      bootError: 'Cannot reach the Observatory station',
      bootErrorCode: 'unavailable',
    });
    up = true;
    await store.getState().boot();
    expect(store.getState().appState).toBe('ready');
  });

  it('is not ready when an extra step failed, and says why', async () => {
    const store = createSystemStore(createClient(createMemoryTransport({ 'system.info': async () => info })));
    await store.getState().boot([async () => ({ error: 'token refused', errorCode: 'unauthorized' })]);
    expect(store.getState()).toMatchObject({ appState: 'error', bootError: 'token refused', bootErrorCode: 'unauthorized' });
  });
});
