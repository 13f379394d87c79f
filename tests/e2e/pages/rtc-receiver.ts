// e2e receiver over WebRTC DataChannels: a framework-free receiver engine whose transport is
// createDataChannelTransport. Query: relay, channel, mode (auto|webrtc).
import { channelUrl, createDataChannelTransport, createReceiverEngine } from '@ds-stream/react/core';
import { canvasPixels, param } from './probe';

const root = document.getElementById('root') as HTMLDivElement;
const canvas = document.getElementById('canvas') as HTMLCanvasElement;
const relay = param('relay', 'ws://127.0.0.1:9100');
const channel = param('channel', 'e2e');
const transport = createDataChannelTransport({
  url: channelUrl(relay, channel, 'receiver'),
  mode: param('mode', 'auto') === 'webrtc' ? 'webrtc' : 'auto',
});
const kinds: string[] = [];
transport.onKind((k) => kinds.push(k));
const engine = createReceiverEngine({ url: relay, channel, transport });
engine.attach(root, canvas);
engine.connect();

Object.assign(window, {
  e2e: {
    kind: () => transport.kind,
    kinds,
    counters: () => ({ ...transport.counters }),
    state: () => engine.store.getState(),
    pixels: () => canvasPixels(canvas),
  },
});
