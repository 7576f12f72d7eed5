/**
 * Headless station entry (plain Node): `node out/main/station.js [options]`.
 * Prints where it listens, shuts down gracefully on SIGINT/SIGTERM (in-flight requests finish,
 * the database is checkpointed and closed), and exits within 10 s whatever happens.
 */
import { parseStationArgs, USAGE } from './options';
import { ConfigError, startServer, type RunningServer } from './server';

const SHUTDOWN_LIMIT_MS = 10_000;

async function main(): Promise<void> {
  let opts;
  try {
    opts = parseStationArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`observatory: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts === 'help') {
    console.log(USAGE);
    return;
  }

  let server: RunningServer;
  try {
    server = await startServer(opts);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof ConfigError) console.error(`observatory: ${err.message}`);
    else if (err.code === 'EADDRINUSE') console.error(`observatory: port ${opts.port} on ${opts.host} is in use; choose another with --port`);
    else console.error(`observatory: could not start: ${err.message}`);
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`observatory: ${signal} received, finishing in-flight requests and closing the database…`);
    const force = setTimeout(() => {
      console.error('observatory: shutdown took longer than 10 s, exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`observatory: error while closing: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    const core = await server.ready;
    const syslog = server.syslog;
    const syslogAt = syslog
      ? syslog.udpPort === syslog.tcpPort ? `syslog: udp+tcp ${syslog.udpPort}` : `syslog: udp ${syslog.udpPort}, tcp ${syslog.tcpPort}`
      : 'syslog: off';
    console.log(`observatory: station ready at ${server.url}  (data: ${core.dbPath})  ${syslogAt}`);
    if (opts.staticDir) console.log(`observatory: web console at ${server.url}/`);
    else console.log('observatory: web console not built (run `npm run build`); the API is available');
    // Lines machines can read (tests, the start script): the syslog ports, then the bound URL.
    if (syslog) console.log(`OBSERVATORY_SYSLOG udp=${syslog.udpPort} tcp=${syslog.tcpPort}`);
    console.log(`OBSERVATORY_READY ${server.url}`);
  } catch (e) {
    console.error(`observatory: ${(e as Error).message}`);
    await server.close().catch(() => undefined);
    process.exit(1);
  }
}

void main();
