import type { Result } from '../../../shared/api/errors';
import type { AppEvent } from '../../../shared/api/events';
import type { MethodName } from '../../../shared/api/contract';

/**
 * The one seam between the console and a station. Everything above it (client, stores, pages)
 * is the same whether the window talks IPC to its own main process or HTTP to a remote station.
 */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

export type TransportKind = 'ipc' | 'http' | 'memory';
