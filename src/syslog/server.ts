/**
 * The syslog listener: UDP (one message per datagram) and TCP (RFC 6587, LF or octet-counted
 * framing per frame) on one port number, feeding the core's ingest service in small batches.
 * Plain Node: the station hosts it; it never imports electron. Policies (framing, malformed and
 * oversize frames, back-pressure, 503 retries, shutdown) are described in ./README.md.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import type { LogRecord } from '../core/db/repos/logs';
import { parseSyslog } from '../core/ingest/formats/syslog';
import type { SyslogTimeZone } from '../core/ingest/formats/syslog-time';
import type { IngestService } from '../core/ingest/index';
import { SyslogFramer } from './framing';
import { DEFAULT_RETRY, LineQueue, type DropReason, type RetryPolicy } from './line-queue';

export interface SyslogLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export interface SyslogOptions {
  host: string;
  /** Both protocols' port; 0 = a free port for each (they may differ). */
  port: number;
  ingest: Pick<IngestService, 'submit'>;
  logger?: SyslogLogger | undefined;
  /** Zone of RFC 3164 stamps, which carry none (default UTC). */
  timeZone?: SyslogTimeZone | undefined;
  /** Larger frames are cut to this many bytes and counted (default 64 KiB). */
  maxFrameBytes?: number;
  /** Lines per ingest batch (default 1000). */
  maxBatch?: number;
  /** A TCP connection is paused while this many of its lines are pending (default 2000). */
  tcpHighWater?: number;
  /** UDP datagrams arriving while this many lines are pending are dropped and counted (default 10000). */
  udpMaxPending?: number;
  /** TCP connections beyond this are closed as soon as they are accepted (default 256). */
  maxConnections?: number;
  retry?: Partial<RetryPolicy>;
  /** How long close() waits for pending lines to commit (default 5 s). */
  closeTimeoutMs?: number;
}

export interface SyslogStats {
  udpDatagrams: number;
  tcpConnections: number;
  tcpOpen: number;
  tcpFrames: number;
  /** Lines committed to the store. */
  stored: number;
  /** Frames that were not well-formed, stored as-is with `metadata.parse_error`. */
  malformed: number;
  /** Blank frames, skipped. */
  empty: number;
  /** Frames cut at the size limit (stored with `metadata.truncated`). */
  oversize: number;
  /** UDP datagrams dropped because too many lines were pending. */
  udpDropped: number;
  /** Batches retried after the store answered "unavailable". */
  storageRetries: number;
  /** Lines given up: the store stayed unavailable past the retry budget, failed otherwise, or the listener closed. */
  dropped: number;
  /** Times a TCP connection was paused for back-pressure. */
  tcpPauses: number;
  /** Lines read and not yet committed, now. */
  pending: number;
  /** Highest `pending` seen on one TCP connection, and on the UDP socket. */
  maxPendingTcp: number;
  maxPendingUdp: number;
}

export interface SyslogListener {
  readonly udpPort: number;
  readonly tcpPort: number;
  stats(): SyslogStats;
  close(): Promise<void>;
}

