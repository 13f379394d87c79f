// Waits for a condition seen from the test's side (recorded wire messages, or several pages read
// together), polling; the deadline is a functional one, far above what it takes on a quiet machine.

/** `T` without its falsy members. @internal */
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

/**
 * Resolves once `condition()` is truthy, with its value; rejects after `timeoutMs` naming `what`
 * (a function: called then, so it can say what was seen last).
 * @internal
 */
export async function waitUntil<T>(
  condition: () => T | Promise<T>,
  what: string | (() => string),
  timeoutMs = 30_000,
  pollMs = 100,
): Promise<Truthy<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value as Truthy<T>;
    if (Date.now() >= end) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Resolves after `ms` (for windows in which nothing may happen, never to wait for something). @internal */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
