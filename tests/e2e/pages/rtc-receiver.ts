// e2e receiver over WebRTC DataChannels: a framework-free receiver engine whose transport is
// createDataChannelTransport, or with `engine=1` the engine's own `transport` option (which loads
// the DataChannel transport lazily). Query: relay, channel, mode (auto|webrtc), engine (1/0).
import {
  channelUrl,
  createDataChannelTransport,
  createReceiverEngine,
  type TransportChoice,
} from '@ds-stream/react/core';
import { canvasPixels, param } from './probe';

const root = document.getElementById('root') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const relay = param('relay', 'ws://127.0.0.1:9100');
const channel = param('channel', 'e2e');
const mode = param('mode', 'auto') === 'webrtc' ? 'webrtc' : 'auto';
const own = param('engine', '0') === '1';
const transport = own
  ? null
  : createDataChannelTransport({ url: channelUrl(relay, channel, 'receiver'), mode });
const kinds: string[] = [];
transport?.onKind((k) => kinds.push(k));
const engine = createReceiverEngine({
  url: relay,
  channel,
  transport: transport ?? (mode as TransportChoice),
});
engine.attach(root, canvas);
engine.connect();

Object.assign(window, {
  e2e: {
    kind: () => transport?.kind ?? engine.store.getState().transport,
    kinds,
    counters: () => ({ ...transport?.counters }),
    state: () => engine.store.getState(),
    pixels: () => canvasPixels(canvas),
  },
});
