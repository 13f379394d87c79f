// Baselines every bench measures in its own run, plus a tiny timing harness. Benchmarks
// report ratios against these, never bare numbers: the machine is shared and noisy.

/** Plain 32-bit XOR of two frames: the floor any XOR-based delta codec is compared to. */
export function xorWords(a: Uint32Array, b: Uint32Array, out: Uint32Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i]! ^ b[i]!;
}

/** Copying a frame with `Uint8Array.set` (a memcpy): what a raw Pixels frame costs. */
export function copyFrame(src: Uint8Array, dst: Uint8Array): void {
  dst.set(src);
}

export interface TimingOptions {
  /** Time spent running before measuring, so the JIT has optimised the code. */
  warmupMs?: number;
  /** Time per measured round. */
  roundMs?: number;
  /** Rounds; the median is reported. */
  rounds?: number;
}

/** Calls `fn(i)` repeatedly and returns its median rate in calls per second. */
export function opsPerSecond(fn: (i: number) => void, options: TimingOptions = {}): number {
  const { warmupMs = 150, roundMs = 250, rounds = 5 } = options;
  let i = 0;
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) fn(i++);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < roundMs) {
      // Batches of 4 keep the clock read out of the measured work.
      fn(i++);
      fn(i++);
      fn(i++);
      fn(i++);
      n += 4;
      now = performance.now();
    }
    rates.push((n * 1000) / (now - start));
  }
  rates.sort((x, y) => x - y);
  return rates[Math.floor(rates.length / 2)]!;
}

/**
 * Measures several functions in interleaved rounds (A B C A B C ...) and returns each one's
 * median rate in calls per second. Interleaving spreads load spikes on a shared machine over
 * all of them, so their ratios stay meaningful.
 */
export function interleavedRates<K extends string>(
  fns: Record<K, (i: number) => void>,
  options: TimingOptions = {},
): Record<K, number> {
  const { warmupMs = 150, roundMs = 150, rounds = 7 } = options;
  const keys = Object.keys(fns) as K[];
  const counters = new Map<K, number>(keys.map((k) => [k, 0]));
  const runFor = (k: K, ms: number): number => {
    const fn = fns[k];
    let i = counters.get(k)!;
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < ms) {
      fn(i++);
      n++;
      now = performance.now();
    }
    counters.set(k, i);
    return (n * 1000) / (now - start);
  };
  for (const k of keys) runFor(k, warmupMs);
  const rates = new Map<K, number[]>(keys.map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const k of keys) rates.get(k)!.push(runFor(k, roundMs));
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const sorted = rates.get(k)!.sort((x, y) => x - y);
    out[k] = sorted[Math.floor(sorted.length / 2)]!;
  }
  return out;
}

/** Prints rows as a markdown table. */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Formats a ratio like `0.62×`. */
export function ratio(x: number): string {
  return `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}
