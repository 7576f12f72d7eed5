import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const STATION_ENTRY = fileURLToPath(new URL('../../out/main/station.js', import.meta.url));

export interface StationProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The built station (`npm run build`) as its own process, as operators run it. */
export function spawnStation(args: string[], env: NodeJS.ProcessEnv = {}): Promise<StationProcess> {
  if (!existsSync(STATION_ENTRY)) throw new Error(`${STATION_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
  // `--syslog-port 0` first: parallel stations must not contend for 5514 (a later flag in args wins).
  const child = spawn(process.execPath, [STATION_ENTRY, '--log-level', 'warn', '--syslog-port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`station did not become ready:\n${out}`)), 20_000);
    const onData = () => {
      const m = /OBSERVATORY_READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ child, url: m[1] as string, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      if (!/OBSERVATORY_READY/.test(out)) reject(Object.assign(new Error(`station exited before ready:\n${out}`), { output: out }));
    });
  });
}
