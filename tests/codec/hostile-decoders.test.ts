/**
 * Every decoder, called directly, on mutated valid messages placed inside larger buffers
 * filled with a sentinel byte: each case must give a ProtocolError or exactly the reference
 * result, and no output may reach outside the message (issue 15, item 2).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyDelta,
  decodeAudioCompressed,
  decodeAudioPcm,
  decodeCompressed,
  decodeFrame,
  decodeHaptic,
  decodeNeuralFrame,
  decodeNeuralLatent,
  decodePixels,
  decodeSignal,
  encodeAudioCompressed,
  encodeAudioPcm,
  encodeCompressed,
  encodeDeflatedPixels,
  encodeDelta,
  encodeHaptic,
  encodeNeuralFrame,
  encodeNeuralLatent,
  encodePixels,
  encodeSignalDiff,
  encodeSignalSync,
  latentToFloat32,
} from '../../src/codec/index';
import {
  checkSignalPayload,
  decodeInput,
  decodeLayerDirectory,
  decodeLayerOffer,
  decodeLayerPlacement,
  decodeLayerReport,
  decodeMessage,
  decodeRoster,
  decodeStreamStatus,
  encodeInput,
  encodeLayerDirectory,
  encodeLayerOffer,
  encodeLayerPlacement,
  encodeLayerReport,
  encodeRoster,
  encodeStreamStatus,
  Flag,
  FrameType,
  HEADER_SIZE,
  type Message,
  MessageReader,
  ProtocolError,
  readHeader,
} from '../../src/protocol/index';
import { hex, le } from '../helpers/bytes';
import { referenceApplyDelta } from './delta-reference';
import { checkCase, EDGE_U32, type HostileSpec, mutations, type Outcome, setU32 } from './hostile-harness';

const meta = { seq: 9, timestamp: 77 };
/** A message as a decoder gets it when called directly: header, and every byte after it. */
const direct = (bytes: Uint8Array): Message => ({
  header: readHeader(bytes),
  payload: bytes.subarray(HEADER_SIZE),
});

// The delta fixture: a 9x5 picture, a changed copy with literal, fill and repeat runs.
const W = 9;
const H = 5;
const prev = new Uint8Array(W * H * 4).map((_, i) => (i * 37) & 0xff);
const cur = prev.slice();
for (const [at, len, v] of [
  [3, 2, 0x11],
  [10, 6, 0x40],
  [20, 3, 0x40],
  [33, 1, 0x7e],
]) {
  for (let p = at!; p < at! + len!; p++) for (let b = 0; b < 4; b++) cur[p * 4 + b]! ^= (v! + p * b) & 0xff;
}

function applyTo(m: Message): Uint8Array {
  const target = prev.slice();
  applyDelta(m, target);
  return target;
}

const refError: Outcome = { error: new ProtocolError('BAD_PAYLOAD', 'reference refused it') };

/** The reference DeltaPixels outcome of exact bytes: header rules, then tests/codec/delta-reference.ts. */
function deltaReference(bytes: Uint8Array): Outcome {
  if (bytes.length < HEADER_SIZE) return refError;
  const h = readHeader(bytes);
  // A DeltaPixels may sit on no layer or the lossless one (layerFlagsError), nowhere else.
  const layer = (h.flags >> 3) & 3;
  if (h.type !== FrameType.DeltaPixels || (h.flags & (Flag.Input | Flag.Keyframe)) !== 0 || layer > 1) {
    return refError;
  }
  if (h.width * h.height * 4 !== prev.length) return refError;
  const out = referenceApplyDelta(bytes.subarray(HEADER_SIZE), prev, h.width * h.height);
  return out === null ? refError : { value: out };
}

