import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDelta,
  decodeFrame,
  encodeAudioCompressed,
  encodeAudioPcm,
  encodeCompressed,
  encodeDelta,
  encodeHaptic,
  encodeNeuralFrame,
  encodeNeuralLatent,
  encodePixels,
  encodeSignalDiff,
  encodeSignalSync,
  type Frame,
} from '../../src/codec/index';
import * as core from '../../src/core';
import {
  decodeMessage,
  encodeEnd,
  encodeInput,
  encodeLayerDirectory,
  encodeLayerPlacement,
  encodeMessage,
  encodePing,
  encodeRoster,
  encodeStreamStatus,
  Flag,
  FrameType,
  InputType,
  ProtocolError,
} from '../../src/protocol/index';
import { hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 1, timestamp: 2 };
const rgba = new Uint8Array(2 * 2 * 4).map((_, i) => i);
const frame = (bytes: Uint8Array): Frame => decodeFrame(decodeMessage(bytes));

describe('type codes', () => {
  it('match the seed tables exactly, plus the documented project additions', () => {
    expect(FrameType).toEqual({
      Pixels: 0x01,
      CompressedPixels: 0x02,
      DeltaPixels: 0x03,
      AudioPcm: 0x10,
      AudioCompressed: 0x11,
      Haptic: 0x20,
      SignalSync: 0x30,
      SignalDiff: 0x31,
      NeuralFrame: 0x40,
      NeuralAudio: 0x41,
      NeuralActuator: 0x42,
      NeuralLatent: 0x43,
      StreamStatus: 0x50,
      Roster: 0x51,
      LayerOffer: 0x52,
      LayerReport: 0x53,
      RtcHello: 0x54,
      RtcSignal: 0x55,
      LayerPlacement: 0x58,
      LayerDirectory: 0x59,
      Pong: 0xfd,
      Ping: 0xfe,
      End: 0xff,
    });
    expect(InputType).toEqual({
      Pointer: 0x01,
      PointerDown: 0x02,
      PointerUp: 0x03,
      KeyDown: 0x10,
      KeyUp: 0x11,
      Touch: 0x20,
      TouchEnd: 0x21,
      GamepadAxis: 0x30,
      GamepadButton: 0x31,
      Midi: 0x40,
      Scroll: 0x50,
      Resize: 0x60,
      KeyframeRequest: 0x70,
      Ack: 0x71,
      RtcSignal: 0x72,
      VoiceInput: 0x80,
      BciInput: 0x90,
      Ping: 0xfe,
    });
    expect(Flag).toEqual({ Input: 1, Keyframe: 2, Compressed: 4, LayerMask: 0x18 });
  });
});

describe('decodeFrame', () => {
  it('decodes every frame type to its kind', () => {
    const kinds: Array<[Uint8Array, Frame['kind']]> = [
      [encodePixels(rgba, 2, 2, meta), 'pixels'],
      [encodeCompressed(hex`89504e470d0a1a0a`, 2, 2, meta), 'compressed'],
      [encodeDelta(rgba, new Uint8Array(16), 2, 2, meta), 'delta'],
      [encodeAudioPcm(new Float32Array(2), 48000, 2, meta), 'audio-pcm'],
      [encodeAudioCompressed(hex`fc`, 48000, 2, meta), 'audio-compressed'],
      [encodeHaptic({ durationMs: 10, intensity: 1 }, meta), 'haptic'],
      [encodeSignalSync({ a: 1 }, meta), 'signal-sync'],
      [encodeSignalDiff({ a: null }, meta), 'signal-diff'],
      [encodeNeuralFrame(rgba, 2, 2, meta), 'neural-frame'],
      [
        encodeMessage(
          { type: FrameType.NeuralAudio, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 },
          hex`01`,
        ),
        'neural-audio',
      ],
      [
        encodeMessage(
          { type: FrameType.NeuralActuator, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 },
          hex`01`,
        ),
        'neural-actuator',
      ],
      [
        encodeNeuralLatent(
          { modelId: 'm', modelVersion: 1, quantisation: 'uint8', latent: hex`01`, width: 2, height: 2 },
          meta,
        ),
        'neural-latent',
      ],
      [encodeStreamStatus('online', meta, 3), 'stream-status'],
      [encodeRoster('left', [4], meta), 'roster'],
      [
        encodeLayerPlacement({ z: 1, x: 0, y: 0, width: 2, height: 2, opacity: 255, input: true }, meta),
        'layer-placement',
      ],
      [encodeLayerDirectory([], meta), 'layer-directory'],
      [encodePing(meta), 'ping'],
      [encodePing({ ...meta, input: true }), 'ping'],
      [encodeMessage({ type: FrameType.Pong, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 }), 'pong'],
      [encodeEnd(meta), 'end'],
      [encodeInput({ kind: 'pointer', x: 1, y: 2, buttons: 1 }), 'input'],
    ];
    for (const [bytes, kind] of kinds) expect(frame(bytes).kind).toBe(kind);
  });

  it('returns typed fields per kind', () => {
    const p = frame(encodePixels(rgba, 2, 2, meta));
    expect(p).toEqual({ kind: 'pixels', width: 2, height: 2, rgba });
    expect(frame(encodeStreamStatus('offline', meta, 4))).toEqual({
      kind: 'stream-status',
      status: 'offline',
      receivers: 4,
    });
    expect(frame(encodeRoster('snapshot', [2, 3], meta))).toEqual({
      kind: 'roster',
      roster: { kind: 'snapshot', ids: [2, 3] },
    });
    expect(
      frame(encodeInput({ kind: 'ack', ackSeq: 9, echoTimestamp: 10, decodeMicros: 11, queueDepth: 1 })),
    ).toEqual({
      kind: 'input',
      event: { kind: 'ack', ackSeq: 9, echoTimestamp: 10, decodeMicros: 11, queueDepth: 1 },
    });
    const d = frame(encodeDelta(rgba, new Uint8Array(16), 2, 2, meta));
    if (d.kind !== 'delta') throw new Error('expected delta');
    const target = new Uint8Array(16);
    applyDelta(d.message, target);
    expect(target).toEqual(rgba);
  });

  it('rejects unknown frame and input codes (UNKNOWN_TYPE)', () => {
    expectProtocolError(
      () =>
        decodeFrame({
          header: { type: 0x7a, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0, payloadLength: 0 },
          payload: new Uint8Array(0),
        }),
      'UNKNOWN_TYPE',
      /0x7a/,
    );
    expectProtocolError(
      () =>
        decodeFrame({
          header: {
            type: 0x7a,
            flags: Flag.Input,
            seq: 0,
            timestamp: 0,
            width: 0,
            height: 0,
            payloadLength: 0,
          },
          payload: new Uint8Array(0),
        }),
      'UNKNOWN_TYPE',
    );
  });

  it('checks delta structure without a target', () => {
    const bad = hex`03 02 0000 00000000 0100 0100 0c000000 01 000000 00000000 00000000`;
    expectProtocolError(() => frame(bad), 'BAD_PAYLOAD', /FLAG_KEYFRAME/);
  });

  it('is re-exported through @ds-stream/react/core', () => {
    expect(core.decodeFrame).toBe(decodeFrame);
    expect(core.encodeDelta).toBe(encodeDelta);
    expect(core.applyDelta).toBe(applyDelta);
  });
});

