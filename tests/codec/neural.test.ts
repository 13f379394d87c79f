import { describe, expect, it } from 'vitest';
import {
  decodeNeuralFrame,
  decodeNeuralLatent,
  encodeNeuralFrame,
  encodeNeuralLatent,
  encodePixels,
  LATENT_QUANTISATIONS,
  type LatentQuantisation,
  latentToFloat32,
} from '../../src/codec/index';
import { decodeMessage, encodeMessage, Flag, FrameType } from '../../src/protocol/index';
import { hex } from '../helpers/bytes';
import { expectProtocolError } from './expect-error';

const meta = { seq: 4, timestamp: 8 };
const latentMessage = (payload: Uint8Array) =>
  decodeMessage(
    encodeMessage(
      { type: FrameType.NeuralLatent, flags: 0, seq: 0, timestamp: 0, width: 0, height: 0 },
      payload,
    ),
  );

describe('NeuralFrame', () => {
  it('is Pixels with type 0x40 and FLAG_KEYFRAME', () => {
    const rgba = hex`01020304 05060708`;
    const msg = encodeNeuralFrame(rgba, 2, 1, meta);
    expect(msg[0]).toBe(0x40);
    expect(msg.subarray(1)).toEqual(encodePixels(rgba, 2, 1, meta).subarray(1));
    const out = decodeNeuralFrame(decodeMessage(msg));
    expect(out).toEqual({ width: 2, height: 1, rgba });
    expect(decodeMessage(msg).header.flags).toBe(Flag.Keyframe);
  });

  it('rejects a bad size (SIZE_MISMATCH) and Pixels frames (UNKNOWN_TYPE)', () => {
    const bad = decodeMessage(
      encodeMessage(
        { type: FrameType.NeuralFrame, flags: 2, seq: 0, timestamp: 0, width: 2, height: 1 },
        new Uint8Array(7),
      ),
    );
    expectProtocolError(() => decodeNeuralFrame(bad), 'SIZE_MISMATCH', /2x1x4 = 8/);
    expectProtocolError(
      () => decodeNeuralFrame(decodeMessage(encodePixels(new Uint8Array(4), 1, 1, meta))),
      'UNKNOWN_TYPE',
      /expected NeuralFrame/,
    );
  });
});

