// The receiver's audio module loads on the first audio frame: frames that arrive meanwhile wait
// and reach the real AudioReceiver in order once it is there; a reset drops them.
import { describe, expect, test, vi } from 'vitest';
import { encodeAudioPcm } from '../../src/codec/audio-pcm';
import { decodeMessage } from '../../src/protocol/index';
import { LazyAudioReceiver } from '../../src/receiver/lazy-audio';

const pcm = (seq: number) => encodeAudioPcm(new Float32Array(960), 48000, 1, { seq, timestamp: seq });
/** An AudioPcm with a zero sample rate: the real receiver throws a ProtocolError for it. */
const bad = (seq: number) => {
  const b = encodeAudioPcm(new Float32Array(4), 48000, 1, { seq, timestamp: seq });
  b[8] = 0;
  b[9] = 0;
  return b;
};

describe('LazyAudioReceiver', () => {
  test('frames received while the module loads are handed to the real receiver once it loads', async () => {
    const errors: Error[] = [];
    const rx = new LazyAudioReceiver((e) => errors.push(e));
    rx.receive(decodeMessage(pcm(1)));
    rx.receive(decodeMessage(bad(2)));
    expect(errors).toEqual([]);
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.name).toBe('ProtocolError');
    // Loaded: the next malformed frame is handled (and reported) at once.
    expect(() => rx.receive(decodeMessage(bad(3)))).toThrow();
    rx.close();
  });

  test('reset drops the frames still waiting (they belong to the old sequence)', async () => {
    const errors: Error[] = [];
    const rx = new LazyAudioReceiver((e) => errors.push(e));
    rx.receive(decodeMessage(bad(1)));
    rx.reset();
    rx.receive(decodeMessage(bad(2)));
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    expect(errors).toHaveLength(1);
    rx.close();
  });
});
