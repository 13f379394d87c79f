// Capture pacing: deadline-based, no drift, throttles display frames to fps, resyncs after stalls.
import fc from 'fast-check';
import { afterEach, expect, test, vi } from 'vitest';
import { FramePacer, startClock } from '../../src/source/frame-clock';

function fired(pacer: FramePacer, times: number[]): number[] {
  return times.filter((t) => pacer.take(t));
}

function frames(hz: number, ms: number, jitter = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i * (1000 / hz) <= ms; i++) out.push(i * (1000 / hz) + (i % 2 ? jitter : -jitter));
  return out.filter((t) => t >= 0);
}

test('30 fps on a 60 Hz display takes every other frame, even with jitter', () => {
  const got = fired(new FramePacer(30), frames(60, 1000, 1.5));
  expect(got.length).toBe(30);
  for (let i = 1; i < got.length; i++) expect(got[i]! - got[i - 1]!).toBeCloseTo(1000 / 30, -1);
});

test('60 fps on a 60 Hz display takes every frame', () => {
  const all = frames(60, 1000, 1);
  expect(fired(new FramePacer(60), all)).toEqual(all);
});

test('the rate is exact over a long run whatever the display rate (no drift)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 5, max: 60 }), fc.constantFrom(60, 75, 90, 120, 144, 240), (fps, hz) => {
      fc.pre(hz >= fps);
      const n = fired(new FramePacer(fps), frames(hz, 10_000)).length;
      // 10 s at `fps`; the first frame is at 0, so fps*10 + 1 at most.
      expect(n).toBeGreaterThanOrEqual(fps * 10 - 1);
      expect(n).toBeLessThanOrEqual(fps * 10 + 1);
    }),
  );
});

test('late ticks do not push later deadlines back; a long stall resyncs without a burst', () => {
  const p = new FramePacer(10); // 100 ms
  expect(p.take(0)).toBe(true);
  expect(p.take(130)).toBe(true); // 30 ms late: next deadline stays at 200
  expect(p.next).toBe(200);
  expect(p.take(160)).toBe(false);
  expect(p.take(200)).toBe(true);
  expect(p.take(1000)).toBe(true); // stalled 8 intervals: one frame, then pace from now
  expect(p.take(1001)).toBe(false);
  expect(p.take(1050)).toBe(false);
  expect(p.next).toBe(1100);
});

test('manual calls faster than fps are throttled to the budget', () => {
  const p = new FramePacer(30);
  const calls = Array.from({ length: 1000 }, (_, i) => i); // every ms for 1 s
  // A call may land up to a quarter interval early, so 0..999 ms holds 30 or 31 slots, never more.
  const got = fired(p, calls);
  expect(got.length).toBeGreaterThanOrEqual(30);
  expect(got.length).toBeLessThanOrEqual(31);
  for (let i = 2; i < got.length; i++) expect(got[i]! - got[i - 1]!).toBeGreaterThan(32);
});

test('setFps makes the next tick due at once', () => {
  const p = new FramePacer(1);
  expect(p.take(0)).toBe(true);
  expect(p.take(10)).toBe(false);
  p.setFps(50);
  expect(p.take(11)).toBe(true);
  expect(p.next).toBe(31);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test('animation-frame schedule: one tick per display frame within the budget, after the app', () => {
  vi.useFakeTimers();
  let queue: ((t: number) => void)[] = [];
  let now = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: (t: number) => void) => queue.push(cb));
  vi.stubGlobal('cancelAnimationFrame', () => {});
  const order: string[] = [];
  const stop = startClock('animation-frame', new FramePacer(30), {
    now: () => now,
    tick: () => order.push(`capture@${Math.round(now)}`),
  });
  const app = () => {
    order.push(`paint@${Math.round(now)}`);
    requestAnimationFrame(app);
  };
  requestAnimationFrame(app);
  for (let f = 0; f < 6; f++) {
    const run = queue;
    queue = [];
    for (const cb of run) cb(now);
    vi.advanceTimersByTime(1); // the task after the frame re-requests
    now += 1000 / 60;
  }
  stop();
  // The engine asked first, yet from the second frame on it captures after the app's paint.
  expect(order.slice(2)).toEqual([
    'paint@17',
    'paint@33',
    'capture@33',
    'paint@50',
    'paint@67',
    'capture@67',
    'paint@83',
  ]);
});

test('interval schedule aims each timeout at the deadline (30 ticks a second)', () => {
  vi.useFakeTimers();
  let ticks = 0;
  const stop = startClock('interval', new FramePacer(30), { now: () => Date.now(), tick: () => ticks++ });
  vi.advanceTimersByTime(10_000);
  stop();
  expect(ticks).toBeGreaterThanOrEqual(299);
  expect(ticks).toBeLessThanOrEqual(301);
});

test('manual schedule starts no timer', () => {
  vi.useFakeTimers();
  let ticks = 0;
  const stop = startClock('manual', new FramePacer(30), { now: () => Date.now(), tick: () => ticks++ });
  vi.advanceTimersByTime(1000);
  stop();
  expect(ticks).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
});