const png = hex`89504e47 0d0a1a0a 0000000d 49484452 01`;
const latent = encodeNeuralLatent(
  {
    modelId: 'vae',
    modelVersion: 2,
    quantisation: 'float16',
    scale: 0.5,
    latent: hex`0102 0304 0506`,
    width: 8,
    height: 4,
  },
  meta,
);
const fixtures: Record<string, [Uint8Array, (m: Message) => unknown]> = {
  pixels: [encodePixels(prev.subarray(0, 24), 3, 2, meta), decodePixels],
  // FLAG_COMPRESSED: the sub-header's raw_len and the DEFLATE stream are mutated too.
  'pixels-deflate': [encodeDeflatedPixels(prev.subarray(0, 24), 3, 2, meta, 6), decodePixels],
  'neural-frame': [encodeNeuralFrame(prev.subarray(0, 16), 2, 2, meta), decodeNeuralFrame],
  compressed: [encodeCompressed(png, 1, 1, meta), decodeCompressed],
  'audio-pcm': [
    encodeAudioPcm(new Float32Array([0.5, -1, 2, Number.NaN, 3, 4]), 48000, 2, meta),
    decodeAudioPcm,
  ],
  'audio-compressed': [encodeAudioCompressed(hex`fc ff fe 01 02`, 48000, 1, meta), decodeAudioCompressed],
  haptic: [encodeHaptic({ durationMs: 300, intensity: 0.5, pattern: [10, 20, 30] }, meta), decodeHaptic],
  'signal-sync': [encodeSignalSync({ a: 1, b: [true, { c: 'x' }], d: null }, meta), decodeSignal],
  'signal-diff': [encodeSignalDiff({ a: { b: null }, s: 'é\\"' }, meta), decodeSignal],
  'neural-latent': [latent, (m) => ({ l: decodeNeuralLatent(m), f: latentToFloat32(decodeNeuralLatent(m)) })],
  'stream-status': [encodeStreamStatus('online', meta, 70000), decodeStreamStatus],
  roster: [encodeRoster('joined', [1, 7, 65535], meta), decodeRoster],
  'layer-offer': [encodeLayerOffer(0x0e, meta), decodeLayerOffer],
  'layer-report': [
    encodeLayerReport(
      [
        { id: 1, layer: 1, reason: 'join' },
        { id: 65535, layer: 3, reason: 'lagging' },
      ],
      meta,
    ),
    decodeLayerReport,
  ],
  'layer-placement': [
    encodeLayerPlacement({ z: -3, x: 640, y: 20, width: 320, height: 180, opacity: 200, input: true }, meta),
    decodeLayerPlacement,
  ],
  'layer-directory': [
    encodeLayerDirectory(
      [
        {
          name: 'scene',
          z: 0,
          x: 0,
          y: 0,
          width: 1280,
          height: 720,
          opacity: 255,
          input: true,
          online: true,
        },
        {
          name: 'pip_2',
          z: 5,
          x: 960,
          y: 540,
          width: 320,
          height: 180,
          opacity: 128,
          input: false,
          online: false,
        },
      ],
      meta,
    ),
    decodeLayerDirectory,
  ],
  'input-pointer': [encodeInput({ kind: 'pointer', x: 5, y: 600, buttons: 1 }, 3, 4), decodeInput],
  'input-gamepad': [
    encodeInput({ kind: 'gamepadbutton', button: 2, pressed: true, value: 0.5 }, 3, 4),
    decodeInput,
  ],
  'input-ack': [
    encodeInput({ kind: 'ack', ackSeq: 7, echoTimestamp: 9, decodeMicros: 800, queueDepth: 1 }),
    decodeInput,
  ],
  'input-bci': [
    encodeInput({
      kind: 'bci',
      channels: 2,
      seq: 9,
      sampleRate: 250,
      samples: Float32Array.of(1, -2, 3.5, 4),
    }),
    decodeInput,
  ],
  'input-voice': [
    encodeInput({
      kind: 'voice',
      codec: 0,
      start: true,
      end: false,
      seq: 3,
      sampleRate: 16000,
      frames: 2,
      data: hex`01 02 03 04`,
    }),
    decodeInput,
  ],
  delta: [encodeDelta(cur, prev, W, H, meta), applyTo],
};

const specs: HostileSpec[] = Object.entries(fixtures).map(([name, [valid, decode]]) => ({
  name,
  valid,
  run: (bytes) => decode(direct(bytes)),
  ...(name === 'delta' ? { reference: deltaReference } : {}),
}));
// The registry, the framing layer and the relay's signal check, over every fixture's bytes.
const all = Object.values(fixtures).map(([v]) => v);
for (const [i, valid] of all.entries()) {
  specs.push({
    name: `decodeFrame#${i}`,
    valid,
    run: (b) => decodeFrame(decodeMessage(b, { maxPayload: 4096 })),
  });
  specs.push({
    name: `MessageReader#${i}`,
    valid,
    run: (b) => {
      const r = new MessageReader({ maxPayload: 4096 });
      const cut = b.length >> 1;
      return [...r.push(b.subarray(0, cut)), ...r.push(b.subarray(cut))];
    },
  });
}
for (const name of ['signal-sync', 'signal-diff']) {
  specs.push({
    name: `checkSignalPayload(${name})`,
    valid: fixtures[name]![0],
    run: (b) => {
      const e = checkSignalPayload(b, 256);
      if (e) throw e;
      return null;
    },
  });
}

