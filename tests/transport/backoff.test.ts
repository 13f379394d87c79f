import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { backoffDelay, createBackoff, DEFAULT_BACKOFF } from '../../src/transport/backoff';

describe('backoffDelay', () => {
  test.each([
    // attempt, random, expected (initial 100, factor 2, max 1000, jitter 0.5)
    [0, 0, 50],
    [0, 1, 100],
    [1, 0.5, 150],
    [2, 1, 400],
    [3, 0, 400],
    [4, 1, 1000],
    [10, 1, 1000],
    [10, 0, 500],
  ])('attempt %i with random %f → %i ms', (attempt, r, expected) => {
    expect(backoffDelay(attempt, { initialMs: 100, maxMs: 1000, jitter: 0.5 }, () => r)).toBe(expected);
  });

  test('no jitter gives the plain exponential schedule', () => {
    const d = [0, 1, 2, 3].map((a) => backoffDelay(a, { initialMs: 10, jitter: 0 }, () => 0.9));
    expect(d).toEqual([10, 20, 40, 80]);
  });

  test('stays within [base*(1-jitter), base] and never exceeds maxMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, jitter, r) => {
          const o = { initialMs: 50, maxMs: 5000, jitter };
          const base = Math.min(5000, 50 * 2 ** attempt);
          const d = backoffDelay(attempt, o, () => r);
          return d <= 5000 && d >= Math.floor(base * (1 - jitter)) && d <= Math.ceil(base);
        },
      ),
    );
  });

  test('rejects a negative attempt', () => {
    expect(() => backoffDelay(-1)).toThrow(RangeError);
  });
});

describe('createBackoff', () => {
  test('counts attempts, gives up after maxAttempts, and starts over on reset', () => {
    const b = createBackoff({ maxAttempts: 3, jitter: 0 });
    expect([b.next(), b.next(), b.next(), b.next()]).toEqual([250, 500, 1000, null]);
    expect(b.attempts).toBe(3);
    b.reset();
    expect(b.next()).toBe(DEFAULT_BACKOFF.initialMs);
  });

  test('never gives up by default', () => {
    const b = createBackoff({}, () => 1);
    for (let i = 0; i < 100; i++) expect(b.next()).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxMs);
  });
});
