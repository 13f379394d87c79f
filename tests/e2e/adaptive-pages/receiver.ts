// Adaptive receiver page: a receiver engine on a canvas (springs renderer for signal mode).
// Query: relay (the link shaper's URL for a throttled receiver), channel.
import { createReceiverEngine } from '@ds-stream/react/core';
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

Object.assign(window, {
  e2e: {
    engine,
    hash: () => hashCanvas(canvas),
    pixels: () => canvasPixels(canvas),
    state: () => engine.store.getState(),
  },
});
