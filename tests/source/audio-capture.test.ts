import { expect, test } from 'vitest';
import { captureWorkletSource, PcmChunker } from '../../src/source/audio-capture';

test('PcmChunker interleaves planar blocks into fixed-size chunks', () => {
  const c = new PcmChunker(2, 3);
  const left = Float32Array.from([1, 2, 3, 4]);
  const right = Float32Array.from([-1, -2, -3, -4]);
  const out = c.push([left, right]);
  expect(out.map((x) => [...x])).toEqual([[1, -1, 2, -2, 3, -3]]);
  expect(c.filled).toBe(1);
  const more = c.push([Float32Array.from([5, 6]), Float32Array.from([-5, -6])]);
  expect(more.map((x) => [...x])).toEqual([[4, -4, 5, -5, 6, -6]]);
});

test('a mono input on a stereo tap fills the missing channel with silence', () => {
  const c = new PcmChunker(2, 2);
  expect(c.push([Float32Array.from([1, 2])]).map((x) => [...x])).toEqual([[1, 0, 2, 0]]);
});

test('the capture worklet module text is self-contained and posts chunks with transfer', () => {
  let Ctor: (new (o: unknown) => { process(i: Float32Array[][]): boolean }) | undefined;
  const posted: Float32Array[] = [];
  class AudioWorkletProcessor {
    port = { postMessage: (d: Float32Array) => posted.push(d) };
  }
  new Function('AudioWorkletProcessor', 'registerProcessor', captureWorkletSource())(
    AudioWorkletProcessor,
    (name: string, c: typeof Ctor) => {
      if (name === 'ds-stream-capture') Ctor = c;
    },
  );
  const p = new Ctor!({ processorOptions: { channels: 1, frames: 4 } });
  for (let i = 0; i < 3; i++) p.process([[Float32Array.from([i, i])]]);
  expect(posted.map((x) => [...x])).toEqual([[0, 0, 1, 1]]);
});
