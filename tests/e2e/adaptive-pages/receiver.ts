// Adaptive receiver page: a receiver engine on a canvas (springs renderer for signal mode).
// Query: relay (the link shaper's URL for a throttled receiver), channel.
import { createAudioMessageDecoder, createReceiverEngine, decodeMessage } from '@ds-stream/react/core';
import { renderSpringsSignal } from '../../../stories/springs/springs-render';
import { canvasPixels, hashCanvas, param } from './probe';

const root = document.getElementById('root') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const engine = createReceiverEngine({
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'adaptive'),
  renderSignal: (ctx, state) => renderSpringsSignal(ctx, state),
});
engine.attach(root, canvas);
engine.connect();

// Every LayerReport the relay sent this receiver, in order: a test asks whether it was placed on
// a layer for a reason at some point, which the current quality (already moved on) cannot say.
const layerReports: { layer: string | null; reason: string }[] = [];
engine.store.subscribe((s, prev) => {
  if (s.quality && s.quality !== prev.quality)
    layerReports.push({ layer: s.quality.layer ?? null, reason: s.quality.reason });
});

/** Decodes audio messages as the engine does and measures the tone (first 100 ms skipped: codec warm-up). */
async function analyseAudio(messages: string[]) {
  const blocks: Float32Array[] = [];
  let rate = 48_000;
  let channels = 1;
  const errors: string[] = [];
  const dec = createAudioMessageDecoder({
    onAudio: (a) => {
      rate = a.sampleRate;
      channels = a.channels;
      blocks.push(a.samples);
    },
    onError: (e) => errors.push(e.message),
  });
  for (const m of messages) dec.decode(decodeMessage(Uint8Array.from(atob(m), (c) => c.charCodeAt(0))));
  await dec.flush();
  dec.close();
  const all = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    all.set(b, at);
    at += b.length;
  }
  const mono = all.filter((_, i) => i % channels === 0).subarray(Math.round(rate / 10));
  let sq = 0;
  let crossings = 0;
  for (let i = 0; i < mono.length; i++) {
    sq += mono[i]! * mono[i]!;
    if (i > 0 && mono[i - 1]! < 0 && mono[i]! >= 0) crossings++;
  }
  const seconds = mono.length / rate;
  return {
    rms: Math.sqrt(sq / Math.max(1, mono.length)),
    hz: crossings / Math.max(seconds, 1e-9),
    seconds,
    errors,
  };
}

Object.assign(window, {
  e2e: {
    engine,
    analyseAudio,
    hash: () => hashCanvas(canvas),
    pixels: () => canvasPixels(canvas),
    state: () => engine.store.getState(),
    layerReports: () => layerReports,
  },
});
