import type { AppEvent } from './events';
import type { Result } from './errors';

/** What the preload exposes as `window.mc`: one invoke channel and one event stream. */
export interface Bridge {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: AppEvent) => void): () => void;
}

/** IPC channel names, shared by preload and main. */
export const IPC_INVOKE = 'mc:invoke';
export const IPC_EVENT = 'mc:event';
