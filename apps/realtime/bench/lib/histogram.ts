// Latency histogram: 0.05 ms buckets up to 30 s (larger values land in the last bucket).
// Sparse export so it travels over IPC; merge by adding counts.

const RESOLUTION = 20; // buckets per ms
const BUCKETS = 30_000 * RESOLUTION;

export type SparseHistogram = Array<[bucket: number, count: number]>;

export class Histogram {
  private counts = new Uint32Array(BUCKETS + 1);
  count = 0;
  max = 0;

  record(ms: number): void {
    const v = ms < 0 ? 0 : ms;
    const b = Math.min(BUCKETS, Math.floor(v * RESOLUTION));
    this.counts[b]! += 1;
    this.count += 1;
    if (v > this.max) this.max = v;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.max = 0;
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let b = 0; b <= BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) return (b + 1) / RESOLUTION;
    }
    return this.max;
  }

  toSparse(): SparseHistogram {
    const out: SparseHistogram = [];
    for (let b = 0; b <= BUCKETS; b++) if (this.counts[b]) out.push([b, this.counts[b]!]);
    return out;
  }

  addSparse(sparse: SparseHistogram, max = 0): void {
    for (const [b, n] of sparse) {
      this.counts[b]! += n;
      this.count += n;
    }
    if (max > this.max) this.max = max;
  }
}
