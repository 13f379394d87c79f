// MIDI input: the receiver sends Midi (0x40) from an on-screen keyboard (headless browsers and
// most desktops have no MIDI device) or, opted in, from every Web MIDI input; the source lights
// the keys it hears and shows the last message in data-ds-midi.
import {
  type MidiInput,
  StreamReceiver,
  StreamSource,
  useStreamContext,
  useStreamInput,
} from '@ds-stream/react';
import { startMidiCapture } from '@ds-stream/react/core';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';

const NOTES = [60, 62, 64, 65, 67, 69, 71, 72];
const NAMES = ['C', 'D', 'E', 'F', 'G', 'A', 'B', 'C'];

function Heard({ onMidi }: { onMidi: (m: MidiInput) => void }) {
  useStreamInput('midi', onMidi);
  return null;
}

/** The receiver's keyboard: each key sends note on (0x90) when pressed and note off (0x80) when released. @internal */
function Keyboard() {
  const { engine } = useStreamContext();
  const [devices, setDevices] = React.useState<string>('');
  const send = (status: number, note: number, velocity: number) => {
    if (engine && 'sendInput' in engine) engine.sendInput({ kind: 'midi', status, d1: note, d2: velocity });
  };
  return (
    <div style={{ marginTop: 8 }}>
      {NOTES.map((n, i) => (
        <button
          key={n}
          type="button"
          data-ds-key={n}
          style={{ width: 28, height: 64, marginRight: 2 }}
          onPointerDown={() => send(0x90, n, 100)}
          onPointerUp={() => send(0x80, n, 0)}
        >
          {NAMES[i]}
        </button>
      ))}
      <button
        type="button"
        style={{ marginLeft: 12 }}
        onClick={() => {
          if (!engine || !('sendInput' in engine)) return;
          startMidiCapture((ev) => engine.sendInput(ev)).then(
            (m) => setDevices(m.inputs().join(', ') || 'no MIDI inputs'),
            (e: unknown) => setDevices(`refused: ${String(e)}`),
          );
        }}
      >
        use MIDI devices
      </button>
      <span style={{ marginLeft: 8 }}>{devices}</span>
    </div>
  );
}

/** Source and receiver side by side; play the on-screen keys. @internal */
export function MidiDemo({ url = RELAY_URL, channel }: { url?: string; channel?: string }) {
  const [ch] = React.useState(() => channel ?? storyChannel('midi'));
  const [held, setHeld] = React.useState<ReadonlySet<number>>(new Set());
  const [last, setLast] = React.useState<MidiInput | null>(null);
  const canvas = React.useRef<HTMLCanvasElement>(null);
  React.useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c) return;
    c.fillStyle = '#0f172a';
    c.fillRect(0, 0, 240, 140);
    NOTES.forEach((n, i) => {
      c.fillStyle = held.has(n) ? '#facc15' : '#e2e8f0';
      c.fillRect(8 + i * 28, 40, 24, 90);
    });
  }, [held]);
  const onMidi = React.useCallback((m: MidiInput) => {
    setLast(m);
    const on = m.status >> 4 === 9 && m.d2 > 0;
    const off = m.status >> 4 === 8 || (m.status >> 4 === 9 && m.d2 === 0);
    if (on || off)
      setHeld((h) => {
        const next = new Set(h);
        if (on) next.add(m.d1);
        else next.delete(m.d1);
        return next;
      });
  }, []);
  const text = last ? `${last.status.toString(16)} ${last.d1} ${last.d2}` : '';
  return (
    <div style={{ display: 'flex', gap: 24, color: '#e2e8f0', font: '13px system-ui' }}>
      <div>
        <StreamSource url={url} channel={ch} mode="delta" fps={15}>
          <canvas ref={canvas} width={240} height={140} />
          <Heard onMidi={onMidi} />
        </StreamSource>
        <p>
          last MIDI: <strong data-ds-midi={text}>{text || '(none)'}</strong>
        </p>
      </div>
      <StreamReceiver url={url} channel={ch} inputs={false} style={{ width: 240, height: 140 }}>
        <Keyboard />
      </StreamReceiver>
    </div>
  );
}
