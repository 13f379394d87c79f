// MIDI capture: which Web MIDI messages become Midi input, and the listener wiring over an
// access object shaped like the browser's (headless Chromium has no MIDI device).
import { describe, expect, it } from 'vitest';
import type { MidiInput } from '../../src/protocol/index';
import {
  type MidiAccessLike,
  type MidiInputLike,
  midiInputsOf,
  startMidiCapture,
} from '../../src/receiver/midi-capture';

describe('midiInputsOf', () => {
  it.each([
    ['note on', [0x90, 60, 100], [0x90, 60, 100]],
    ['note off', [0x81, 60, 0], [0x81, 60, 0]],
    ['a controller', [0xb3, 7, 127], [0xb3, 7, 127]],
    ['a program change (one data byte)', [0xc0, 5], [0xc0, 5, 0]],
    ['pitch bend', [0xe0, 0, 64], [0xe0, 0, 64]],
  ])('keeps %s', (_n, data, [status, d1, d2]) => {
    expect(midiInputsOf(Uint8Array.from(data))).toEqual([{ kind: 'midi', status, d1, d2 }]);
  });

  it.each([
    ['sysex', [0xf0, 1, 2, 0xf7]],
    ['timing clock', [0xf8]],
    ['active sensing', [0xfe]],
    ['a truncated note', [0x90, 60]],
    ['a stray data byte', [0x40]],
    ['nothing', []],
  ])('drops %s', (_n, data) => {
    expect(midiInputsOf(Uint8Array.from(data))).toEqual([]);
  });

  it('masks data bytes to 7 bits', () => {
    expect(midiInputsOf(Uint8Array.of(0x90, 0xff, 0x80))).toEqual([
      { kind: 'midi', status: 0x90, d1: 0x7f, d2: 0 },
    ]);
  });
});

describe('startMidiCapture', () => {
  it('listens to every input, picks up a device that connects later, and stops', async () => {
    const devices: MidiInputLike[] = [{ name: 'keys', onmidimessage: null }];
    const access: MidiAccessLike = { inputs: { forEach: (fn) => devices.forEach(fn) }, onstatechange: null };
    const sent: MidiInput[] = [];
    const midi = await startMidiCapture((ev) => sent.push(ev), access);
    devices[0]!.onmidimessage?.({ data: Uint8Array.of(0x90, 64, 90) });
    devices.push({ name: 'pads', onmidimessage: null });
    access.onstatechange?.({});
    devices[1]!.onmidimessage?.({ data: Uint8Array.of(0x99, 36, 127) });
    expect(midi.inputs()).toEqual(['keys', 'pads']);
    expect(sent.map((m) => m.status)).toEqual([0x90, 0x99]);
    midi.stop();
    expect(devices.every((d) => d.onmidimessage === null)).toBe(true);
  });

  it('stop() also detaches from a device that disconnected before it (it may come back)', async () => {
    const keys: MidiInputLike = { name: 'keys', onmidimessage: null };
    const devices: MidiInputLike[] = [keys];
    const access: MidiAccessLike = { inputs: { forEach: (fn) => devices.forEach(fn) }, onstatechange: null };
    const sent: MidiInput[] = [];
    const midi = await startMidiCapture((ev) => sent.push(ev), access);
    devices.length = 0;
    access.onstatechange?.({});
    expect(midi.inputs()).toEqual([]);
    midi.stop();
    // The browser keeps the same MIDIInput object: replugged, a handler left on it would still send.
    devices.push(keys);
    keys.onmidimessage?.({ data: Uint8Array.of(0x90, 64, 90) });
    expect(keys.onmidimessage).toBeNull();
    expect(sent).toEqual([]);
  });
});
