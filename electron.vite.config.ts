import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/**
 * Dev server only: React's refresh preamble is an inline script and HMR talks over ws:, both of
 * which the production CSP (no inline scripts, connect-src 'self') rightly refuses.
 */
const devCsp: Plugin = {
  name: 'observatory-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
};

/**
 * One build for everything: `out/main` holds the Electron main process *and* the headless
 * station entry (plain Node, never imports electron), `out/preload` the sandboxed bridge
 * (CommonJS, as sandboxed preloads must be), `out/renderer` the React console that both the
 * desktop window and the station's web console serve.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          station: resolve(__dirname, 'src/station/cli.ts'),
          forwarder: resolve(__dirname, 'src/forwarder/cli.ts'),
          // The demo fleet simulator (`npm run demo`, `--demo`): a client of the station's HTTP API.
          demo: resolve(__dirname, 'src/demo/cli.ts'),
          // The ingest writer thread, loaded by src/core/ingest/threaded-writer.ts.
          'ingest-writer': resolve(__dirname, 'src/core/ingest/writer-thread.ts'),
          // The log query threads, loaded by src/core/query/worker/index.ts.
          'query-worker': resolve(__dirname, 'src/core/query/worker/query-thread.ts'),
          // The alert backtest threads, loaded by src/core/alerts/backtest.ts.
          'backtest-worker': resolve(__dirname, 'src/core/alerts/backtest-thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react(), devCsp],
    build: {
      // The station serves these files over the network too: ship them minified.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      chunkSizeWarningLimit: 2000,
    },
  },
});
