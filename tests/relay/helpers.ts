// Real ws clients against a real relay on 127.0.0.1:0, with an inbox per client.
import { createRelay, type Relay, type RelayOptions } from '@ds-stream/react/relay';
import { WebSocket } from 'ws';
import { encodeMessage, Flag, FrameType, type HeaderInit } from '../../src/protocol/index';

export interface Closed {
  code: number;
  reason: string;
}

export interface TestClient {
  ws: WebSocket;
  /** Every message received so far, in order. */
  received: Uint8Array[];
  /** Resolves with the next message not yet returned by `next`. */
  next(timeoutMs?: number): Promise<Uint8Array>;
  /** Resolves with the first received message (from the start) that matches `pred`. */
  find(pred: (m: Uint8Array) => boolean, timeoutMs?: number): Promise<Uint8Array>;
  /** Resolves once `count` messages have been received in total. */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** Resolves when the socket closes. */
  closed: Promise<Closed>;
  send(bytes: Uint8Array): void;
}

const relays: Relay[] = [];
const clients: WebSocket[] = [];

/** Starts a relay on 127.0.0.1:0; `closeAll` stops it. */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const relay = createRelay({ port: 0, host: '127.0.0.1', ...options });
  relays.push(relay);
  await relay.listen();
  return relay;
}

/** Closes every client and relay started by these helpers (call in afterEach). */
export async function closeAll(): Promise<void> {
  for (const ws of clients.splice(0)) ws.terminate();
  await Promise.all(relays.splice(0).map((r) => r.close()));
}

export interface ConnectOptions {
  token?: string;
  origin?: string;
  /** ws answers pings by itself unless false (simulates a dead peer). */
  autoPong?: boolean;
}

/** Opens a client; resolves once open (or closed at once, for refusal tests). */
export function connect(
  relay: Relay,
  channel: string,
  role: string,
  options: ConnectOptions = {},
): Promise<TestClient> {
  const query = `role=${role}${options.token ? `&token=${encodeURIComponent(options.token)}` : ''}`;
  const ws = new WebSocket(`${relay.url}/${channel}?${query}`, {
    autoPong: options.autoPong ?? true,
    ...(options.origin ? { origin: options.origin } : {}),
  });
  clients.push(ws);
  const received: Uint8Array[] = [];
  let cursor = 0;
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    received.push(new Uint8Array(data));
    for (const w of waiters) w();
  });
  const closed = new Promise<Closed>((resolve) => {
    ws.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const w of waiters) w();
    });
  });
  ws.on('error', () => {});
  const until = (ready: () => boolean, timeoutMs: number, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (ready()) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what} (have ${received.length})`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const client: TestClient = {
    ws,
    received,
    closed,
    async next(timeoutMs = 3000) {
      await until(() => received.length > cursor, timeoutMs, `message #${cursor + 1}`);
      return received[cursor++]!;
    },
    async find(pred, timeoutMs = 3000) {
      await until(() => received.some(pred), timeoutMs, 'a matching message');
      return received.find(pred)!;
    },
    waitForCount: (count, timeoutMs = 5000) =>
      until(() => received.length >= count, timeoutMs, `${count} messages`),
    send: (bytes) => ws.send(bytes),
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('close', () => resolve(client));
  });
}

const meta = (seq: number): Omit<HeaderInit, 'type' | 'flags' | 'width' | 'height'> => ({
  seq,
  timestamp: seq * 33,
});

/** A Pixels keyframe whose bytes all equal `fill`. */
export function pixels(seq: number, width = 8, height = 4, fill = seq & 0xff): Uint8Array {
  return encodeMessage(
    { type: FrameType.Pixels, flags: Flag.Keyframe, width, height, ...meta(seq) },
    new Uint8Array(width * height * 4).fill(fill),
  );
}

/** A DeltaPixels frame with `size` payload bytes (the relay never decodes it). */
export function delta(seq: number, size = 64, width = 8, height = 4): Uint8Array {
  const payload = new Uint8Array(size);
  for (let i = 0; i < size; i++) payload[i] = (seq + i) & 0xff;
  return encodeMessage({ type: FrameType.DeltaPixels, flags: 0, width, height, ...meta(seq) }, payload);
}

/** A SignalSync or SignalDiff carrying `value` as JSON. */
export function signal(seq: number, value: object, sync = false): Uint8Array {
  return encodeMessage(
    {
      type: sync ? FrameType.SignalSync : FrameType.SignalDiff,
      flags: sync ? Flag.Keyframe : 0,
      width: 0,
      height: 0,
      ...meta(seq),
    },
    new TextEncoder().encode(JSON.stringify(value)),
  );
}

/** One of each kind a source sends (keyframe, deltas, audio, signal sync and diff), in order. */
export function mixedFrames(): Uint8Array[] {
  const audio = encodeMessage(
    { type: FrameType.AudioPcm, flags: 0, seq: 9, timestamp: 1, width: 48000, height: 2 },
    new Uint8Array(64).fill(7),
  );
  return [
    pixels(1, 16, 8),
    delta(2, 500),
    delta(3, 1),
    audio,
    signal(4, { a: 1 }, true),
    signal(5, { b: 2 }),
  ];
}

/** Matches input messages of `type` (input flag set), for `TestClient.find`. */
export const isInput =
  (type: number) =>
  (m: Uint8Array): boolean =>
    (m[1]! & Flag.Input) !== 0 && m[0] === type;

/** Type byte, for readable assertions. */
export const typeOf = (m: Uint8Array): number => m[0]!;

/** Parses the JSON payload of a signal message. */
export const json = (m: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(m.subarray(16)));

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `ready` until it holds (relay-side close handling trails the client's close). */
export async function until(ready: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
