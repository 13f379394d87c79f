// e2e source page: the springs demo streamed by a framework-free source engine. Query: relay,
// channel, mode, fps, autopilot (1/0), audio (1/0: stream a 440 Hz tone), marker (pixel/blocks/0),
// capture (paint: `captureNow()` after each of the app's paints, as the springs story does; else a
// `capture` schedule: animation-frame | interval | manual).
import {
  type CaptureSchedule,
  createSourceEngine,
  type InputEvent,
  type StreamMode,
  type TransportChoice,
} from '@ds-stream/react/core';
import { createSpringsApp } from '../../../stories/springs/springs-app';
import { markerOf, readMarkerFrom } from '../../../stories/springs/springs-render';
import type { SpringsView } from '../../../stories/springs/springs-signal';
import { canvasPixels, hashCanvas, markerParam, type PaintRecord, param, wallNow } from './probe';

const canvas = document.getElementById('canvas') as HTMLCanvasElement;
// When the engine read each picture (or signal state), and which view it was: splits the
// glass-to-glass latency into the wait for the capture tick and the pipeline after it.
const captures: PaintRecord[] = [];
const marker = markerParam();
const app = createSpringsApp({ canvas, autopilot: param('autopilot', '1') === '1', marker });
const capture = param('capture', 'paint');
const engine = createSourceEngine({
  ...(capture === 'paint' ? {} : { capture: capture as CaptureSchedule }),
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'e2e'),
  // bench/e2e-webrtc.bench.ts: 'websocket' (the default) or 'webrtc'.
  transport: param('transport', 'websocket') as TransportChoice,
  mode: param('mode', 'delta') as StreamMode,
  fps: Number(param('fps', '30')),
  canvas,
  signalState: () => {
    const view = app.signal();
    if (marker) captures.push({ at: wallNow(), marker: markerOf(view as SpringsView, marker) });
    return view;
  },
});

const inputs: InputEvent[] = [];
engine.on('*', (ev) => {
  if (ev.kind === 'ack') return;
  inputs.push(ev);
  app.input(ev);
});

if (marker) {
  const style = marker;
  const proto = CanvasRenderingContext2D.prototype;
  const getImageData = proto.getImageData;
  proto.getImageData = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof getImageData>) {
    const img = getImageData.apply(this, args);
    if (this.canvas === canvas && img.width === canvas.width && img.height === canvas.height) {
      captures.push({ at: wallNow(), marker: readMarkerFrom(img.data, img.width, style) });
    }
    return img;
  };
}

// Paints, first time each distinct view appears (the bench joins them with the receiver's).
const paints: PaintRecord[] = [];
let lastMarker = -1;
app.onPaint((view: SpringsView) => {
  if (!marker) return;
  const m = markerOf(view, marker);
  if (m !== lastMarker) paints.push({ at: wallNow(), marker: m });
  lastMarker = m;
});
// After the marker is recorded: the capture reads the picture just painted.
if (capture === 'paint') app.onPaint(() => engine.captureNow());

let tone: { context: AudioContext; stop(): void } | null = null;
if (param('audio', '0') === '1') {
  const context = new AudioContext({ sampleRate: 48_000 });
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.frequency.value = 440;
  gain.gain.value = 0.5;
  osc.connect(gain);
  osc.start();
  engine.setAudioNode(gain);
  tone = { context, stop: () => osc.stop() };
}

engine.connect();

Object.assign(window, {
  e2e: {
    app,
    engine,
    inputs,
    paints,
    captures,
    tone,
    hash: () => hashCanvas(canvas),
    pixels: () => canvasPixels(canvas),
    state: () => engine.store.getState(),
  },
});
