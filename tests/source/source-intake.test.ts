// The source's intake of relay messages: fixed-size input is handled at once, VoiceInput and
// BciInput wait for their lazily loaded codec and then reach the handlers in arrival order, and a
// malformed one is counted as the receiver's bad input, never the source's error.
import { describe, expect, it, vi } from 'vitest';
import { type BciInput, encodeInput, Flag, type InputEvent } from '../../src/protocol/index';
import { decodeFixedInput } from '../../src/protocol/input-fixed';
import { InputSink } from '../../src/source/input-sink';
import { sourceIntake } from '../../src/source/source-intake';
import type { SourceMessageHost } from '../../src/source/source-messages';

const bci = (seq: number): BciInput => ({
  kind: 'bci',
  channels: 1,
  seq,
  sampleRate: 250,
  samples: Float32Array.of(seq),
});

function setup() {
  const seen: string[] = [];
  const errors: Error[] = [];
  let bad = 0;
  const input = new InputSink((e) => errors.push(e), decodeFixedInput);
  input.on('*', (ev: InputEvent) => seen.push(ev.kind === 'bci' ? `bci ${ev.seq}` : ev.kind));
  const inbox = { input, keyframe: () => {}, ack: () => {} } as unknown as SourceMessageHost;
  const intake = sourceIntake({
    inbox,
    input,
    disposed: () => false,
    badInput: () => {
      bad++;
    },
    error: (e) => errors.push(e),
  });
  return { intake, seen, errors, bad: () => bad };
}

describe('sourceIntake', () => {
  it('hands BciInput over in arrival order once its codec has loaded; a key goes at once', async () => {
    const s = setup();
    s.intake(encodeInput(bci(1)));
    s.intake(encodeInput({ kind: 'keydown', keyCode: 65, modifiers: 0 }));
    s.intake(encodeInput(bci(2)));
    expect(s.seen).toEqual(['keydown']);
    await vi.waitFor(() => expect(s.seen).toEqual(['keydown', 'bci 1', 'bci 2']));
    // Loaded now: the next one is handled in the same call.
    s.intake(encodeInput(bci(3)));
    expect(s.seen.at(-1)).toBe('bci 3');
    expect(s.errors).toEqual([]);
  });

  it('counts a malformed BciInput or key as bad input, not as the source error', async () => {
    const s = setup();
    const broken = encodeInput(bci(1));
    broken[16] = 0; // zero channels
    s.intake(broken);
    // A KeyDown with a 2-byte payload (3 expected); the header's payload length matches the bytes.
    const shortKey = encodeInput({ kind: 'keydown', keyCode: 65, modifiers: 0 }).slice(0, 18);
    shortKey[12] = 2;
    expect(shortKey[1]! & Flag.Input).toBe(Flag.Input);
    s.intake(shortKey);
    await vi.waitFor(() => expect(s.bad()).toBe(2));
    expect(s.errors).toEqual([]);
    expect(s.seen).toEqual([]);
  });
});
