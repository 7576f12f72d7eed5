import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs`, for "5m ago" labels that must keep ticking. */
export function useNow(intervalMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
