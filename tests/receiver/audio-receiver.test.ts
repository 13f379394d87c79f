// Audio intake ordering: late (reordered) packets are dropped by serial-number comparison of seq.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodeAudioPcm } from '../../src/codec/audio-pcm';
import { decodeMessage, encodeEnd, encodeStreamStatus } from '../../src/protocol/index';
import { AudioReceiver, seqAfter } from '../../src/receiver/audio-receiver';
import { handleSideChannel, type SideChannelHost } from '../../src/receiver/side-channels';

describe('seqAfter', () => {
  test('follows RFC 1982 across the wrap', () => {
    expect(seqAfter(1, 0)).toBe(true);
    expect(seqAfter(0, 65535)).toBe(true);
    expect(seqAfter(65535, 0)).toBe(false);
    expect(seqAfter(5, 5)).toBe(false);
  });

  test('exactly one of a after b, b after a holds for distinct seqs less than half the space apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 1, max: 0x7fff }), (b, d) => {
        const a = (b + d) & 0xffff;
        expect(seqAfter(a, b)).toBe(true);
        expect(seqAfter(b, a)).toBe(false);
      }),
    );
  });
});

describe('AudioReceiver', () => {
  const pcm = (seq: number) =>
    decodeMessage(encodeAudioPcm(new Float32Array(960), 48000, 1, { seq, timestamp: seq }));

  test('a packet older than one already taken is dropped as late; gaps are not losses', () => {
    const errors: Error[] = [];
    const rx = new AudioReceiver((e) => errors.push(e));
    for (const seq of [10, 14, 12, 20, 19, 65535]) rx.receive(pcm(seq));
    // 12 came after 14, 19 after 20, 65535 is behind 20 (it is 21 steps before it across the wrap).
    expect(rx.late).toBe(3);
    rx.reset();
    rx.receive(pcm(3));
    expect(rx.late).toBe(3);
    // A restarted source counts from 0 again: far behind the newest is a new sequence, not late.
    rx.receive(pcm(40_000));
    rx.receive(pcm(0));
    rx.receive(pcm(1));
    expect(rx.late).toBe(3);
    rx.close();
    expect(errors).toEqual([]);
  });

  test('a malformed audio message throws a ProtocolError', () => {
    const rx = new AudioReceiver(() => {});
    const bad = encodeAudioPcm(new Float32Array(4), 48000, 1, { seq: 1, timestamp: 0 });
    bad[8] = 0;
    bad[9] = 0;
    expect(() => rx.receive(decodeMessage(bad))).toThrow(/ProtocolError|sample rate|BAD_PAYLOAD|SIZE/);
    rx.close();
  });
});

describe('audio after a source restart (#5)', () => {
  const pcm = (seq: number) =>
    decodeMessage(encodeAudioPcm(new Float32Array(960), 48000, 1, { seq, timestamp: seq }));

  function host(audio: AudioReceiver): SideChannelHost {
    let online = true;
    return {
      now: () => 0,
      rtt: () => {},
      sourceOnline: (o) => {
        online = o;
      },
      get online() {
        return online;
      },
      haptics: false,
      onHaptic: undefined,
      audio,
      layer: () => {},
      current: { mode: null, fps: 0, rttMs: null },
      hapticPlayer: () => {},
      layerReports: () => {},
    };
  }

  test.each([
    ['End', [encodeEnd({ seq: 101, timestamp: 0 })]],
    [
      'StreamStatus offline -> online',
      [
        encodeStreamStatus('offline', { seq: 0, timestamp: 0 }),
        encodeStreamStatus('online', { seq: 0, timestamp: 0 }),
      ],
    ],
  ])("%s: the restarted source's low seqs play, not dropped as late", (_name, control) => {
    const rx = new AudioReceiver(() => {});
    const h = host(rx);
    for (let seq = 90; seq <= 100; seq++) handleSideChannel(pcm(seq), h);
    for (const m of control) handleSideChannel(decodeMessage(m), h);
    // The new source counts from 0: 3 is only 97 steps behind 100, which alone would look late.
    for (let seq = 3; seq <= 6; seq++) handleSideChannel(pcm(seq), h);
    expect(rx.late).toBe(0);
    rx.close();
  });

  test('a repeated online status does not reset the sequence', () => {
    const rx = new AudioReceiver(() => {});
    const h = host(rx);
    handleSideChannel(pcm(50), h);
    handleSideChannel(decodeMessage(encodeStreamStatus('online', { seq: 0, timestamp: 0 })), h);
    handleSideChannel(pcm(40), h);
    expect(rx.late).toBe(1);
    rx.close();
  });
});
