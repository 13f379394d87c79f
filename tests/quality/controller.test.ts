import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type ControllerState,
  createControllerState,
  createQualityController,
  DEFAULT_THRESHOLDS,
  isQualityError,
  type QualityEvent,
  reduceQuality,
  toQualityState,
} from '../../src/internal';

const ack = (ackSeq: number, echoTimestamp: number, decodeMicros = 0, queueDepth = 0) => ({
  ackSeq,
  echoTimestamp,
  decodeMicros,
  queueDepth,
});

function run(state: ControllerState, events: QualityEvent[]): ControllerState {
  return events.reduce(reduceQuality, state);
}

/** Sends frame i at t = i*33 and ACKs it after rtts[i] ms. */
function rttEvents(rtts: number[], decodeMicros = 0): QualityEvent[] {
  const events: QualityEvent[] = [];
  rtts.forEach((rtt, i) => {
    const t = i * 1000;
    events.push({ type: 'sent', now: t, frame: { seq: i, timestamp: t, bytes: 1000 } });
    events.push({ type: 'ack', now: t + rtt, ack: ack(i, t, decodeMicros) });
  });
  events.push({ type: 'tick', now: rtts.length * 1000 });
  return events;
}

describe('RTT estimate (EWMA, gain 1/8, from echoed timestamps)', () => {
  test.each([
    { rtts: [100], decode: 0, want: 100 },
    { rtts: [100, 200], decode: 0, want: 112.5 },
    { rtts: [100, 200, 20], decode: 0, want: 112.5 + (20 - 112.5) / 8 },
    { rtts: [100], decode: 20_000, want: 80 },
    { rtts: [5], decode: 20_000, want: 0 },
  ])('samples $rtts with decode $decode µs -> $want ms', ({ rtts, decode, want }) => {
    const s = run(createControllerState(), rttEvents(rtts, decode));
    expect(toQualityState(s).estimates.rttMs).toBeCloseTo(want, 6);
  });
});

describe('reducer: (state, event) -> state', () => {
  test('lag counts frames sent after the newest acknowledged one', () => {
    const events: QualityEvent[] = [];
    for (let i = 0; i < 10; i++)
      events.push({ type: 'sent', now: i * 33, frame: { seq: i, timestamp: i * 33, bytes: 500 } });
    events.push({ type: 'ack', now: 400, ack: ack(3, 99) }, { type: 'tick', now: 400 });
    expect(toQualityState(run(createControllerState(), events)).estimates.lagFrames).toBe(6);
  });

  test('a duplicate ACK returns the same state object', () => {
    const s = run(createControllerState(), [
      { type: 'sent', now: 0, frame: { seq: 7, timestamp: 0, bytes: 10 } },
      { type: 'ack', now: 30, ack: ack(7, 0) },
    ]);
    expect(reduceQuality(s, { type: 'ack', now: 40, ack: ack(7, 0) })).toBe(s);
  });

  test('ACKs match by seq and timestamp, so a wrapped seq finds the right frame', () => {
    const s = run(createControllerState(), [
      { type: 'sent', now: 0, frame: { seq: 0, timestamp: 0, bytes: 10 } },
      { type: 'sent', now: 1000, frame: { seq: 0, timestamp: 1000, bytes: 10 } },
      { type: 'ack', now: 1050, ack: ack(0, 1000) },
      { type: 'tick', now: 1100 },
    ]);
    expect(toQualityState(s).estimates.rttMs).toBe(50);
  });

  test('no ACKs: the level holds and the reason says why', () => {
    const s = run(createControllerState({ mode: 'delta' }), [{ type: 'tick', now: 5000 }]);
    expect(toQualityState(s)).toMatchObject({ level: 'delta', reason: 'waiting for ACKs', pinned: false });
  });

  test('delivered bandwidth is the bytes acknowledged per second', () => {
    const events: QualityEvent[] = [];
    for (let i = 0; i <= 30; i++) {
      events.push({ type: 'sent', now: i * 100, frame: { seq: i, timestamp: i * 100, bytes: 10_000 } });
      events.push({ type: 'ack', now: i * 100 + 20, ack: ack(i, i * 100) });
    }
    events.push({ type: 'tick', now: 3020 });
    // 10 ACKs after the oldest kept one, over the 1 s window: 100 kB/s.
    expect(toQualityState(run(createControllerState(), events)).estimates.bandwidthBps).toBeCloseTo(
      100_000,
      -3,
    );
  });

  test('two receivers behind one id: the bytes of each frame count once', () => {
    const events: QualityEvent[] = [];
    for (let i = 0; i <= 30; i++) {
      events.push({ type: 'sent', now: i * 100, frame: { seq: i, timestamp: i * 100, bytes: 10_000 } });
      events.push({ type: 'ack', now: i * 100 + 20, ack: ack(i, i * 100) });
      if (i > 0) events.push({ type: 'ack', now: i * 100 + 30, ack: ack(i - 1, (i - 1) * 100) });
    }
    events.push({ type: 'tick', now: 3030 });
    const q = toQualityState(run(createControllerState(), events));
    expect(q.estimates.bandwidthBps).toBeLessThan(110_000);
    expect(q.estimates.bandwidthBps).toBeGreaterThan(90_000);
  });

  test.each<{ name: string; event: QualityEvent }>([
    { name: 'NaN now', event: { type: 'tick', now: Number.NaN } },
    { name: 'seq past u16', event: { type: 'sent', now: 0, frame: { seq: 65_536, timestamp: 0, bytes: 1 } } },
    { name: 'negative bytes', event: { type: 'sent', now: 0, frame: { seq: 1, timestamp: 0, bytes: -1 } } },
    {
      name: 'timestamp past u32',
      event: { type: 'sent', now: 0, frame: { seq: 1, timestamp: 2 ** 32, bytes: 1 } },
    },
    { name: 'ackSeq fraction', event: { type: 'ack', now: 0, ack: ack(1.5, 0) } },
    { name: 'negative queue depth', event: { type: 'ack', now: 0, ack: ack(1, 0, 0, -1) } },
    { name: 'infinite decode', event: { type: 'ack', now: 0, ack: ack(1, 0, Infinity) } },
    { name: 'unknown type', event: { type: 'nope', now: 0 } as unknown as QualityEvent },
  ])('$name -> QualityError BAD_EVENT', ({ event }) => {
    const s = createControllerState();
    expect(() => reduceQuality(s, event)).toThrowError(/^BAD_EVENT: invalid quality controller event/);
    try {
      reduceQuality(s, event);
    } catch (e) {
      expect(isQualityError(e, 'BAD_EVENT')).toBe(true);
    }
  });
});

