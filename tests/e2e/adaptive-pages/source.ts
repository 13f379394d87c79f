// Adaptive source page: the springs demo streamed by a source engine with a quality controller.
// Query: relay, channel, mode (start mode), fps, adaptive (1: controller on), audio (none | auto |
// opus | pcm: stream a 440 Hz tone with that codec), imageQuality, capture (interval |
// animation-frame | manual: the app calls captureNow() after each paint; default: the engine's).
import {
  type CaptureSchedule,
  createCanvasCapture,
  createSourceEngine,
  type StreamMode,
} from '@ds-stream/react/core';
import { createSpringsApp } from '../../../stories/springs/springs-app';
import { canvasPixels, hashCanvas, param, wallNow } from './probe';

const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const app = createSpringsApp({ canvas, autopilot: true });
const mode = param('mode', 'pixel') as StreamMode;
const audio = param('audio', 'none');
const capture = param('capture', '');

// Was each capture in the same frame as the app's latest paint (before any later task ran)? A paint
// opens a window that a zero-delay timeout closes; a capture inside it read what was just painted.
let paintWindow = false;
app.onPaint(() => {
  paintWindow = true;
  setTimeout(() => {
    paintWindow = false;
  }, 0);
});
const alignment = { captures: 0, inFrame: 0 };
const canvasCapture = createCanvasCapture(canvas);
const engine = createSourceEngine({
  url: param('relay', 'ws://127.0.0.1:9100'),
  channel: param('channel', 'adaptive'),
  mode,
  fps: Number(param('fps', '30')),
  canvas: {
    capture() {
      alignment.captures++;
      if (paintWindow) alignment.inFrame++;
      return canvasCapture.capture();
    },
  },
  ...(capture ? { capture: capture as CaptureSchedule } : {}),
  signalState: () => app.signal(),
  imageQuality: Number(param('imageQuality', '0.8')),
  ...(param('adaptive', '1') === '1' ? { quality: { mode } } : {}),
  ...(audio !== 'none' ? { audioCodec: audio as 'auto' | 'opus' | 'pcm' } : {}),
});
if (capture === 'manual') app.onPaint(() => engine.captureNow());
engine.on('*', (ev) => {
  if (ev.kind !== 'ack') app.input(ev);
});

/** Every level change the store saw, on the wall clock shared with the test. */
const levels: { at: number; level: StreamMode; fps: number; reason: string }[] = [];
engine.store.subscribe((s, prev) => {
  if (s.quality.level !== prev.quality.level || s.quality.fps !== prev.quality.fps) {
    levels.push({ at: wallNow(), level: s.quality.level, fps: s.quality.fps, reason: s.quality.reason });
  }
});

/** The tone's gain (0: pure digital silence), when audio is on. */
let setVolume = (_v: number): void => {};
if (audio !== 'none') {
  const context = new AudioContext({ sampleRate: 48_000 });
  const osc = context.createOscillator();
  const gain = context.createGain();
  osc.frequency.value = 440;
  gain.gain.value = 0.5;
  osc.connect(gain);
  osc.start();
  engine.setAudioNode(gain);
  setVolume = (v) => {
    gain.gain.value = v;
  };
}

engine.connect();

Object.assign(window, {
  e2e: {
    app,
    engine,
    levels,
    hash: () => hashCanvas(canvas),
    pixels: () => canvasPixels(canvas),
    state: () => engine.store.getState(),
    setVolume: (v: number) => setVolume(v),
    alignment: () => ({ ...alignment }),
  },
});
