// e2e composite receiver: createCompositeReceiver on the base channel, shown 1:1 in a canvas (CSS
// size = composite size, so page coordinates are composite pixels). Query: relay, channel, routing.
import { createCompositeReceiver, type InputRouting } from '@ds-stream/react/core';
import { canvasPixels, param } from '../pages/probe';
import { drawScore } from './scoreboard';

const root = document.getElementById('root') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const rx = createCompositeReceiver({
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'e2e'),
  inputRouting: param('routing', 'topmost') as InputRouting,
  inputs: { pointer: true, keyboard: true, touch: false, gamepad: false, scroll: false, resize: false },
  renderSignal: (ctx, state) => drawScore(ctx, state),
});
rx.attach(root, canvas);
rx.connect();

(window as unknown as { e2e: unknown }).e2e = {
  rx,
  layers: () => rx.store.getState().layers.map((l) => ({ ...l })),
  size: () => ({ width: rx.store.getState().width, height: rx.store.getState().height }),
  pixels: () => canvasPixels(canvas),
};
