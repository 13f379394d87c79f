/** Shape of a reconnect schedule. @public */
export interface BackoffOptions {
  /**
   * Delay before the first retry, in ms.
   * @defaultValue 250
   */
  initialMs?: number;
  /**
   * Largest delay, in ms.
   * @defaultValue 10000
   */
  maxMs?: number;
  /**
   * Growth per attempt.
   * @defaultValue 2
   */
  factor?: number;
  /**
   * Fraction of the delay that is random (0 = none, 1 = "full jitter").
   * @defaultValue 0.5
   */
  jitter?: number;
  /**
   * Attempts before giving up; `Infinity` never gives up.
   * @defaultValue Infinity
   */
  maxAttempts?: number;
}

/** Defaults of `BackoffOptions`. @public */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = {
  initialMs: 250,
  maxMs: 10_000,
  factor: 2,
  jitter: 0.5,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with the top `jitter`
 * fraction drawn from `random()` so that many receivers cut off together do not all return
 * in the same millisecond. Pure: the randomness is a parameter.
 * @example
 * ```ts
 * backoffDelay(3, { initialMs: 100 }, () => 0.5); // 100 * 2^3 = 800, minus up to 50% jitter → 600
 * ```
 * @internal
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const o = { ...DEFAULT_BACKOFF, ...options };
  if (!Number.isFinite(attempt) || attempt < 0) throw new RangeError(`attempt must be >= 0, got ${attempt}`);
  const base = Math.min(o.maxMs, o.initialMs * o.factor ** attempt);
  const jitter = Math.min(1, Math.max(0, o.jitter));
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(base * (1 - jitter) + base * jitter * r);
}

/**
 * A stateful view of the schedule: `next()` returns the next delay or `null` once
 * `maxAttempts` is spent; `reset()` after a successful connection.
 * @example
 * ```ts
 * const b = createBackoff({ maxAttempts: 3 }, () => 1);
 * b.next(); b.next(); b.next(); b.next(); // 250, 500, 1000, null
 * ```
 * @internal
 */
export interface Backoff {
  /** The delay before the next attempt, or `null` when out of attempts. */
  next(): number | null;
  /** Starts the schedule over. */
  reset(): void;
  /** Attempts taken since the last reset. */
  readonly attempts: number;
}

/** Creates a `Backoff` over `backoffDelay`. @internal */
export function createBackoff(options: BackoffOptions = {}, random: () => number = Math.random): Backoff {
  const max = options.maxAttempts ?? DEFAULT_BACKOFF.maxAttempts;
  let attempts = 0;
  return {
    next() {
      if (attempts >= max) return null;
      return backoffDelay(attempts++, options, random);
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
