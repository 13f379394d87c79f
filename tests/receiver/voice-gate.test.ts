// The voice gate: silence is not streamed, speech opens an utterance with its pre-roll, the
// hangover keeps a word's tail, push-to-talk follows the switch.
import { describe, expect, it } from 'vitest';
import { levelDb, VoiceGate } from '../../src/receiver/voice-gate';

const chunk = (amp: number) => new Float32Array(320).fill(amp);
const QUIET = chunk(0.001); // -60 dBFS
const LOUD = chunk(0.1); // -20 dBFS

describe('VoiceGate (voice activity)', () => {
  it('sends nothing for silence', () => {
    const g = new VoiceGate();
    for (let i = 0; i < 100; i++) expect(g.push(QUIET, 20).chunks).toEqual([]);
  });

  it('opens on speech with the pre-roll first, and ends after the hangover', () => {
    const g = new VoiceGate({ preRollMs: 60, hangoverMs: 100 });
    for (let i = 0; i < 10; i++) g.push(QUIET, 20);
    const open = g.push(LOUD, 20);
    expect(open.start).toBe(true);
    expect(open.chunks).toHaveLength(4); // 3 pre-roll chunks + the loud one
    expect(g.push(LOUD, 20)).toEqual({ chunks: [LOUD], start: false, end: false });
    const tail = [1, 2, 3, 4, 5].map(() => g.push(QUIET, 20));
    expect(tail.map((t) => t.end)).toEqual([false, false, false, false, true]);
    expect(tail.every((t) => t.chunks.length === 1)).toBe(true);
    expect(g.push(QUIET, 20).chunks).toEqual([]);
  });

  it('measures dBFS', () => {
    expect(levelDb(LOUD)).toBeCloseTo(-20, 5);
    expect(levelDb(new Float32Array(4))).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('VoiceGate (push-to-talk)', () => {
  it('streams only while held, loud or not, and ends on release', () => {
    const g = new VoiceGate({ mode: 'push-to-talk', preRollMs: 0 });
    expect(g.push(LOUD, 20).chunks).toEqual([]);
    g.talk(true);
    expect(g.push(QUIET, 20)).toMatchObject({ start: true, end: false });
    expect(g.push(QUIET, 20).chunks).toHaveLength(1);
    g.talk(false);
    expect(g.push(LOUD, 20)).toEqual({ chunks: [], start: false, end: true });
    expect(g.push(LOUD, 20).chunks).toEqual([]);
  });
});

describe('VoiceGate settings', () => {
  it.each([
    ['a NaN pre-roll (it would hold every silent chunk)', { preRollMs: Number.NaN }],
    ['an infinite pre-roll', { preRollMs: Number.POSITIVE_INFINITY }],
    ['a negative hangover', { hangoverMs: -1 }],
    ['a NaN hangover (the gate would never close)', { hangoverMs: Number.NaN }],
    ['a NaN threshold', { thresholdDb: Number.NaN }],
  ])('refuses %s with BAD_INPUT', (_n, options) => {
    expect(() => new VoiceGate(options)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
