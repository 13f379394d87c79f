// BCI input with a simulated device: the receiver "records" 4 EEG channels at 250 Hz (a 10 Hz
// alpha rhythm whose strength rises and falls, plus noise) and sends them as BciInput blocks
// (0x90) of 25 samples; the source estimates alpha power per channel from what it receives.
import {
  type BciInput,
  StreamReceiver,
  StreamSource,
  useStreamContext,
  useStreamInput,
} from '@ds-stream/react';
import * as React from 'react';
import { RELAY_URL, storyChannel } from '../relay-url';

const RATE = 250;
const CHANNELS = 4;
const BLOCK = 25;

/** One block of the simulated device: alpha (10 Hz) scaled by `alpha` per channel, plus noise, µV. @internal */
export function simulatedBlock(seq: number, alpha: number): BciInput {
  const samples = new Float32Array(BLOCK * CHANNELS);
  for (let f = 0; f < BLOCK; f++) {
    const t = (seq * BLOCK + f) / RATE;
    for (let c = 0; c < CHANNELS; c++) {
      samples[f * CHANNELS + c] =
        alpha * (20 - 4 * c) * Math.sin(2 * Math.PI * 10 * t + c) + 5 * (Math.random() - 0.5);
    }
  }
  return { kind: 'bci', channels: CHANNELS, seq, sampleRate: RATE, samples };
}

/** Mean power of a block at 10 Hz per channel (a single-bin DFT over the block). @internal */
export function alphaPower(ev: BciInput): number[] {
  const frames = ev.samples.length / ev.channels;
  return Array.from({ length: ev.channels }, (_, c) => {
    let re = 0;
    let im = 0;
    for (let f = 0; f < frames; f++) {
      const phase = (2 * Math.PI * 10 * f) / ev.sampleRate;
      re += ev.samples[f * ev.channels + c]! * Math.cos(phase);
      im += ev.samples[f * ev.channels + c]! * Math.sin(phase);
    }
    return (re * re + im * im) / (frames * frames);
  });
}

function Device() {
  const { engine } = useStreamContext();
  React.useEffect(() => {
    if (!engine || !('sendInput' in engine)) return;
    let seq = 0;
    const id = setInterval(
      () => {
        // Alpha waxes and wanes over 8 s, as with eyes closing and opening.
        const alpha = 0.5 + 0.5 * Math.sin((2 * Math.PI * seq * BLOCK) / RATE / 8);
        engine.sendInput(simulatedBlock(seq++, alpha));
      },
      (1000 * BLOCK) / RATE,
    );
    return () => clearInterval(id);
  }, [engine]);
  return (
    <p style={{ margin: '8px 0' }}>
      simulated device: {CHANNELS} channels, {RATE} Hz, blocks of {BLOCK}
    </p>
  );
}

function Heard({ onBlock }: { onBlock: (b: BciInput) => void }) {
  useStreamInput('bci', onBlock);
  return null;
}

/** Source and simulated device side by side. @internal */
export function BciDemo({ url = RELAY_URL, channel }: { url?: string; channel?: string }) {
  const [ch] = React.useState(() => channel ?? storyChannel('bci'));
  const [power, setPower] = React.useState<number[]>([]);
  const [blocks, setBlocks] = React.useState(0);
  const canvas = React.useRef<HTMLCanvasElement>(null);
  React.useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c) return;
    c.fillStyle = '#0f172a';
    c.fillRect(0, 0, 240, 140);
    power.forEach((p, i) => {
      c.fillStyle = '#38bdf8';
      const h = Math.min(120, Math.sqrt(p) * 6);
      c.fillRect(20 + i * 55, 130 - h, 40, h);
    });
  }, [power]);
  const onBlock = React.useCallback((b: BciInput) => {
    setPower(alphaPower(b));
    setBlocks((n) => n + 1);
  }, []);
  return (
    <div style={{ display: 'flex', gap: 24, color: '#e2e8f0', font: '13px system-ui' }}>
      <div>
        <StreamSource url={url} channel={ch} mode="delta" fps={10}>
          <canvas ref={canvas} width={240} height={140} />
          <Heard onBlock={onBlock} />
        </StreamSource>
        <p data-ds-bci-blocks={blocks}>
          alpha amplitude per channel: {power.map((p) => Math.sqrt(p).toFixed(1)).join(' / ') || '(none)'} µV
        </p>
      </div>
      <StreamReceiver url={url} channel={ch} inputs={false} style={{ width: 240, height: 140 }}>
        <Device />
      </StreamReceiver>
    </div>
  );
}
