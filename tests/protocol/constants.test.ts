import {
  Flag,
  FrameType,
  frameTypeName,
  InputType,
  inputTypeName,
  isFrameType,
  isInputType,
} from '@ds-stream/react/core';
import { describe, expect, it } from 'vitest';

// The seed's tables, verbatim: these codes are the wire contract and must never move.
const SEED_FRAMES: [keyof typeof FrameType, number][] = [
  ['Pixels', 0x01],
  ['CompressedPixels', 0x02],
  ['DeltaPixels', 0x03],
  ['AudioPcm', 0x10],
  ['AudioCompressed', 0x11],
  ['Haptic', 0x20],
  ['SignalSync', 0x30],
  ['SignalDiff', 0x31],
  ['NeuralFrame', 0x40],
  ['NeuralAudio', 0x41],
  ['NeuralActuator', 0x42],
  ['NeuralLatent', 0x43],
  ['Ping', 0xfe],
  ['End', 0xff],
];
const SEED_INPUTS: [keyof typeof InputType, number][] = [
  ['Pointer', 0x01],
  ['PointerDown', 0x02],
  ['PointerUp', 0x03],
  ['KeyDown', 0x10],
  ['KeyUp', 0x11],
  ['Touch', 0x20],
  ['GamepadAxis', 0x30],
  ['Midi', 0x40],
  ['Scroll', 0x50],
  ['Resize', 0x60],
  ['BciInput', 0x90],
];

describe('type codes', () => {
  it.each(SEED_FRAMES)('FrameType.%s is 0x%s as in the seed', (name, code) => {
    expect(FrameType[name]).toBe(code);
    expect(isFrameType(code)).toBe(true);
    expect(frameTypeName(code)).toBe(name);
  });

  it.each(SEED_INPUTS)('InputType.%s matches the seed', (name, code) => {
    expect(InputType[name]).toBe(code);
    expect(isInputType(code)).toBe(true);
    expect(inputTypeName(code)).toBe(name);
  });

  it('project additions reuse no seed code', () => {
    const seedFrames = new Set(SEED_FRAMES.map(([, c]) => c));
    const seedInputs = new Set(SEED_INPUTS.map(([, c]) => c));
    for (const [name, code] of Object.entries(FrameType)) {
      if (!SEED_FRAMES.some(([n]) => n === name)) expect(seedFrames.has(code)).toBe(false);
    }
    for (const [name, code] of Object.entries(InputType)) {
      // Ping is the seed's keep-alive code, carried with FLAG_INPUT by receivers.
      if (name !== 'Ping' && !SEED_INPUTS.some(([n]) => n === name)) expect(seedInputs.has(code)).toBe(false);
    }
    expect(new Set(Object.values(FrameType)).size).toBe(Object.keys(FrameType).length);
    expect(new Set(Object.values(InputType)).size).toBe(Object.keys(InputType).length);
  });

  it('flags are bits 0, 1, 2 and the layer field 3-4', () => {
    expect(Flag).toEqual({ Input: 1, Keyframe: 2, Compressed: 4, LayerMask: 0x18 });
  });

  it('names unknown codes in hex', () => {
    expect(frameTypeName(0x7a)).toBe('0x7a');
    expect(inputTypeName(0x05)).toBe('0x05');
    expect(isFrameType(0x7a)).toBe(false);
  });
});