export async function startSyslog(opts: SyslogOptions): Promise<SyslogListener> {
  // "localhost" could resolve to ::1 for TCP and 127.0.0.1 for UDP: pin both to one address.
  const bare = opts.host.replace(/^\[|\]$/g, '');
  const host = bare === 'localhost' ? '127.0.0.1' : bare;
  const log = opts.logger;
  const maxFrame = opts.maxFrameBytes ?? 65_536;
  const maxBatch = opts.maxBatch ?? 1000;
  const highWater = opts.tcpHighWater ?? 2000;
  const udpMaxPending = opts.udpMaxPending ?? 10_000;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const counts = {
    udpDatagrams: 0, tcpConnections: 0, tcpFrames: 0, stored: 0, malformed: 0, empty: 0, oversize: 0, udpDropped: 0,
    storageRetries: 0, dropped: 0, tcpPauses: 0, maxPendingTcp: 0, maxPendingUdp: 0,
  };
  const queues = new Set<LineQueue>();
  const sockets = new Set<net.Socket>();
  let closing = false;

  function parse(frame: Buffer, cut: boolean, peer: string | null, receivedAt: number): LogRecord | null {
    const text = frame.toString('utf8');
    if (text.trim() === '') {
      counts.empty++;
      return null;
    }
    const r = parseSyslog(text, { receivedAt, timeZone: opts.timeZone, peer, cut });
    if (!r.ok) counts.malformed++;
    if (cut) counts.oversize++;
    return r.record;
  }

  function queue(protocol: 'syslog-udp' | 'syslog-tcp', onProgress: () => void, onGiveUp?: () => void): LineQueue {
    const q = new LineQueue({
      ingest: opts.ingest,
      protocol,
      maxBatch,
      retry,
      onProgress,
      onStored: (n) => (counts.stored += n),
      onRetry: (e, delayMs, attempt) => {
        counts.storageRetries++;
        if (attempt === 1) log?.warn({ err: e, protocol, delayMs }, `${protocol}: the store is unavailable; holding the batch and retrying`);
      },
      onDropped: (n, reason: DropReason, e) => {
        counts.dropped += n;
        log?.error({ err: e, protocol, lines: n, reason }, `${protocol}: gave up ${n} lines (${reason})`);
        if (reason === 'storage-unavailable') onGiveUp?.();
      },
    });
    queues.add(q);
    return q;
  }

  // ── TCP ──
  const tcp = net.createServer((socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    counts.tcpConnections++;
    sockets.add(socket);
    const peer = socket.remoteAddress ?? null;
    const framer = new SyslogFramer(maxFrame);
    let paused = false;
    let ended = false;
    let receivedAt = Date.now();
    const batch: LogRecord[] = [];
    const onFrame = (frame: Buffer, cut: boolean) => {
      counts.tcpFrames++;
      const r = parse(frame, cut, peer, receivedAt);
      if (r) batch.push(r);
    };
    const q = queue(
      'syslog-tcp',
      () => {
        // Resume once one batch's worth or less is left: reading and committing then overlap.
        if (paused && !closing && q.pending <= maxBatch) {
          paused = false;
          socket.resume();
        }
        if (ended && q.pending === 0) queues.delete(q);
      },
      // The store stayed unavailable: close so the sender notices and keeps the rest in its own queue.
      () => socket.destroy(),
    );
    const hand = () => {
      if (batch.length === 0) return;
      q.add(batch.splice(0));
      if (q.pending > counts.maxPendingTcp) counts.maxPendingTcp = q.pending;
    };
    socket.on('data', (chunk: Buffer) => {
      receivedAt = Date.now();
      framer.push(chunk, onFrame);
      hand();
      if (q.pending >= highWater && !paused) {
        paused = true;
        counts.tcpPauses++;
        socket.pause();
      }
    });
    socket.on('end', () => {
      framer.end(onFrame);
      hand();
    });
    socket.on('error', (e) => log?.debug?.({ err: e, peer }, 'syslog-tcp: connection error'));
    socket.on('close', () => {
      ended = true;
      sockets.delete(socket);
      if (q.pending === 0) queues.delete(q);
    });
  });
  tcp.maxConnections = opts.maxConnections ?? 256;

  // ── UDP ──
  const udp = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4' });
  const udpQueue = queue('syslog-udp', () => undefined);
  udp.on('message', (msg, rinfo) => {
    counts.udpDatagrams++;
    if (udpQueue.pending >= udpMaxPending) {
      counts.udpDropped++;
      return;
    }
    const body = stripOctetCount(msg);
    const cut = body.length > maxFrame;
    const r = parse(cut ? body.subarray(0, maxFrame) : body, cut, rinfo.address, Date.now());
    if (!r) return;
    udpQueue.add([r]);
    if (udpQueue.pending > counts.maxPendingUdp) counts.maxPendingUdp = udpQueue.pending;
  });

  await listenTcp(tcp, host, opts.port);
  try {
    await bindUdp(udp, host, opts.port);
  } catch (e) {
    await new Promise((r) => tcp.close(r));
    throw e;
  }
  tcp.on('error', (e) => log?.error({ err: e }, 'syslog-tcp: listener error'));
  udp.on('error', (e) => log?.error({ err: e }, 'syslog-udp: socket error'));
  try {
    // A deeper kernel queue rides out bursts while a batch commits (the OS may cap it lower).
    udp.setRecvBufferSize(4 * 1024 * 1024);
  } catch {
    // Not permitted here: the default buffer still works, bursts just drop sooner (counted by the OS).
  }
  const tcpPort = (tcp.address() as net.AddressInfo).port;
  const udpPort = udp.address().port;

  let closed: Promise<void> | null = null;
  return {
    udpPort,
    tcpPort,
    stats() {
      let pending = 0;
      for (const q of queues) pending += q.pending;
      return { ...counts, tcpOpen: sockets.size, pending };
    },
    close() {
      closed ??= (async () => {
        closing = true;
        const listenerClosed = new Promise((r) => tcp.close(r));
        udp.close();
        // Stop reading; lines already read are committed (retries are not waited for).
        for (const s of sockets) s.pause();
        for (const q of queues) q.close();
        const limit = opts.closeTimeoutMs ?? 5_000;
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), limit)));
        const outcome = await Promise.race([Promise.all([...queues].map((q) => q.drained())), timedOut]);
        clearTimeout(timer);
        if (outcome === 'timeout') {
          let left = 0;
          for (const q of queues) left += q.pending;
          counts.dropped += left;
          log?.error({ limitMs: limit, lines: left }, `syslog: ${left} lines still pending at shutdown were not committed`);
        }
        for (const s of sockets) s.destroy();
        await listenerClosed;
      })();
      return closed;
    },
  };
}

/** A datagram sent with octet-counting framing (`logger --octet-count`): drop the count. */
function stripOctetCount(msg: Buffer): Buffer {
  const m = /^([1-9][0-9]{0,8}) </.exec(msg.toString('latin1', 0, Math.min(msg.length, 12)));
  if (!m) return msg;
  const start = (m[1] as string).length + 1;
  return Number(m[1]) === msg.length - start ? msg.subarray(start) : msg;
}

function listenTcp(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function bindUdp(socket: dgram.Socket, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      socket.close();
      reject(e);
    };
    socket.once('error', fail);
    socket.bind({ address: host, port }, () => {
      socket.off('error', fail);
      resolve();
    });
  });
}