describe('options', () => {
  test.each([
    {
      name: 'maxMode below minMode',
      options: { minMode: 'compressed', maxMode: 'signal' },
      msg: /maxMode signal is below minMode compressed/,
    },
    { name: 'neural as a bound', options: { minMode: 'neural' }, msg: /minMode: neural/ },
    { name: 'unknown mode', options: { mode: 'hd' }, msg: /mode: hd/ },
    { name: 'zero fps', options: { fps: 0 }, msg: /fps: 0/ },
    { name: 'negative bitrate', options: { maxBitrate: -5 }, msg: /maxBitrate: -5/ },
    {
      name: 'bad threshold',
      options: { thresholds: { downDwellMs: -1 } },
      msg: /thresholds.downDwellMs: -1/,
    },
    { name: 'rtt gain above 1', options: { thresholds: { rttGain: 2 } }, msg: /rttGain: 2/ },
  ])('$name -> QualityError BAD_OPTIONS', ({ options, msg }) => {
    const make = () => createQualityController(options as never);
    expect(make).toThrowError(msg);
    expect(() => {
      try {
        make();
      } catch (e) {
        if (isQualityError(e, 'BAD_OPTIONS')) throw new Error('ok');
      }
    }).toThrowError('ok');
  });

  test.each([
    { options: {}, level: 'pixel', pinned: false },
    { options: { maxMode: 'compressed' }, level: 'compressed', pinned: false },
    { options: { mode: 'signal', minMode: 'delta' }, level: 'delta', pinned: false },
    { options: { mode: 'neural' }, level: 'neural', pinned: true },
    { options: { pin: 'delta' }, level: 'delta', pinned: true },
  ] as const)('start $options -> $level', ({ options, level, pinned }) => {
    expect(createQualityController(options).quality).toMatchObject({ level, pinned, fps: 30 });
  });
});

