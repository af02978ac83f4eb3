/**
 * The common shape of a benchmark part. A part is one file under `scripts/bench/` that exports a
 * `BenchPart`; `scripts/bench.ts` lists the parts and runs them in order. Each figure carries its own
 * target, and the run fails (exit code 1) when any figure misses it.
 */

/** One measured figure, next to a baseline measured in the same run where there is one. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | null;
  /** What the baseline is (shown with it). */
  baselineLabel?: string;
  ratio: number | null;
  /** The target, as a reader would say it (`p95 < 20 ms`, `≥ 0.5 × baseline`). */
  target: string;
  met: boolean;
  /** Latency percentiles in ms, where the figure is a latency. */
  percentiles?: { p50: number; p95: number; p99: number };
  note?: string;
}

export interface BenchContext {
  /** A temporary folder of the run, removed after it. */
  dir: string;
  /** `--quick`: smaller sizes, for a look while working (its figures are not the README's). */
  quick: boolean;
  /** Progress lines (stderr; silent with `--json`). */
  log: (msg: string) => void;
}

export interface BenchPart {
  /** Short name, for `--only <name>`. */
  name: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** The value at percentile `p` of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The median of samples. */
export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Rounds for display and JSON: 3 significant digits below 100, integers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (Math.abs(x) >= 100) return Math.round(x);
  return Number(x.toPrecision(3));
}
