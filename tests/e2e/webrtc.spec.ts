// WebRTC DataChannels in real Chromium: a Node source (node-datachannel) streams 600x400 pictures
// through the in-process relay to a Chromium receiver page whose transport is
// createDataChannelTransport; the canvas must equal the last frame sent, byte for byte, and the
// picture bytes must have come over the DataChannel.
import { createRelay } from '@ds-stream/react/relay';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeDelta } from '../../src/codec/delta';
import { encodePixels } from '../../src/codec/pixels';
import { Flag, InputType } from '../../src/protocol/index';
import {
  channelUrl,
  createDataChannelTransport,
  type DataChannelTransport,
  type RTCPeerConnectionConstructor,
  type WebSocketConstructor,
} from '../../src/transport/index';
import { type E2eEnv, type E2ePage, startE2e } from './helpers/env';
import { waitUntil } from './helpers/wait';

const W = 600;
const H = 400;

let env: E2eEnv;
const sources: DataChannelTransport[] = [];
const testSources: TestSource[] = [];
beforeAll(async () => {
  env = await startE2e(['--allow-loopback-in-peer-connection']);
});
afterEach(async () => {
  for (const s of testSources.splice(0)) s.close();
  for (const s of sources.splice(0)) s.close();
  await env?.closePages();
});
afterAll(async () => {
  await env?.close();
});

function nodeSource(relayUrl: string, channel: string): DataChannelTransport {
  const t = createDataChannelTransport({
    url: channelUrl(relayUrl, channel, 'source'),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    RTCPeerConnection: RTCPeerConnection as unknown as RTCPeerConnectionConstructor,
  });
  t.connect();
  sources.push(t);
  return t;
}

/** Frame `n`: opaque, different everywhere from frame n-1 in a band that moves. */
function picture(n: number): Uint8Array {
  const rgba = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 4;
      const band = (x + n * 17) % W < 120;
      rgba[i] = x & 0xff;
      rgba[i + 1] = band ? (n * 29) & 0xff : y & 0xff;
      rgba[i + 2] = (x ^ y) & 0xff;
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

type Api = {
  kind(): string;
  counters(): { webrtcBytesIn: number; websocketBytesIn: number };
  state(): { stats: { framesReceived: number }; connection: string };
  pixels(): { width: number; height: number; base64: string };
};
const api = <T>(p: E2ePage, fn: (a: Api) => T): Promise<T> =>
  p.page.evaluate(
    (f) => new Function('a', `return (${f})(a)`)((window as unknown as { e2e: Api }).e2e),
    fn.toString(),
  ) as Promise<T>;

/**
 * A Node source that behaves as a real one does: it answers every KeyframeRequest (the relay's,
 * or the receiver's after a lost picture) with a keyframe of what it shows, and `hold()` keeps
 * the still picture flowing (an empty delta, or the keyframe again in pixel mode) while a test
 * waits, so a picture lost on the partly reliable channel, or dropped by the relay for a busy
 * receiver, is noticed by the next one and repaired, as it is in a live stream.
 */
class TestSource {
  readonly transport: DataChannelTransport;
  #seq = 0;
  #shown: Uint8Array | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    relayUrl: string,
    channel: string,
    private readonly mode: 'pixel' | 'delta',
  ) {
    this.transport = nodeSource(relayUrl, channel);
    this.transport.on('message', (m) => {
      if (this.#shown && m[0] === InputType.KeyframeRequest && (m[1]! & Flag.Input) !== 0)
        this.#key(this.#shown);
    });
  }

  /** Shows `rgba`: a keyframe, or in delta mode a delta from the picture shown before. */
  show(rgba: Uint8Array): void {
    const prev = this.#shown;
    if (this.mode === 'delta' && prev) this.#send(encodeDelta(rgba, prev, W, H, this.#meta()));
    else this.#key(rgba);
    this.#shown = rgba;
  }

  /** Keeps showing the current picture every `ms` until `close`. */
  hold(ms: number): void {
    this.#timer ??= setInterval(() => {
      if (this.#shown) this.show(this.#shown);
    }, ms);
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #key(rgba: Uint8Array): void {
    this.#send(encodePixels(rgba, W, H, this.#meta()));
  }

  #send(msg: Uint8Array): void {
    expect(this.transport.send(msg)).toBe('sent');
  }

  #meta() {
    const seq = this.#seq++ & 0xffff;
    return { seq, timestamp: seq * 100 };
  }
}

