/**
 * Command-line and environment options of the desktop app. Chromium ignores switches it does
 * not know, so ours can share argv with it.
 */
export const DEFAULT_PORT = 4318;
export const DEFAULT_HOST = '127.0.0.1';

export const DEFAULT_SYSLOG_PORT = 5514;

export interface LaunchOptions {
  port: number;
  /** Syslog over UDP and TCP; null when turned off with `--syslog-port off`. */
  syslogPort: number | null;
  /** Overrides the userData directory (and with it the database and the single-instance lock). */
  dataDir?: string;
}

/** Value of `--name=value` or `--name value`; the last occurrence wins, as in Chromium. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === `--${name}`) {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) value = next;
    } else if (arg.startsWith(`--${name}=`)) {
      value = arg.slice(name.length + 3);
    }
  }
  return value;
}

/** A TCP port 0–65535 (0 = ephemeral), or undefined when the text is not one. */
export function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,5}$/.test(raw.trim())) return undefined;
  const port = Number(raw.trim());
  return port <= 65535 ? port : undefined;
}

export function launchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  warn: (message: string) => void = () => {},
): LaunchOptions {
  const rawPort = flagValue(argv, 'port') ?? env.OBSERVATORY_PORT;
  let port = parsePort(rawPort);
  if (port === undefined) {
    if (rawPort !== undefined) warn(`ignoring invalid port ${JSON.stringify(rawPort)}; using ${DEFAULT_PORT}`);
    port = DEFAULT_PORT;
  }
  // --user-data-dir is Chromium's own switch; honouring it explicitly keeps e2e runs isolated
  // whichever way the Electron build treats it.
  const dataDir = flagValue(argv, 'data-dir') ?? flagValue(argv, 'user-data-dir') ?? env.OBSERVATORY_DATA_DIR;
  const rawSyslog = flagValue(argv, 'syslog-port') ?? env.OBSERVATORY_SYSLOG_PORT;
  const syslogOff = rawSyslog?.trim().toLowerCase() === 'off';
  if (rawSyslog !== undefined && !syslogOff && parsePort(rawSyslog) === undefined) {
    warn(`ignoring invalid syslog port ${JSON.stringify(rawSyslog)}; using ${DEFAULT_SYSLOG_PORT}`);
  }
  const syslogPort = syslogOff ? null : (parsePort(rawSyslog) ?? DEFAULT_SYSLOG_PORT);
  return dataDir ? { port, syslogPort, dataDir } : { port, syslogPort };
}
