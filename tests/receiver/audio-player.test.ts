import { describe, expect, test } from 'vitest';
import { JitterBuffer, playerWorkletSource } from '../../src/receiver/audio-player';

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
