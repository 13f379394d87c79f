// Digital silence after the first chunk is not sent; sound passes at once.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { isDigitalSilence, SilenceGate } from '../../src/source/silence-gate';

const zeros = () => new Float32Array(960);
const tone = (amp = 0.2) => Float32Array.from({ length: 960 }, (_, i) => amp * Math.sin(i / 7));

test('a run of silence sends its first chunk only, and the first sound resumes at once', () => {
  const g = new SilenceGate();
  const chunks = [tone(), zeros(), zeros(), zeros(), tone(), zeros(), zeros(), tone()];
  expect(chunks.map((c) => g.pass(c))).toEqual([true, true, false, false, true, true, false, true]);
});

test('a stream that starts silent sends one chunk, then nothing until sound', () => {
  const g = new SilenceGate();
  expect([zeros(), zeros(), zeros()].map((c) => g.pass(c))).toEqual([true, false, false]);
  expect(g.pass(tone())).toBe(true);
  g.reset();
  expect(g.pass(zeros())).toBe(true);
});

test('only exact zeros are silence: one tiny sample, or -0, decide it', () => {
  const c = zeros();
  c[959] = 1e-30;
  expect(isDigitalSilence(c)).toBe(false);
  const n = zeros();
  n[3] = -0;
  expect(isDigitalSilence(n)).toBe(true);
  expect(isDigitalSilence(tone(1e-6))).toBe(false);
});

test('property: every chunk with sound is sent, and no two silent chunks in a row are', () => {
  fc.assert(
    fc.property(fc.array(fc.boolean(), { maxLength: 60 }), (pattern) => {
      const g = new SilenceGate();
      let prevSilent = false;
      for (const loud of pattern) {
        const sent = g.pass(loud ? tone() : zeros());
        if (loud) expect(sent).toBe(true);
        else if (prevSilent) expect(sent).toBe(false);
        else expect(sent).toBe(true);
        prevSilent = !loud;
      }
    }),
  );
});
