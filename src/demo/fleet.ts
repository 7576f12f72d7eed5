/**
 * The demo fleet: four spacecraft on compressed orbits (a LEO orbit lasts minutes, not 95 min,
 * so passes and eclipses show within a first look) and two ground stations. Each spacecraft
 * sees each station for a window of its orbit (a pass), spends part of it in Earth's shadow
 * (an eclipse), and now and then suffers a fault that its telemetry and its logs both show.
 */
export interface DemoSpacecraft {
  id: string;
  name: string;
  mission_type: string;
  location: string;
  /** Simulated orbital period, real milliseconds. */
  periodMs: number;
  /** Fraction of the orbit in Earth's shadow (0 for a deep-space probe). */
  eclipseFraction: number;
  /** Phase offsets (0–1) at which each station's pass starts, and how long passes last (fraction). */
  passes: { station: string; phase: number; length: number }[];
  wheels: number;
  /** Expected contact interval registered with the station. */
  expectedContact: string;
}

export interface DemoGroundStation {
  id: string;
  name: string;
  location: string;
}

export const GROUND_STATIONS: readonly DemoGroundStation[] = [
  { id: 'gs-svalbard', name: 'Svalbard', location: '78.2N 15.4E' },
  { id: 'gs-awarua', name: 'Awarua', location: '46.5S 168.4E' },
];

export const SPACECRAFT: readonly DemoSpacecraft[] = [
  {
    id: 'aurora-1', name: 'Aurora-1', mission_type: 'earth-observation', location: 'LEO 540 km SSO',
    periodMs: 6 * 60_000, eclipseFraction: 0.36, wheels: 4, expectedContact: '10m',
    passes: [{ station: 'gs-svalbard', phase: 0.05, length: 0.12 }, { station: 'gs-awarua', phase: 0.55, length: 0.1 }],
  },
  {
    id: 'borealis-2', name: 'Borealis-2', mission_type: 'communications', location: 'LEO 780 km',
    periodMs: 7 * 60_000, eclipseFraction: 0.33, wheels: 3, expectedContact: '10m',
    passes: [{ station: 'gs-svalbard', phase: 0.3, length: 0.14 }, { station: 'gs-awarua', phase: 0.8, length: 0.12 }],
  },
  {
    id: 'cassini-x', name: 'Cassini-X', mission_type: 'weather', location: 'GEO 75.0E',
    periodMs: 24 * 60_000, eclipseFraction: 0.05, wheels: 4, expectedContact: '5m',
    passes: [{ station: 'gs-awarua', phase: 0, length: 1 }],
  },
  {
    id: 'meridian-4', name: 'Meridian-4', mission_type: 'lunar-science', location: 'lunar orbit',
    periodMs: 12 * 60_000, eclipseFraction: 0.2, wheels: 3, expectedContact: '15m',
    passes: [{ station: 'gs-svalbard', phase: 0.6, length: 0.35 }],
  },
];
