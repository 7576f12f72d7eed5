import type { Bridge } from '../../shared/api/bridge';

declare global {
  interface Window {
    /** Present only inside the desktop window (set by the preload); absent in a browser. */
    mc?: Bridge;
  }
}

export {};
