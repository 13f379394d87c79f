import { afterEach, describe, expect, test, vi } from 'vitest';
import { ProtocolError } from '../../src/protocol/index';
import { AudioPlayer, convertPcm, JitterBuffer, playerWorkletSource } from '../../src/receiver/audio-player';

const chunk = (frames: number, channels: number, start: number) =>
  Float32Array.from(
    { length: frames * channels },
    (_, i) => start + Math.floor(i / channels) + (i % channels) / 10,
  );

describe('JitterBuffer', () => {
  test('stays silent until startFrames are queued, then plays in order, de-interleaved', () => {
    const jb = new JitterBuffer(2, 4, 100);
    const out = [new Float32Array(2), new Float32Array(2)];
    jb.push(chunk(3, 2, 0));
    jb.pull(out);
    expect([...out[0]!, ...out[1]!]).toEqual([0, 0, 0, 0]);
    jb.push(chunk(3, 2, 3));
    jb.pull(out);
    expect([...out[0]!]).toEqual([0, 1]);
    expect([...out[1]!].map((v) => Math.round(v * 10) / 10)).toEqual([0.1, 1.1]);
    jb.pull(out);
    jb.pull(out);
    expect([...out[0]!]).toEqual([4, 5]);
    expect(jb.queued).toBe(0);
  });

  test('an underrun outputs silence and rebuffers', () => {
    const jb = new JitterBuffer(1, 2, 100);
    jb.push(chunk(3, 1, 1));
    const out = [new Float32Array(4)];
    jb.pull(out);
    expect([...out[0]!]).toEqual([1, 2, 3, 0]);
    expect(jb.underruns).toBe(1);
    jb.push(chunk(1, 1, 9));
    jb.pull(out);
    expect([...out[0]!]).toEqual([0, 0, 0, 0]); // below startFrames again
  });

  test('latency is capped: the oldest audio is dropped past maxFrames', () => {
    const jb = new JitterBuffer(1, 1, 10);
    for (let i = 0; i < 10; i++) jb.push(chunk(4, 1, i * 4));
    expect(jb.queued).toBeLessThanOrEqual(10);
    expect(jb.dropped).toBeGreaterThan(0);
    const out = [new Float32Array(1)];
    jb.pull(out);
    expect(out[0]![0]).toBeGreaterThanOrEqual(28); // old audio is gone
  });

  test('mono source on a stereo output fills both channels', () => {
    const jb = new JitterBuffer(1, 1, 10);
    jb.push(Float32Array.from([0.5]));
    const out = [new Float32Array(1), new Float32Array(1)];
    jb.pull(out);
    expect([out[0]![0], out[1]![0]]).toEqual([0.5, 0.5]);
  });
});

test('the player worklet module text is self-contained and registers its processor', () => {
  const registered: Record<string, unknown> = {};
  class AudioWorkletProcessor {
    port = { onmessage: null as ((e: { data: Float32Array }) => void) | null };
  }
  // Evaluate the module as the worklet scope would, with only the worklet globals defined.
  new Function('AudioWorkletProcessor', 'registerProcessor', playerWorkletSource())(
    AudioWorkletProcessor,
    (name: string, ctor: unknown) => {
      registered[name] = ctor;
    },
  );
  const Ctor = registered['ds-stream-player'] as new (
    o: unknown,
  ) => {
    port: { onmessage: (e: { data: Float32Array }) => void };
    process(i: unknown, o: Float32Array[][]): boolean;
  };
  const p = new Ctor({ processorOptions: { channels: 1, startFrames: 1, maxFrames: 100 } });
  p.port.onmessage({ data: Float32Array.from([0.25, 0.5]) });
  const out = [[new Float32Array(2)]];
  expect(p.process([], out)).toBe(true);
  expect([...out[0]![0]!]).toEqual([0.25, 0.5]);
});

describe('AudioPlayer: sample rate and channels from the wire (#8)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  test.each([
    [0, 1],
    [2999, 1],
    [768_001, 2],
    [Number.NaN, 2],
    [48000, 0],
    [48000, 33],
  ])('%d Hz x %d channels is a ProtocolError BAD_PAYLOAD, no AudioContext', (rate, channels) => {
    const p = new AudioPlayer();
    expect(() => p.push(new Float32Array(4), rate, channels)).toThrowError(ProtocolError);
    try {
      p.push(new Float32Array(4), rate, channels);
    } catch (e) {
      expect((e as ProtocolError).code).toBe('BAD_PAYLOAD');
    }
    expect(p.contexts).toBe(0);
  });

  test('alternating rates do not recreate the context per packet; a lasting new rate does once', () => {
    // Node has no Web Audio: a minimal AudioContext that records what the player asks of it.
    const made: number[] = [];
    const posted: Float32Array[] = [];
    class FakeContext {
      state = 'running';
      destination = {};
      audioWorklet = { addModule: async () => {} };
      constructor(o: { sampleRate: number }) {
        if (o.sampleRate === 5000) throw new Error('NotSupportedError');
        made.push(o.sampleRate);
      }
      close = async () => {};
    }
    class FakeNode {
      port = { postMessage: (d: Float32Array) => posted.push(d) };
      connect() {}
    }
    vi.stubGlobal('AudioContext', FakeContext);
    vi.stubGlobal('AudioWorkletNode', FakeNode);
    const p = new AudioPlayer();
    for (let i = 0; i < 100; i++) p.push(new Float32Array(480), i % 2 ? 24000 : 48000, 1);
    expect(made).toEqual([48000]);
    for (let i = 0; i < 30; i++) p.push(new Float32Array(480), 24000, 1);
    expect(made).toEqual([48000, 24000]);
    // A rate the platform refuses throws, and does not leave the player thinking it is open at it.
    const q = new AudioPlayer();
    expect(() => q.push(new Float32Array(4), 5000, 1)).toThrow(/NotSupported/);
    q.push(new Float32Array(4), 48000, 1);
    expect(q.contexts).toBe(1);
    p.close();
    q.close();
  });

  test('convertPcm resamples linearly and maps channels', () => {
    expect([...convertPcm(Float32Array.from([0, 2, 4, 6]), 2, 1, 4, 1)]).toEqual([0, 1, 2, 3, 4, 5, 6, 6]);
    expect([...convertPcm(Float32Array.from([1, 2]), 8, 1, 8, 2)]).toEqual([1, 1, 2, 2]);
    expect([...convertPcm(Float32Array.from([1, 9, 2, 9]), 8, 2, 8, 1)]).toEqual([1, 2]);
  });
});
