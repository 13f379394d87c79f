// Web MIDI input for a receiver (opt-in: the app calls this, the browser may ask the user):
// every channel message from every connected input goes to the source as Midi (0x40).
import type { MidiInput } from '../protocol/index';

/** A running MIDI capture. @public */
export interface MidiCapture {
  /** Names of the inputs listened to (new devices are picked up as they connect). */
  inputs(): string[];
  stop(): void;
}

// Data bytes a channel message carries, by its status nibble (0x8_..0xE_).
const DATA_BYTES: Readonly<Record<number, number>> = { 8: 2, 9: 2, 10: 2, 11: 2, 12: 1, 13: 1, 14: 2 };

/**
 * One Web MIDI message as Midi inputs: channel messages only (note, controller, program,
 * pressure, pitch bend; a one-data-byte message has d2 = 0). System messages (sysex, clock,
 * active sensing) are dropped: they would flood the input budget and no Midi payload holds them.
 * @internal
 */
export function midiInputsOf(data: Uint8Array): MidiInput[] {
  const status = data[0] ?? 0;
  const need = DATA_BYTES[status >> 4];
  if (need === undefined || data.length < 1 + need) return [];
  const d1 = data[1]! & 0x7f;
  const d2 = need === 2 ? data[2]! & 0x7f : 0;
  return [{ kind: 'midi', status, d1, d2 }];
}

/** The parts of `MIDIAccess` used here (so tests and other runtimes can pass their own). @public */
export interface MidiAccessLike {
  inputs: { forEach(fn: (input: MidiInputLike) => void): void };
  onstatechange: ((ev: unknown) => void) | null;
}
/** The parts of a `MIDIInput` used here. @public */
export interface MidiInputLike {
  name: string | null;
  onmidimessage: ((ev: { data: Uint8Array | null }) => void) | null;
}

/**
 * Listens to every MIDI input and calls `send` with Midi events (pass the receiver engine's
 * `sendInput`).
 * @throws DOMException when the browser refuses MIDI access; TypeError when it has no Web MIDI
 * @example
 * ```ts
 * const midi = await startMidiCapture((ev) => engine.sendInput(ev));
 * ```
 * @public
 */
export async function startMidiCapture(
  send: (ev: MidiInput) => void,
  access?: MidiAccessLike,
): Promise<MidiCapture> {
  const a = access ?? ((await navigator.requestMIDIAccess({ sysex: false })) as unknown as MidiAccessLike);
  const names: string[] = [];
  // Every input ever listened to: one that disconnected keeps its handler and may be replugged.
  const heard = new Set<MidiInputLike>();
  const listen = () => {
    names.length = 0;
    a.inputs.forEach((input) => {
      names.push(input.name ?? 'MIDI input');
      heard.add(input);
      input.onmidimessage = (ev) => {
        if (ev.data) for (const m of midiInputsOf(ev.data)) send(m);
      };
    });
  };
  listen();
  a.onstatechange = listen;
  return {
    inputs: () => [...names],
    stop() {
      a.onstatechange = null;
      for (const input of heard) input.onmidimessage = null;
      heard.clear();
    },
  };
}
