import type { Progress } from '../../src/lib/archive/plan.ts';

/** How often a long stage says how far it has come. */
export const PROGRESS_INTERVAL_MS = 5000;

/** `12,345`: counts as people read them. */
const count = (n: number) => n.toLocaleString('en');

/**
 * A progress reporter that prints `ingest progress: <stage> <done>/<total>…` at most every
 * `intervalMs`, so a run of minutes is never silent and a quick one prints nothing. Lines never
 * start with `ingest:`, which is the final summary's prefix (scripts/bench.ts reads it).
 */
export function progressPrinter(write: (line: string) => void, intervalMs = PROGRESS_INTERVAL_MS, now = () => performance.now()): Progress {
  let last = now();
  return (stage, done, total) => {
    const time = now();
    if (time - last < intervalMs) return;
    last = time;
    write(`ingest progress: ${stage} ${count(done)}/${count(total)}${done < total ? '…' : ''}`);
  };
}
