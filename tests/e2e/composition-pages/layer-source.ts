// e2e composition layer source: one source engine with the `layer` option (`&layer=<name>`, its
// placement sent on every open). Query: relay, channel, layer, kind (springs: the springs demo in
// delta; score: a scoreboard in signal mode; pip: a small animated picture in delta), z, x, y, w, h,
// input (1/0).
import { createSourceEngine, type InputEvent, type SignalState } from '@ds-stream/react/core';
import { createSpringsApp } from '../../../stories/springs/springs-app';
import { canvasPixels, param } from '../pages/probe';
import { drawScore, SCORE_H, SCORE_W } from './scoreboard';

const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const relay = param('relay', 'ws://127.0.0.1:9100');
const channel = param('channel', 'e2e');
const layer = param('layer', 'a');
const kind = param('kind', 'springs');
const placement = {
  z: Number(param('z', '0')),
  x: Number(param('x', '0')),
  y: Number(param('y', '0')),
  width: Number(param('w', '600')),
  height: Number(param('h', '400')),
  opacity: 255,
  input: param('input', '1') === '1',
};

let paused = false;
let tick = 0;
const score: SignalState = { home: 1, away: 0 };
const springs = kind === 'springs' ? createSpringsApp({ canvas, autopilot: true }) : null;
if (kind === 'score') {
  canvas.width = SCORE_W;
  canvas.height = SCORE_H;
}
if (kind === 'pip') {
  canvas.width = placement.width;
  canvas.height = placement.height;
}
const ctx = canvas.getContext('2d')!;
const paint = () => {
  if (kind === 'score') drawScore(ctx, score);
  if (kind === 'pip') {
    ctx.fillStyle = `hsl(${(tick * 7) % 360} 70% 40%)`;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#fde047';
    ctx.fillRect((tick * 3) % (canvas.width - 10), 10, 10, 10);
  }
};
paint();
const timer = setInterval(() => {
  if (paused || kind === 'springs') return;
  tick++;
  if (kind === 'score' && tick % 5 === 0) score.home = (Number(score.home) + 1) % 19;
  paint();
}, 33);

const engine = createSourceEngine({
  url: relay,
  channel,
  layer: { id: layer, ...placement },
  mode: kind === 'score' ? 'signal' : 'delta',
  fps: 30,
  canvas,
  ...(kind === 'score' ? { signalState: () => ({ ...score }) } : {}),
});
const inputs: InputEvent[] = [];
engine.on('*', (ev) => {
  if (ev.kind === 'ack') return;
  inputs.push(ev);
  springs?.input(ev);
});
engine.connect();

(window as unknown as { e2e: unknown }).e2e = {
  engine,
  inputs,
  placement,
  pause() {
    paused = true;
    springs?.pause();
  },
  pixels: () => canvasPixels(canvas),
  state: () => engine.store.getState(),
  stop() {
    clearInterval(timer);
    engine.dispose();
  },
};
