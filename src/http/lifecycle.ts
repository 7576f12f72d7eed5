import type { Core } from '../core/core';
import { ApiError } from '../shared/api/errors';

export type LifecycleState = 'starting' | 'ready' | 'closing' | 'failed';

/**
 * The HTTP server listens before the database is open (so /readyz can say "not yet") and keeps
 * answering while it shuts down (so in-flight requests finish). Everything that needs the core
 * asks this object, which answers 503 + Retry-After while there is none.
 */
export class Lifecycle {
  state: LifecycleState = 'starting';
  core: Core | null = null;
  failure: string | null = null;

  ready(core: Core): void {
    this.core = core;
    this.state = 'ready';
  }

  fail(message: string): void {
    this.state = 'failed';
    this.failure = message;
  }

  closing(): void {
    this.state = 'closing';
  }

  /** The core, or a 503 that tells the client when to come back. */
  requireCore(): Core {
    if (this.state === 'ready' && this.core) return this.core;
    throw this.unavailable();
  }

  unavailable(): ApiError {
    switch (this.state) {
      case 'closing': {
        const e = new ApiError('unavailable', 'station is shutting down; retry against it when it is back', 5);
        e.reason = 'closing';
        return e;
      }
      case 'failed':
        return new ApiError('unavailable', `station could not open its database: ${this.failure ?? 'unknown error'}`, 30);
      default:
        return new ApiError('unavailable', 'station is starting: the database is not open yet', 1);
    }
  }
}
