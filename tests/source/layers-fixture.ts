// A layered source over an in-memory transport, with the relay's side played by the test: it
// sends LayerReports, Rosters, layered KeyframeRequests and receiver-stamped ACKs.

import { createCanvas } from '@napi-rs/canvas';
import {
  type CanvasLike,
  createCanvasCapture,
  createSourceEngine,
  decodeMessage,
  encodeInput,
  encodeLayerReport,
  encodeRoster,
  frameLayer,
  type ImageEncodeFn,
  type LayerAssignment,
  type Message,
  type SourceEngineOptions,
} from '../../src/internal';
import { createTransportPair } from '../helpers/transport-pair';

export const W = 40;
export const H = 30;

/** WebP/PNG through @napi-rs/canvas: compressed mode (the lossy layer) in Node. */
export const napiEncoder: ImageEncodeFn = async (f, o) => {
  const c = createCanvas(f.width, f.height);
  const img = c.getContext('2d').createImageData(f.width, f.height);
  img.data.set(f.rgba);
  c.getContext('2d').putImageData(img, 0, 0);
  return o.type === 'image/png' ? c.encode('png') : c.encode('webp', Math.round(o.quality * 100));
};

/** Options to override; `undefined` removes a default (e.g. `quality: undefined` for a fixed mode). */
export type LayeredSourceOptions = { [K in keyof SourceEngineOptions]?: SourceEngineOptions[K] | undefined };

export function layeredSource(options: LayeredSourceOptions) {
  const [st, rt] = createTransportPair();
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  let t = 0;
  // The scene moves every frame, so deltas are never empty and signal diffs never null.
  const paint = () => {
    t++;
    ctx.fillStyle = `rgb(${(t * 37) % 256}, ${(t * 11) % 256}, 90)`;
    ctx.fillRect(t % W, (t * 3) % H, 6, 5);
  };
  const scene = setInterval(paint, 10);
  const source = createSourceEngine({
    url: 'ws://x',
    channel: 'c',
    transport: st,
    canvas: createCanvasCapture(canvas as unknown as CanvasLike),
    fps: 30,
    pingIntervalMs: 0,
    signalState: () => ({ t }),
    quality: {},
    // The engine reads an `undefined` option as absent, which is what the override means.
    ...(options as Partial<SourceEngineOptions>),
  });
  const got: Message[] = [];
  rt.on('message', (b) => got.push(decodeMessage(new Uint8Array(b))));
  rt.connect();
  source.connect();
  let reportSeq = 0;
  const relay = {
    report(entries: LayerAssignment[]) {
      rt.send(encodeLayerReport(entries, { seq: reportSeq++, timestamp: 0 }));
    },
    roster(kind: 'snapshot' | 'joined' | 'left', ids: number[]) {
      rt.send(encodeRoster(kind, ids, { seq: reportSeq++, timestamp: 0 }));
    },
    /** Sends `message` (input) as the relay would, with receiver `id` stamped into `width`. */
    fromReceiver(id: number, message: Uint8Array) {
      message[8] = id & 0xff;
      message[9] = id >>> 8;
      rt.send(message);
    },
    ack(id: number, m: Message, queueDepth: number) {
      const ack = {
        kind: 'ack',
        ackSeq: m.header.seq,
        echoTimestamp: m.header.timestamp,
        decodeMicros: 300,
        queueDepth,
      } as const;
      relay.fromReceiver(id, encodeInput(ack));
    },
  };
  const dispose = () => {
    clearInterval(scene);
    source.dispose();
  };
  return { source, got, relay, rt, dispose };
}

/** Frames on `layer` since index `from` of `got`. */
export function onLayer(got: readonly Message[], layer: number, from = 0): Message[] {
  return got.slice(from).filter((m) => m.header.type < 0x50 && frameLayer(m.header.flags) === layer);
}