const counts = new Map<string, number>();
const count = (name: string, n = 1) =>
  counts.set(name.replace(/#\d+$/, ''), (counts.get(name.replace(/#\d+$/, '')) ?? 0) + n);
afterAll(() => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(
    `hostile decoder cases: ${total} total; ${[...counts].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
});

describe('hostile decoders: mutated valid messages inside sentinel-filled buffers', () => {
  it.each(specs.map((s) => [s.name, s] as const))('%s: systematic mutations', (_name, spec) => {
    let n = 0;
    for (const m of mutations(spec.valid)) checkCase(spec, m, n++ % 8);
    count(spec.name, n);
    expect(n).toBeGreaterThan(spec.valid.length * 8);
  });

  it.each(specs.map((s) => [s.name, s] as const))(
    '%s: random multi-byte edits (fast-check)',
    (_name, spec) => {
      const runs = 400;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
          fc.integer({ min: -12, max: 12 }),
          fc.nat(7),
          (edits, resize, pre) => {
            const m = new Uint8Array(Math.max(0, spec.valid.length + resize));
            m.set(spec.valid.subarray(0, m.length));
            for (const [at, byte] of edits) if (m.length) m[at % m.length] = byte;
            checkCase(spec, m, pre);
          },
        ),
        { numRuns: runs },
      );
      count(spec.name, runs);
    },
  );
});

describe('the harness itself', () => {
  const valid = fixtures.pixels![0];
  it('catches a decoder that reads past its view, returns a view outside it, or throws a RangeError', () => {
    const leaky: HostileSpec[] = [
      {
        name: 'copies past the end',
        valid,
        run: (b) => new Uint8Array(b.buffer, b.byteOffset, b.length + 4).slice(),
      },
      { name: 'view past the end', valid, run: (b) => new Uint8Array(b.buffer, b.byteOffset, b.length + 1) },
      {
        name: 'RangeError',
        valid,
        run: (b) => new DataView(b.buffer, b.byteOffset, b.length).getUint32(b.length),
      },
    ];
    for (const spec of leaky) expect(() => checkCase(spec, valid, 3), spec.name).toThrow(spec.name);
  });
});

describe('hostile DeltaPixels: section lengths that balance only under 32-bit wraparound', () => {
  const delta = specs.find((s) => s.name === 'delta')!;
  const message = (payload: Uint8Array) => {
    const out = new Uint8Array(HEADER_SIZE + payload.length);
    out.set(hex`03 00 0000 00000000 ${le(W, 2)} ${le(H, 2)} ${le(payload.length, 4)}`);
    out.set(payload, HEADER_SIZE);
    return out;
  };

  it('ops_len 0xFFFFFFF0 with lit_words that make (12 + ops_len + 3) & ~3 add up (the issue 15 probe)', () => {
    // Literal n=5, then Skip n=1 x3: the old code took -4 as the literal offset and XOR-ed
    // 16 sentinel bytes from beyond the message into the picture.
    const payload = hex`01 000000 f0ffffff 05000000 15 04 04 04`;
    for (let pre = 0; pre < 8; pre++) checkCase(delta, message(payload), pre);
    count('delta-wrap', 8);
  });

  it('random op streams with edge ops_len and every wrapped solution for lit_words (fast-check)', () => {
    const runs = 1500;
    const op = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(
        fc.array(op, { minLength: 1, maxLength: 10 }),
        fc.nat(3),
        fc.nat(7),
        (list, extraLits, pre) => {
          const ops = list.map(([kind, n]) => (n << 2) | kind);
          while ((12 + ops.length) % 4 !== 0) ops.push(4); // Skip n=1: no padding, so ops run to the end
          const used = list.reduce((u, [kind, n]) => u + (kind === 1 ? n : kind === 2 ? 1 : 0), 0);
          const payload = new Uint8Array(12 + ops.length + 4 * extraLits).fill(0x33);
          payload.set(hex`01 000000`);
          payload.set(ops, 12);
          for (const opsLen of [ops.length, ...EDGE_U32]) {
            // Literal offsets an implementation might compute: plain, int32-wrapped, u32-wrapped.
            const offsets = [
              Math.ceil((12 + opsLen) / 4) * 4,
              (12 + opsLen + 3) & ~3,
              ((12 + opsLen + 3) & ~3) >>> 0,
            ];
            for (const litWords of new Set([used, ...offsets.map((l) => ((payload.length - l) / 4) >>> 0)])) {
              setU32(payload, 4, opsLen);
              setU32(payload, 8, litWords);
              checkCase(delta, message(payload), pre);
              count('delta-wrap');
            }
          }
        },
      ),
      { numRuns: runs },
    );
  });
});
