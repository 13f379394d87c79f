// Model B end to end: the springs demo's source in `mode="neural"` with the shipped latent
// encoder, through the test relay, to a receiver engine with the shipped latent decoder (both
// tfjs on wasm, loaded by the stories' own loader). Query: relay, channel, fps.
import { createReceiverEngine, FrameType } from '@ds-stream/react/core';
import { createRoot } from 'react-dom/client';
import { measuredLatentRenderer, type Seen } from '../../../stories/neural/LatentReceiver';
import { loadNeuralEntry } from '../../../stories/neural/neural-wasm';
import { SpringsSource } from '../../../stories/springs/SpringsSource';
import type { SpringsApp } from '../../../stories/springs/springs-app';
import { canvasPixels, hashCanvas, param } from './probe';

const url = param('relay', 'ws://127.0.0.1:9100');
const channel = param('channel', 'neural');
let app: SpringsApp | null = null;

const neural = await loadNeuralEntry();
const rx = document.getElementById('rx') as HTMLCanvasElement;
// The shipped renderer, timed per decode (the story's own wrapper).
const seen: Seen = { frames: 0, bytes: 0, decodeMs: 0 };
const receiver = createReceiverEngine({
  url,
  channel,
  renderers: { [FrameType.NeuralLatent]: measuredLatentRenderer(seen) },
});
receiver.connect();
receiver.attach(rx.parentElement!, rx);
const latentEncoder = await neural.neuralLatentEncoder();
let encodes = 0;
let encodeMs = 0;
// The shipped encoder, timed per frame.
const encoder: typeof latentEncoder = () => {
  const inner = latentEncoder();
  return {
    ...inner,
    encode(input, ctx) {
      const t0 = performance.now();
      try {
        return inner.encode(input, ctx);
      } finally {
        encodes++;
        encodeMs += performance.now() - t0;
      }
    },
  };
};

createRoot(document.getElementById('root')!).render(
  <SpringsSource
    url={url}
    channel={channel}
    mode="neural"
    fps={Number(param('fps', '4'))}
    sound={false}
    haptics={false}
    encoders={{ neural: encoder }}
    onReady={(a) => {
      app = a;
    }}
  />,
);

const sourceCanvas = () => document.querySelector<HTMLCanvasElement>('#root canvas');

Object.assign(window, {
  e2e: {
    ready: () => app !== null,
    pause: () => app?.pause(),
    latents: () => seen.frames,
    decodeMs: () => (seen.frames > 0 ? seen.decodeMs / seen.frames : 0),
    encodeMs: () => (encodes > 0 ? encodeMs / encodes : 0),
    error: () => receiver.store.getState().error?.message ?? null,
    hash: (which: 'source' | 'receiver') => {
      const c = which === 'source' ? sourceCanvas() : rx;
      return c ? hashCanvas(c) : 'missing';
    },
    pixels: (which: 'source' | 'receiver') => {
      const c = which === 'source' ? sourceCanvas() : rx;
      if (!c) throw new Error(`no ${which} canvas`);
      return canvasPixels(c);
    },
  },
});
