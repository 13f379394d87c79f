// What the receiver path costs per 600x400 DeltaPixels frame of the springs demo, as ratios to
// a Uint8Array.set of one frame (960 KB memcpy) measured in the same run:
//   decode   = decodeMessage + the raster renderer's receive (applyDelta into the backbuffer)
//   paint    = decode + putPixels into an @napi-rs/canvas surface (copy into ImageData + putImageData)
// The engine draws at most once per animation frame (latest frame wins), so paint is paid per
// displayed frame and decode per received frame.
// Writes bench/results/receiver.md. Run: `npm run bench receiver`.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas, ImageData } from '@napi-rs/canvas';
import { decodeMessage, FrameType } from '../src/protocol/index';
import { createRasterRenderer } from '../src/receiver/renderers';
import { createCanvasSurface, type SurfaceCanvasLike } from '../src/receiver/surface';
import type { RendererContext } from '../src/receiver/types';
import { copyFrame, markdownTable, opsPerSecond, ratio } from './baseline';
import {
  SPRINGS_HEIGHT as H,
  springsFrame,
  springsStream,
  SPRINGS_WIDTH as W,
} from './fixtures/springs-stream';

const FRAMES = 60;
const stream = springsStream(FRAMES + 1, 1000);
const key = stream[0]!;
const deltas = stream.slice(1);
if (decodeMessage(deltas[0]!).header.type !== FrameType.DeltaPixels)
  throw new Error('fixture must yield deltas');
const meanDelta = deltas.reduce((n, d) => n + d.length, 0) / deltas.length;

const ctx: RendererContext = {
  requestKeyframe: () => {
    throw new Error('the bench stream never loses its base');
  },
  invalidate: () => {},
  setSignal: () => {},
  renderSignal: undefined,
};

function decoder() {
  const r = createRasterRenderer(ctx);
  r.receive(decodeMessage(key));
  return r;
}

// Baseline: one memcpy of a whole frame.
const src = springsFrame(3);
const dst = new Uint8Array(src.length);
const copyOps = opsPerSecond(() => copyFrame(src, dst));

// decode only: the wrap-around from the last delta to the first is applied to the wrong base,
// which costs the same XOR work; the picture is not checked here.
const dec = decoder();
const decodeOps = opsPerSecond((i) => {
  dec.receive(decodeMessage(deltas[i % deltas.length]!));
});

const canvasA = createCanvas(W, H);
const surfaceCopy = createCanvasSurface(canvasA as unknown as SurfaceCanvasLike);
const paintDec = decoder();
const paintOps = opsPerSecond((i) => {
  paintDec.receive(decodeMessage(deltas[i % deltas.length]!));
  paintDec.draw(surfaceCopy);
});

const canvasB = createCanvas(W, H);
const surfaceWrap = createCanvasSurface(
  canvasB as unknown as SurfaceCanvasLike,
  ImageData as unknown as new (
    d: Uint8ClampedArray,
    w: number,
    h: number,
  ) => unknown,
);
const wrapDec = decoder();
const wrapOps = opsPerSecond((i) => {
  wrapDec.receive(decodeMessage(deltas[i % deltas.length]!));
  wrapDec.draw(surfaceWrap);
});

const paintOnly = opsPerSecond(() => paintDec.draw(surfaceCopy));

const perFrameMs = (ops: number) => (1000 / ops).toFixed(3);
const rows: Array<Array<string | number>> = [
  ['Uint8Array.set of one frame (baseline)', ratio(1), perFrameMs(copyOps)],
  ['decode (decodeMessage + applyDelta into backbuffer)', ratio(copyOps / decodeOps), perFrameMs(decodeOps)],
  [
    'paint only (putPixels: copy into ImageData + putImageData)',
    ratio(copyOps / paintOnly),
    perFrameMs(paintOnly),
  ],
  ['decode + paint (@napi-rs canvas, ImageData copy)', ratio(copyOps / paintOps), perFrameMs(paintOps)],
  [
    'decode + paint (@napi-rs canvas, ImageData wraps backbuffer)',
    ratio(copyOps / wrapOps),
    perFrameMs(wrapOps),
  ],
];

const table = markdownTable(
  ['receiver path per 600x400 delta frame', 'cost vs memcpy (lower is better)', 'ms/frame (this machine)'],
  rows,
);
const note = [
  `Springs demo, ${FRAMES} consecutive delta frames (mean ${Math.round(meanDelta)} B/message) cycled; Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} (shared, noisy: read the ratios, not the ms).`,
  'A ratio of 2× means the step costs as much as two 960 KB memcpys. At 30 fps a frame budget is 33 ms.',
].join('\n');
const out = `## Receiver\n\n${note}\n\n${table}\n`;
console.log(out);
const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'results', 'receiver.md'), out);
