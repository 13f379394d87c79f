// WebRTC DataChannels between two Chromium pages through the relay: a Chromium source (the engine's
// `transport: 'webrtc'`) streams 600x400 pictures to a Chromium receiver; the receiver's canvas must
// equal the source's, byte for byte. Then a relay restart mid-stream: both ends reconnect, move to
// DataChannels again and the picture goes on. No speed assumptions: each deadline is functional.
import { createRelay, type Relay } from '@ds-stream/react/relay';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type E2eEnv, type E2ePage, startE2e } from './helpers/env';
import { waitUntil } from './helpers/wait';

const DEADLINE = 60_000;

let env: E2eEnv;
const relays: Relay[] = [];
beforeAll(async () => {
  env = await startE2e(['--allow-loopback-in-peer-connection']);
});
afterEach(async () => {
  await env?.closePages();
  await Promise.allSettled(relays.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await env?.close();
});

type Api = {
  draw(n: number): void;
  kind(): string;
  counters(): { webrtcBytesIn?: number; websocketBytesIn?: number };
  state(): { connection: string; stats: { framesReceived: number } };
  pixels(): { width: number; height: number; base64: string };
};
const api = <T>(p: E2ePage, fn: (a: Api) => T): Promise<T> =>
  p.page.evaluate(
    (f) => new Function('a', `return (${f})(a)`)((window as unknown as { e2e: Api }).e2e),
    fn.toString(),
  ) as Promise<T>;

async function relayOn(port = 0): Promise<Relay> {
  const relay = createRelay({ port, host: '127.0.0.1', logLevel: 'silent' });
  await relay.listen();
  relays.push(relay);
  return relay;
}

async function bothOnWebrtc(source: E2ePage, receiver: E2ePage): Promise<void> {
  await waitUntil(
    async () =>
      (await api(source, (a) => a.kind())) === 'webrtc' &&
      (await api(receiver, (a) => a.kind())) === 'webrtc',
    'source and receiver on webrtc',
    DEADLINE,
  );
}

/** Paints picture `n` at the source and waits until the receiver shows exactly the same bytes. */
async function showsPicture(source: E2ePage, receiver: E2ePage, n: number): Promise<void> {
  await source.page.evaluate((k) => (window as unknown as { e2e: Api }).e2e.draw(k), n);
  const want = (await api(source, (a) => a.pixels())).base64;
  await waitUntil(
    async () => (await api(receiver, (a) => a.pixels())).base64 === want,
    `the receiver canvas equals source picture ${n}`,
    DEADLINE,
  );
}

describe('Chromium source to Chromium receiver over DataChannels', () => {
  it.each(['delta', 'pixel'] as const)(
    '%s mode: the receiver canvas equals the source canvas exactly; of what follows the switch, 9 bytes in 10 or more over the DataChannel',
    async (mode) => {
      const channel = `rtc-browsers-${mode}`;
      const receiver = await env.open('rtc-receiver', { channel, mode: 'webrtc' });
      const source = await env.open('rtc-source', { channel, mode, transport: 'webrtc' });
      await bothOnWebrtc(source, receiver);
      const before = await api(receiver, (a) => a.counters());
      for (const n of [1, 2, 3, 4]) await showsPicture(source, receiver, n);
      const after = await api(receiver, (a) => a.counters());
      const rtc = (after.webrtcBytesIn ?? 0) - (before.webrtcBytesIn ?? 0);
      const ws = (after.websocketBytesIn ?? 0) - (before.websocketBytesIn ?? 0);
      expect(rtc).toBeGreaterThan(0);
      expect(rtc / (rtc + ws)).toBeGreaterThanOrEqual(0.9);
      expect([...source.errors, ...receiver.errors]).toEqual([]);
    },
  );
});

describe('relay restart over WebRTC', () => {
  it('both ends reconnect, move to DataChannels again and the picture continues', async () => {
    const first = await relayOn();
    const port = first.port;
    const channel = 'rtc-restart';
    // The receiver uses the engine's own option here (the lazily loaded transport).
    const receiver = await env.open('rtc-receiver', { channel, mode: 'webrtc', engine: 1, relay: first.url });
    const source = await env.open('rtc-source', {
      channel,
      mode: 'delta',
      transport: 'webrtc',
      relay: first.url,
    });
    await bothOnWebrtc(source, receiver);
    await showsPicture(source, receiver, 1);

    await first.close();
    relays.splice(relays.indexOf(first), 1);
    // Both must see the relay gone before it is back, so the checks below see fresh connections.
    await waitUntil(
      async () =>
        (await api(receiver, (a) => a.state().connection)) !== 'open' &&
        (await api(source, (a) => a.state().connection)) !== 'open',
      'source and receiver see the relay gone',
      DEADLINE,
    );
    await relayOn(port);
    await bothOnWebrtc(source, receiver);
    await waitUntil(
      async () =>
        (await api(receiver, (a) => a.state().connection)) === 'open' &&
        (await api(source, (a) => a.state().connection)) === 'open',
      'both open again',
      DEADLINE,
    );
    await showsPicture(source, receiver, 7);
    await showsPicture(source, receiver, 8);
    expect([...source.errors, ...receiver.errors]).toEqual([]);
  });
});
