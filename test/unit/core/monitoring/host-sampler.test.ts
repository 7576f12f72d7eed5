import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostSampler } from '../../../../src/core/monitoring/host-sampler';
import { tempDir } from '../../../support/station';

/** A /proc-shaped folder with the files the sampler reads, as Linux writes them. */
function fakeProc(stat: string, diskstats: string, netdev: string): string {
  const dir = tempDir('observatory-proc-');
  mkdirSync(join(dir, 'net'));
  writeFileSync(join(dir, 'stat'), stat);
  writeFileSync(join(dir, 'diskstats'), diskstats);
  writeFileSync(join(dir, 'net', 'dev'), netdev);
  writeFileSync(join(dir, 'meminfo'), 'MemTotal: 1000 kB\nMemAvailable:   400 kB\nSwapTotal:  200 kB\nSwapFree:  150 kB\n');
  writeFileSync(join(dir, 'mounts'), 'proc /proc proc rw 0 0\n/dev/vda / ext4 rw 0 0\n');
  return dir;
}

const NET_HEAD = 'Inter-|   Receive |  Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed\n';
const netLine = (rx: number, tx: number) => `  eth0: ${rx} 10 1 0 0 0 0 0 ${tx} 10 2 0 0 0 0 0\n`;
const diskLine = (readSectors: number, writeSectors: number) => `   8 0 vda 100 0 ${readSectors} 0 50 0 ${writeSectors} 0 0 0 0 0 0 0 0\n   7 0 loop0 1 0 8 0 0 0 0 0 0 0 0\n`;

describe('HostSampler', () => {
  it('per-core CPU, swap, disk and network rates from the difference of two reads', () => {
    const dir = fakeProc('cpu  0 0 0 0\ncpu0 100 0 100 800 0 0 0 0\ncpu1 0 0 0 1000 0 0 0 0\n', diskLine(0, 0), NET_HEAD + netLine(1000, 500));
    const sampler = new HostSampler(dir);
    const first = sampler.sample(10_000);
    // The first read has no rates yet, only levels.
    expect(first.filter((v) => v.name.endsWith('_per_s') || v.name === 'host.cpu.core_usage_pct')).toEqual([]);
    expect(first.find((v) => v.name === 'host.swap.used_pct')).toMatchObject({ value: 25 });
    expect(first.find((v) => v.name === 'host.memory.available_bytes')).toMatchObject({ value: 400 * 1024 });
    expect(first.filter((v) => v.name === 'host.disk.used_pct').map((v) => v.labels.mount)).toEqual(['/']);

    writeFileSync(join(dir, 'stat'), 'cpu  0 0 0 0\ncpu0 150 0 150 900 0 0 0 0\ncpu1 0 0 0 1100 0 0 0 0\n');
    writeFileSync(join(dir, 'diskstats'), diskLine(2048, 4096));
    writeFileSync(join(dir, 'net', 'dev'), NET_HEAD + netLine(6000, 1500));
    const second = sampler.sample(12_000);
    const by = (name: string) => second.filter((v) => v.name === name).map((v) => [v.labels, v.value]);
    expect(by('host.cpu.core_usage_pct')).toEqual([[{ cpu: '0' }, 50], [{ cpu: '1' }, 0]]);
    expect(by('host.disk.read_bytes_per_s')).toEqual([[{ device: 'vda' }, 512 * 1024]]);
    expect(by('host.disk.write_bytes_per_s')).toEqual([[{ device: 'vda' }, 1024 * 1024]]);
    expect(by('host.net.rx_bytes_per_s')).toEqual([[{ interface: 'eth0' }, 2500]]);
    expect(by('host.net.tx_bytes_per_s')).toEqual([[{ interface: 'eth0' }, 500]]);
    expect(by('host.net.errors_total')).toEqual([[{ interface: 'eth0' }, 3]]);
  });

  it('without /proc (macOS, Windows) it reports nothing rather than failing', () => {
    expect(new HostSampler(join(tempDir(), 'no-proc')).sample(1)).toEqual([]);
  });
});
