/**
 * Host figures beyond what node:os offers, read from /proc (Linux): CPU per core, swap, usage per
 * mounted filesystem, disk I/O per device and traffic per network interface. Rates come from the
 * difference with the previous read. Where /proc is absent (macOS, Windows) each reader returns
 * nothing and the collector keeps to node:os's figures.
 */
import { readFileSync, statfsSync } from 'node:fs';

export interface LabelledValue {
  name: string;
  value: number;
  unit: string | null;
  labels: Record<string, string>;
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Pseudo and virtual filesystems say nothing about the disks an operator cares about. */
const SKIP_FS = new Set(['proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'cgroup', 'cgroup2', 'securityfs', 'pstore', 'debugfs', 'tracefs', 'mqueue', 'hugetlbfs', 'configfs', 'fusectl', 'bpf', 'autofs', 'binfmt_misc', 'nsfs', 'rpc_pipefs', 'squashfs', 'overlay', 'ramfs', 'efivarfs', 'selinuxfs']);

export class HostSampler {
  private prevCpu = new Map<string, { idle: number; total: number }>();
  private prevDisk = new Map<string, { read: number; write: number; ios: number }>();
  private prevNet = new Map<string, { rx: number; tx: number; rxErr: number; txErr: number }>();
  private prevAt = 0;

  constructor(private readonly proc = '/proc') {}

  sample(now: number): LabelledValue[] {
    const seconds = this.prevAt ? Math.max((now - this.prevAt) / 1000, 0.001) : 0;
    this.prevAt = now;
    return [...this.cpu(), ...this.memory(), ...this.mounts(), ...this.disks(seconds), ...this.network(seconds)];
  }

  private cpu(): LabelledValue[] {
    const text = read(`${this.proc}/stat`);
    if (!text) return [];
    const out: LabelledValue[] = [];
    for (const line of text.split('\n')) {
      const m = /^(cpu\d+)\s+(.*)$/.exec(line);
      if (!m) continue;
      const f = (m[2] as string).trim().split(/\s+/).map(Number);
      // user nice system idle iowait irq softirq steal (guest time is already in user)
      const idle = (f[3] ?? 0) + (f[4] ?? 0);
      const total = f.slice(0, 8).reduce((a, b) => a + (b || 0), 0);
      const prev = this.prevCpu.get(m[1] as string);
      this.prevCpu.set(m[1] as string, { idle, total });
      if (prev && total > prev.total) {
        out.push({ name: 'host.cpu.core_usage_pct', value: round2((1 - (idle - prev.idle) / (total - prev.total)) * 100), unit: '%', labels: { cpu: (m[1] as string).slice(3) } });
      }
    }
    return out;
  }

  private memory(): LabelledValue[] {
    const text = read(`${this.proc}/meminfo`);
    if (!text) return [];
    const kb = (key: string) => {
      const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
      return m ? Number(m[1]) * 1024 : null;
    };
    const out: LabelledValue[] = [];
    const available = kb('MemAvailable');
    if (available !== null) out.push({ name: 'host.memory.available_bytes', value: available, unit: 'bytes', labels: {} });
    const swapTotal = kb('SwapTotal');
    const swapFree = kb('SwapFree');
    if (swapTotal !== null && swapFree !== null) {
      out.push({ name: 'host.swap.total_bytes', value: swapTotal, unit: 'bytes', labels: {} });
      out.push({ name: 'host.swap.used_bytes', value: swapTotal - swapFree, unit: 'bytes', labels: {} });
      out.push({ name: 'host.swap.used_pct', value: swapTotal > 0 ? round2(((swapTotal - swapFree) / swapTotal) * 100) : 0, unit: '%', labels: {} });
    }
    return out;
  }

  private mounts(): LabelledValue[] {
    const text = read(`${this.proc}/mounts`);
    if (!text) return [];
    const out: LabelledValue[] = [];
    const seen = new Set<string>();
    for (const line of text.split('\n')) {
      const [device, mount, fstype] = line.split(' ');
      if (!device || !mount || !fstype || SKIP_FS.has(fstype) || seen.has(mount)) continue;
      seen.add(mount);
      const mountPath = mount.replace(/\\040/g, ' ');
      try {
        const s = statfsSync(mountPath);
        const total = s.blocks * s.bsize;
        if (total === 0) continue;
        const free = s.bavail * s.bsize;
        const labels = { mount: mountPath, device, fstype };
        out.push({ name: 'host.disk.used_pct', value: round2((1 - free / total) * 100), unit: '%', labels });
        out.push({ name: 'host.disk.free_bytes', value: free, unit: 'bytes', labels });
        out.push({ name: 'host.disk.total_bytes', value: total, unit: 'bytes', labels });
      } catch {
        // Unreadable mount (permissions, stale network share): skip it, keep the rest.
      }
    }
    return out;
  }

  private disks(seconds: number): LabelledValue[] {
    const text = read(`${this.proc}/diskstats`);
    if (!text) return [];
    const out: LabelledValue[] = [];
    for (const line of text.split('\n')) {
      const f = line.trim().split(/\s+/);
      const device = f[2];
      if (!device || /^(loop|ram|zram|dm-)/.test(device) || f.length < 14) continue;
      // sectors are 512 bytes in diskstats whatever the device's block size
      const cur = { read: Number(f[5]) * 512, write: Number(f[9]) * 512, ios: Number(f[3]) + Number(f[7]) };
      const prev = this.prevDisk.get(device);
      this.prevDisk.set(device, cur);
      if (!prev || seconds === 0) continue;
      const labels = { device };
      out.push({ name: 'host.disk.read_bytes_per_s', value: round2(Math.max(0, cur.read - prev.read) / seconds), unit: 'bytes/s', labels });
      out.push({ name: 'host.disk.write_bytes_per_s', value: round2(Math.max(0, cur.write - prev.write) / seconds), unit: 'bytes/s', labels });
      out.push({ name: 'host.disk.iops', value: round2(Math.max(0, cur.ios - prev.ios) / seconds), unit: 'ops/s', labels });
    }
    return out;
  }

  private network(seconds: number): LabelledValue[] {
    const text = read(`${this.proc}/net/dev`);
    if (!text) return [];
    const out: LabelledValue[] = [];
    for (const line of text.split('\n').slice(2)) {
      const m = /^\s*([^:]+):\s*(.*)$/.exec(line);
      if (!m) continue;
      const iface = m[1] as string;
      const f = (m[2] as string).trim().split(/\s+/).map(Number);
      const cur = { rx: f[0] ?? 0, tx: f[8] ?? 0, rxErr: f[2] ?? 0, txErr: f[10] ?? 0 };
      const prev = this.prevNet.get(iface);
      this.prevNet.set(iface, cur);
      if (!prev || seconds === 0) continue;
      const labels = { interface: iface };
      out.push({ name: 'host.net.rx_bytes_per_s', value: round2(Math.max(0, cur.rx - prev.rx) / seconds), unit: 'bytes/s', labels });
      out.push({ name: 'host.net.tx_bytes_per_s', value: round2(Math.max(0, cur.tx - prev.tx) / seconds), unit: 'bytes/s', labels });
      out.push({ name: 'host.net.errors_total', value: cur.rxErr + cur.txErr, unit: null, labels });
    }
    return out;
  }
}