describe('wrapper API', () => {
  test('pin, unpin and bounds take effect at once', () => {
    const qc = createQualityController({ fps: 30 });
    expect(qc.pin('neural', 0)).toMatchObject({ level: 'neural', pinned: true, reason: 'pinned' });
    expect(qc.tick(100)).toMatchObject({ level: 'neural', changed: false });
    expect(qc.pin(null, 200)).toMatchObject({ level: 'pixel', pinned: false });
    expect(qc.setBounds({ maxMode: 'delta' }, 300)).toMatchObject({
      level: 'delta',
      reason: 'bounds → delta',
    });
    expect(qc.setBounds({ maxMode: 'pixel', minMode: 'pixel' }, 400).level).toBe('pixel');
    expect(qc.tick(2000)).toMatchObject({ level: 'pixel', changed: false });
  });

  test('maxBitrate steps down as soon as measured frames exceed it', () => {
    const qc = createQualityController({ fps: 30 });
    for (let i = 0; i < 5; i++) qc.onFrameSent({ seq: i, timestamp: i * 33, bytes: 960_016 }, i * 33);
    // 10 Mbit/s = 1.25 MB/s: compressed (1.5 MB/s predicted) is too much, delta (1 MB/s) fits.
    expect(qc.setBounds({ maxBitrate: 10_000_000 }, 200)).toMatchObject({ level: 'delta', fps: 30 });
    expect(qc.tick(300).quality.reason).toBe('waiting for ACKs');
  });

  test('maxBitrate below the floor lowers fps', () => {
    const qc = createQualityController({ fps: 30, mode: 'delta', minMode: 'delta' });
    for (let i = 0; i < 5; i++) qc.onFrameSent({ seq: i, timestamp: i * 33, bytes: 40_000 }, i * 33);
    expect(qc.setBounds({ maxBitrate: 8 * 200_000 }, 200)).toMatchObject({ level: 'delta', fps: 5 });
  });

  test('clearReceivers: frames sent after the last receiver left do not push the level down (#4)', () => {
    const qc = createQualityController({ mode: 'pixel', fps: 30 });
    const send = (i: number) => qc.onFrameSent({ seq: i & 0xffff, timestamp: i * 33, bytes: 1000 }, i * 33);
    for (let i = 0; i < 30; i++) {
      send(i);
      qc.onAck(ack(i, i * 33), i * 33 + 10);
      qc.tick(i * 33 + 10);
    }
    qc.clearReceivers(30 * 33);
    expect(qc.state.links.size).toBe(0);
    // Nobody ACKs for 20 s while the source keeps sending: no link, so no lag, no step down.
    for (let i = 30; i < 630; i++) {
      send(i);
      qc.tick(i * 33);
    }
    expect(qc.quality.level).toBe('pixel');
  });

  test('setTargetFps changes fps and validates', () => {
    const qc = createQualityController();
    expect(qc.setTargetFps(60, 0).fps).toBe(60);
    expect(() => qc.setTargetFps(-1, 0)).toThrowError(/BAD_OPTIONS/);
  });
});

describe('invariants over arbitrary event streams (fast-check)', () => {
  const modes = ['pixel', 'compressed', 'delta', 'signal'] as const;
  const event = fc.oneof(
    fc.record({
      type: fc.constant('sent' as const),
      dt: fc.integer({ min: 0, max: 200 }),
      seq: fc.integer({ min: 0, max: 0xffff }),
      bytes: fc.integer({ min: 0, max: 2_000_000 }),
    }),
    fc.record({
      type: fc.constant('ack' as const),
      dt: fc.integer({ min: 0, max: 200 }),
      back: fc.integer({ min: 0, max: 40 }),
      queueDepth: fc.integer({ min: 0, max: 20 }),
      decodeMicros: fc.integer({ min: 0, max: 100_000 }),
      receiver: fc.constantFrom('', 'a', 'b'),
    }),
    fc.record({ type: fc.constant('tick' as const), dt: fc.integer({ min: 0, max: 2000 }) }),
  );

  test('level stays inside the bounds, fps inside [minFps, target], estimates sane', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...modes),
        fc.constantFrom(...modes),
        fc.array(event, { maxLength: 300 }),
        (a, b, events) => {
          const [maxMode, minMode] = modes.indexOf(a) <= modes.indexOf(b) ? [a, b] : [b, a];
          const qc = createQualityController({ fps: 30, maxMode, minMode });
          const sent: { seq: number; timestamp: number }[] = [];
          let now = 0;
          for (const e of events) {
            now += e.dt;
            if (e.type === 'sent') {
              const timestamp = now >>> 0;
              qc.onFrameSent({ seq: e.seq, timestamp, bytes: e.bytes }, now);
              sent.push({ seq: e.seq, timestamp });
            } else if (e.type === 'ack') {
              const f = sent[Math.max(0, sent.length - 1 - e.back)] ?? { seq: 0, timestamp: 0 };
              const ackSample = {
                ackSeq: f.seq,
                echoTimestamp: f.timestamp,
                decodeMicros: e.decodeMicros,
                queueDepth: e.queueDepth,
              };
              qc.onAck(e.receiver ? { ...ackSample, receiverId: e.receiver } : ackSample, now);
            } else {
              const q = qc.tick(now).quality;
              const i = modes.indexOf(q.level as (typeof modes)[number]);
              expect(i).toBeGreaterThanOrEqual(modes.indexOf(maxMode));
              expect(i).toBeLessThanOrEqual(modes.indexOf(minMode));
              expect(q.fps).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.minFps);
              expect(q.fps).toBeLessThanOrEqual(30);
              expect(Number.isInteger(q.fps)).toBe(true);
              const { rttMs, bandwidthBps, lagFrames } = q.estimates;
              for (const v of [rttMs, bandwidthBps, lagFrames]) {
                if (v !== null) expect(Number.isFinite(v) && v >= 0).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
