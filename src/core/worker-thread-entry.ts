/**
 * Starting one of the core's worker threads (the ingest writer, the log query threads) from
 * wherever the core runs: bundled, the thread's entry is a .js file beside the caller in out/main/
 * (or one folder up when the caller landed in a shared chunk under out/main/chunks/); from source
 * (tests, benches under tsx), the thread registers tsx and then loads the TypeScript entry.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * @param callerUrl the caller's `import.meta.url`
 * @param bundled the entry's bundled file name (an electron-vite `main` input, e.g. 'ingest-writer.js')
 * @param source the entry's TypeScript file relative to the caller (e.g. './writer-thread.ts')
 */
export function startWorkerThread(callerUrl: string, bundled: string, source: string, workerData: unknown): Worker {
  for (const candidate of [`./${bundled}`, `../${bundled}`]) {
    const js = new URL(candidate, callerUrl);
    if (existsSync(js)) return new Worker(js, { workerData });
  }
  const ts = new URL(source, callerUrl).href;
  const script = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(ts)}); });`;
  return new Worker(script, { eval: true, workerData });
}