/** Streams `frames` pictures (a keyframe, then deltas in delta mode) at 10 fps, once both ends are on WebRTC. */
async function stream(mode: 'pixel' | 'delta', channel: string, relayUrl: string, frames = 20) {
  const receiver = await env.open('rtc-receiver', { channel, relay: relayUrl });
  const source = new TestSource(relayUrl, channel, mode);
  testSources.push(source);
  await waitUntil(
    async () => source.transport.kind === 'webrtc' && (await api(receiver, (a) => a.kind())) === 'webrtc',
    'both on webrtc',
    30_000,
  );
  let last = picture(0);
  for (let n = 0; n < frames; n++) {
    last = picture(n);
    source.show(last);
    await new Promise((r) => setTimeout(r, 100));
  }
  // A 960 KB keyframe every 500 ms in pixel mode; an empty delta every 100 ms in delta mode.
  source.hold(mode === 'pixel' ? 500 : 100);
  return { receiver, source, last };
}

async function expectShows(receiver: E2ePage, last: Uint8Array): Promise<void> {
  const want = Buffer.from(last).toString('base64');
  await waitUntil(
    async () => (await api(receiver, (a) => a.pixels().base64)) === want,
    'canvas equals the last frame',
    30_000,
  );
}

describe.each(['pixel', 'delta'] as const)('%s mode over DataChannels', (mode) => {
  it('the Chromium canvas equals the last 600x400 frame exactly, >= 90% of picture bytes over the DataChannel', async () => {
    const { receiver, source, last } = await stream(mode, `rtc-${mode}`, env.relay.url);
    await expectShows(receiver, last);
    source.close();
    const c = await api(receiver, (a) => a.counters());
    // Every picture came over the DataChannel: the WebSocket carried signalling and StreamStatus,
    // less than one picture's bytes. (Not a share of what was sent: the relay rightly drops
    // pictures for a receiver that reads slowly, as on a busy machine.)
    expect(c.webrtcBytesIn).toBeGreaterThanOrEqual(W * H * 4);
    expect(c.websocketBytesIn).toBeLessThan(W * H * 4);
    expect(c.webrtcBytesIn / (c.webrtcBytesIn + c.websocketBytesIn)).toBeGreaterThanOrEqual(0.9);
    expect(receiver.errors).toEqual([]);
  });
});

describe('fallback', () => {
  it("'auto' against a relay without WebRTC streams over the WebSocket", async () => {
    const relay = createRelay({ port: 0, host: '127.0.0.1', webrtc: false });
    await relay.listen();
    try {
      const channel = 'rtc-fallback';
      const receiver = await env.open('rtc-receiver', { channel, relay: relay.url });
      const source = nodeSource(relay.url, channel);
      await waitUntil(() => source.state === 'open', 'source open', 30_000);
      await waitUntil(
        async () => (await api(receiver, (a) => a.state().connection)) === 'open',
        'receiver open',
        30_000,
      );
      const frame = picture(5);
      source.send(encodePixels(frame, W, H, { seq: 1, timestamp: 0 }));
      await expectShows(receiver, frame);
      expect(await api(receiver, (a) => a.kind())).toBe('websocket');
      expect((await api(receiver, (a) => a.counters())).webrtcBytesIn).toBe(0);
    } finally {
      await relay.close();
    }
  });
});