describe('hostile input (fast-check)', () => {
  const valid = [
    encodePixels(rgba, 2, 2, meta),
    encodeDelta(rgba, new Uint8Array(16).fill(3), 2, 2, meta),
    encodeSignalSync({ a: [1, 2, { b: 'c' }] }, meta),
    encodeHaptic({ durationMs: 10, intensity: 1, pattern: [1, 2] }, meta),
    encodeAudioPcm(new Float32Array(4), 8000, 2, meta),
    encodeNeuralLatent(
      { modelId: 'mm', modelVersion: 1, quantisation: 'float16', latent: hex`0000`, width: 1, height: 1 },
      meta,
    ),
    encodeCompressed(hex`ffd8ff00`, 1, 1, meta),
    encodeStreamStatus('ended', meta),
    encodeInput({ kind: 'gamepadbutton', button: 1, pressed: true, value: 0.5 }),
  ];

  /** Decodes the bytes as a receiver would; anything but a ProtocolError fails the property. */
  function decodeAll(bytes: Uint8Array): void {
    try {
      const f = decodeMessage(bytes);
      const out = decodeFrame(f);
      if (out.kind === 'delta') {
        // A mutated header can claim up to 65535 x 65535 pixels (17 GB): give such frames a
        // small target, which applyDelta must refuse (SIZE_MISMATCH) rather than overrun.
        const size = out.width * out.height * 4;
        const target = new Uint8Array(size <= 1 << 24 ? size : 64).fill(7);
        const before = target.slice();
        try {
          applyDelta(out.message, target);
        } catch (e) {
          expect(target).toEqual(before);
          throw e;
        }
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
    }
  }

  it('random buffers never throw anything but ProtocolError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => decodeAll(b)),
      { numRuns: 5000 },
    );
  });

  it('random payloads behind a valid header of every frame type', () => {
    const types = Object.values(FrameType);
    fc.assert(
      fc.property(
        fc.constantFrom(...types),
        fc.nat(3),
        fc.uint8Array({ maxLength: 48 }),
        fc.nat(4),
        fc.nat(4),
        (type, flags, payload, w, h) => {
          decodeAll(
            encodeMessage(
              { type, flags: flags & ~Flag.Input, seq: 0, timestamp: 0, width: w, height: h },
              payload,
            ),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('mutated valid messages never throw anything but ProtocolError', () => {
    // Regression: seed 1447078781 mutated a delta header to 0x6902 x 0x9d00 pixels.
    decodeAll(
      Uint8Array.from([
        3, 0, 1, 0, 2, 0, 0, 0, 2, 105, 2, 157, 32, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0, 17, 0, 0, 0,
        3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12,
      ]),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 }),
        (msg, edits) => {
          const b = msg.slice();
          for (const [at, v] of edits) b[at % b.length] = v;
          decodeAll(b);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
