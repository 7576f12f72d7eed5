/** Small helpers for the forwarder's loops: waiting to be woken, and saying sizes and times. */

/** A promise-based doorbell: wait(ms) resolves on ring() or after ms. */
export class Doorbell {
  private waiter: (() => void) | null = null;
  private rung = false;

  ring(): void {
    if (this.waiter) this.waiter();
    else this.rung = true;
  }

  wait(ms: number): Promise<void> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(() => done(), ms) : undefined;
      const done = () => {
        clearTimeout(timer);
        this.waiter = null;
        resolve();
      };
      this.waiter = done;
    });
  }
}

/** "1 batch", "3 batches". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
