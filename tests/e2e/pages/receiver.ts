// e2e receiver page: a framework-free receiver engine on a canvas, with the springs renderer for
// signal mode and probes for paints, audio and the time it took to show the first picture.
// Query: relay, channel, marker (1/0).
import { createReceiverEngine } from '@ds-stream/react/core';
import { renderSpringsSignal } from '../../../stories/springs/springs-render';
import { type AudioProbe, probeAudio } from './audio-probe';
import { canvasPixels, hashCanvas, type PaintRecord, param, probePaints, readMarker, wallNow } from './probe';

const root = document.getElementById('root') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const marker = param('marker', '0') === '1';
const paints: PaintRecord[] = [];
let firstPaintHash: string | null = null;
const recordPaint = (ctx: CanvasRenderingContext2D) => {
  paints.push({ at: wallNow(), marker: marker ? readMarker(ctx) : 0 });
  // The picture of the very first paint, for the late-joiner test (hashing once costs ~5 ms).
  firstPaintHash ??= hashCanvas(canvas);
};
probePaints(canvas, recordPaint);
const audio: AudioProbe = probeAudio();

const engine = createReceiverEngine({
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'e2e'),
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
    firstPaintHash: () => firstPaintHash,
    hash: () => hashCanvas(canvas),
    pixels: () => canvasPixels(canvas),
    state: () => engine.store.getState(),
  },
});
