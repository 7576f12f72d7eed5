/**
 * The audible alarm, synthesised with Web Audio (no sound files to ship or to fail loading).
 * Each severity has its own pattern so an operator can tell them apart without looking:
 * critical: three high, fast pulses, twice; warning: two mid pulses; info: one soft low tone.
 */
import type { Severity } from '../../../../shared/api/schemas/alerts';

interface Pulse {
  hz: number;
  on: number;
  off: number;
}

export const ALARM_PATTERNS: Record<Severity, { pulses: Pulse[]; gain: number }> = {
  critical: { pulses: Array.from({ length: 6 }, (_, i) => ({ hz: 988, on: 0.18, off: i === 2 ? 0.45 : 0.08 })), gain: 0.35 },
  warning: { pulses: [{ hz: 660, on: 0.25, off: 0.15 }, { hz: 660, on: 0.25, off: 0 }], gain: 0.25 },
  info: { pulses: [{ hz: 440, on: 0.3, off: 0 }], gain: 0.15 },
};

/** Total length of a pattern in seconds. */
export const patternSeconds = (severity: Severity) => ALARM_PATTERNS[severity].pulses.reduce((s, p) => s + p.on + p.off, 0);

let context: AudioContext | null = null;

/** Plays the pattern; false when this browser cannot play sound (no Web Audio, autoplay refused). */
export function playAlarm(severity: Severity): boolean {
  const Ctx = globalThis.AudioContext;
  if (!Ctx) return false;
  try {
    context ??= new Ctx();
    // Browsers keep audio suspended until a user gesture; resume() then succeeds silently or not.
    void context.resume().catch(() => {});
    const { pulses, gain } = ALARM_PATTERNS[severity];
    let t = context.currentTime + 0.02;
    for (const p of pulses) {
      const osc = context.createOscillator();
      const amp = context.createGain();
      osc.type = severity === 'critical' ? 'square' : 'sine';
      osc.frequency.value = p.hz;
      amp.gain.setValueAtTime(0, t);
      amp.gain.linearRampToValueAtTime(gain, t + 0.01);
      amp.gain.setValueAtTime(gain, t + p.on - 0.01);
      amp.gain.linearRampToValueAtTime(0, t + p.on);
      osc.connect(amp).connect(context.destination);
      osc.start(t);
      osc.stop(t + p.on);
      t += p.on + p.off;
    }
    return true;
  } catch {
    return false;
  }
}
