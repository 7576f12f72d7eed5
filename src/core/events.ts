import type { AppEvent } from '../shared/api/events';

export type EventListener = (event: AppEvent) => void;

/** The core's in-process event bus; transports forward it (SSE, IPC, native notifications). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A broken subscriber (a closed SSE socket, a destroyed window) must not stop the others.
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
