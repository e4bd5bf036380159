// What every benchmark hands back to run.ts.

export interface Row {
  id: string
  what: string
  /** null when the benchmark could not run (see note). */
  figure: number | null
  unit: string
  /** The reference figure measured in the same run, with its name. */
  reference: string | null
  ratio: number | null
  goal: string
  /** null: no goal applies or not run. */
  met: boolean | null
  note?: string
}

export interface BenchContext {
  quick: boolean
  /** Interleaved repetitions (3 full, 1 quick); figures are medians. */
  reps: number
  /** A fresh directory for this run; every engine home lives under it. */
  tmpRoot: string
  log(msg: string): void
}

export interface BenchOutcome {
  rows: Row[]
  /** Set when a benchmark saw acknowledged data go missing: the run then exits non-zero. */
  dataLoss?: string
  /** Set when part of a benchmark crashed but other rows are still worth printing: exits non-zero. */
  crash?: string
  /** Raw per-run figures and checks, kept in bench-results.json. */
  details?: Record<string, unknown>
}

export type Bench = (ctx: BenchContext) => Promise<BenchOutcome>