describe('NeuralLatent', () => {
  it('writes quant, id length, version, scale, offset, id, latent (byte vector)', () => {
    const msg = encodeNeuralLatent(
      {
        modelId: 'vae',
        modelVersion: 258,
        quantisation: 'int8',
        scale: 0.5,
        offset: -1,
        latent: hex`01 ff`,
        width: 600,
        height: 400,
      },
      meta,
    );
    expect(msg).toEqual(
      hex`43 00 0400 08000000 5802 9001 11000000
          02 03 0201 0000003f 000080bf 766165 01ff`,
    );
    const out = decodeNeuralLatent(decodeMessage(msg));
    expect(out).toEqual({
      modelId: 'vae',
      modelVersion: 258,
      quantisation: 'int8',
      scale: 0.5,
      offset: -1,
      width: 600,
      height: 400,
      latent: hex`01 ff`,
    });
    expect([...latentToFloat32(out)]).toEqual([-0.5, -1.5]);
  });

  it.each([
    ['float32', hex`0000803f 000040c0`, [1, -3]],
    ['float16', hex`003c 00c2 0000 0100 007c`, [1, -3, 0, 2 ** -24, Number.POSITIVE_INFINITY]],
    ['int8', hex`7f 80`, [127, -128]],
    ['uint8', hex`00 ff`, [0, 255]],
  ] as Array<[LatentQuantisation, Uint8Array, number[]]>)(
    'round-trips and dequantises %s',
    (quantisation, latent, values) => {
      const out = decodeNeuralLatent(
        decodeMessage(
          encodeNeuralLatent(
            { modelId: 'm', modelVersion: 1, quantisation, latent, width: 1, height: 1 },
            meta,
          ),
        ),
      );
      expect(out.scale).toBe(1);
      expect(out.offset).toBe(0);
      expect([...latentToFloat32(out)]).toEqual(values);
    },
  );

  it('keeps the wire codes of quantisations stable', () => {
    expect(LATENT_QUANTISATIONS).toEqual(['float32', 'float16', 'int8', 'uint8']);
  });

  it('refuses bad arguments when encoding', () => {
    const base = {
      modelId: 'm',
      modelVersion: 1,
      quantisation: 'uint8' as const,
      latent: hex`00`,
      width: 1,
      height: 1,
    };
    expectProtocolError(
      () => encodeNeuralLatent({ ...base, modelId: '' }, meta),
      'BAD_PAYLOAD',
      /0 UTF-8 bytes/,
    );
    expectProtocolError(
      () => encodeNeuralLatent({ ...base, modelId: 'x'.repeat(256) }, meta),
      'BAD_PAYLOAD',
      /256/,
    );
    expectProtocolError(
      () => encodeNeuralLatent({ ...base, modelVersion: 70000 }, meta),
      'BAD_PAYLOAD',
      /modelVersion/,
    );
    expectProtocolError(
      () => encodeNeuralLatent({ ...base, scale: Number.NaN }, meta),
      'BAD_PAYLOAD',
      /finite/,
    );
    expectProtocolError(
      () => encodeNeuralLatent({ ...base, quantisation: 'bogus' as LatentQuantisation }, meta),
      'BAD_PAYLOAD',
      /unknown quantisation/,
    );
    expectProtocolError(
      () => encodeNeuralLatent({ ...base, quantisation: 'float32', latent: hex`000000` }, meta),
      'SIZE_MISMATCH',
      /float32/,
    );
  });

  it.each([
    ['a short payload', hex`00 01 0100 0000803f`, 'BAD_PAYLOAD', /header alone/],
    ['an unknown quantisation', hex`04 01 0100 0000803f 00000000 6d`, 'BAD_PAYLOAD', /quantisation code 4/],
    ['an empty model id', hex`00 00 0100 0000803f 00000000`, 'BAD_PAYLOAD', /model id length 0/],
    ['a model id past the end', hex`00 05 0100 0000803f 00000000 6d`, 'BAD_PAYLOAD', /model id length 5/],
    ['a model id that is not UTF-8', hex`03 01 0100 0000803f 00000000 ff`, 'BAD_PAYLOAD', /not UTF-8/],
    ['a NaN scale', hex`03 01 0100 0000c07f 00000000 6d`, 'BAD_PAYLOAD', /finite/],
    ['an infinite offset', hex`03 01 0100 0000803f 0000807f 6d`, 'BAD_PAYLOAD', /finite/],
    [
      'a float32 latent of 6 bytes',
      hex`00 01 0100 0000803f 00000000 6d 000000000000`,
      'SIZE_MISMATCH',
      /6 latent bytes/,
    ],
    ['a float16 latent of 3 bytes', hex`01 01 0100 0000803f 00000000 6d 000000`, 'SIZE_MISMATCH', /float16/],
  ] as const)('rejects %s', (_name, payload, code, pattern) => {
    expectProtocolError(() => decodeNeuralLatent(latentMessage(payload)), code, pattern);
  });
});

describe('latentToFloat32 on a hand-built latent', () => {
  const base = {
    modelId: 'm',
    modelVersion: 1,
    scale: 1,
    offset: 0,
    width: 1,
    height: 1,
  } as const;

  it('refuses bytes that are not whole elements (SIZE_MISMATCH), not a RangeError', () => {
    expectProtocolError(
      () => latentToFloat32({ ...base, quantisation: 'float32', latent: new Uint8Array(6) }),
      'SIZE_MISMATCH',
      /6 latent bytes/,
    );
  });

  it('refuses an unknown quantisation (BAD_PAYLOAD)', () => {
    for (const q of ['float64', 'toString']) {
      expectProtocolError(
        () => latentToFloat32({ ...base, quantisation: q as LatentQuantisation, latent: new Uint8Array(4) }),
        'BAD_PAYLOAD',
        /unknown quantisation/,
      );
    }
  });
});
