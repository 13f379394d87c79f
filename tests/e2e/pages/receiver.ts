// e2e receiver page: a framework-free receiver engine on a canvas, with the springs renderer for
// signal mode and probes for paints, audio and the time it took to show the first picture.
// Query: relay, channel, marker (pixel/blocks/0), expect (a canvas hash to watch for).
import { createReceiverEngine, type TransportChoice } from '@ds-stream/react/core';
import { renderSpringsSignal } from '../../../stories/springs/springs-render';
import { type AudioProbe, probeAudio } from './audio-probe';
import {
  canvasPixels,
  hashCanvas,
  markerParam,
  type PaintRecord,
  param,
  probePaints,
  readMarker,
  wallNow,
} from './probe';

const root = document.getElementById('root') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const marker = markerParam();
const paints: PaintRecord[] = [];
// The late-joiner test passes the hash of the (paused) source's picture: until a paint shows
// it, each paint is hashed (about 5 ms) and the time it first matched is kept.
const expected = param('expect', '');
let matchedAt: number | null = null;
const recordPaint = (ctx: CanvasRenderingContext2D) => {
  const at = wallNow();
  paints.push({ at, marker: readMarker(ctx, marker) });
  if (expected && matchedAt === null && hashCanvas(canvas) === expected) matchedAt = at;
};
probePaints(canvas, recordPaint);
const audio: AudioProbe = probeAudio();

const engine = createReceiverEngine({
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'e2e'),
  // bench/e2e-webrtc.bench.ts: 'websocket' (the default) or 'webrtc'.
  transport: param('transport', 'websocket') as TransportChoice,
  renderSignal: (ctx, state) => {
    renderSpringsSignal(ctx, state, { marker });
    if (ctx.canvas === canvas) recordPaint(ctx);
  },
});
engine.attach(root, canvas);
const joinedAt = wallNow();
engine.connect();

Object.assign(window, {
  e2e: {
    engine,
    paints,
    audio,
    joinedAt,
    matchedAt: () => matchedAt,
    hash: () => hashCanvas(canvas),
    pixels: () => canvasPixels(canvas),
    state: () => engine.store.getState(),
  },
});
