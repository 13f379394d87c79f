// Relays clustered over one real nats-server, for tests/relay/cluster*.test.ts.
import type { Relay, RelayOptions } from '@ds-stream/react/relay';
import { type NatsConnection, connect as natsConnect } from '@nats-io/transport-node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { decodeMessage, decodeStreamStatus, Flag, FrameType, InputType } from '../../src/protocol/index';
import { closeAll, delta, pixels, startRelay, type TestClient, until } from './helpers';
import { type NatsServer, startNats } from './nats-server';

/** Heartbeat of the test relays: a silent relay counts as gone after 3 of them. */
export const HEARTBEAT_MS = 200;

/** A relay on 127.0.0.1:0 in the cluster of `nats`, resolved once it is connected to it. */
export async function clusterRelay(nats: NatsServer, options: RelayOptions = {}): Promise<Relay> {
  const relay = await startRelay({ nats: { servers: [nats.url], heartbeatMs: HEARTBEAT_MS }, ...options });
  await until(() => relay.stats().cluster?.nats === 'connected', 'the relay to connect to NATS', 10_000);
  return relay;
}

/** Resolves once every relay has heard of `peers` others. */
export async function meshed(relays: readonly Relay[]): Promise<void> {
  await until(
    () => relays.every((r) => (r.stats().cluster?.peers ?? 0) >= relays.length - 1),
    'the relays to hear each other',
    10_000,
  );
}

/** The messages a receiver got from the source (the relays' StreamStatus and Roster left out). */
export const fromSource = (c: TestClient): Uint8Array[] =>
  c.received.filter((m) => m[0] !== FrameType.StreamStatus && m[0] !== FrameType.Roster);

/** The last StreamStatus a client got ('online', 'offline', 'ended'), or null. */
export function lastStatus(c: TestClient): string | null {
  for (let i = c.received.length - 1; i >= 0; i--) {
    const m = c.received[i]!;
    if (m[0] === FrameType.StreamStatus) return decodeStreamStatus(decodeMessage(m)).status;
  }
  return null;
}

/** Resolves once the client's latest StreamStatus is `status`. */
export function waitStatus(c: TestClient, status: string, timeoutMs = 5000): Promise<void> {
  return until(() => lastStatus(c) === status, `status ${status} (last: ${lastStatus(c)})`, timeoutMs);
}

/** A test source streaming deltas at `fps`, with a keyframe first and on every KeyframeRequest. */
export interface Streamer {
  /** Every message sent, in order. */
  readonly sent: Uint8Array[];
  stop(): void;
}

/** Streams from `source`: Pixels keyframes and DeltaPixels (seq = index), at `fps`. */
export function stream(source: TestClient, fps = 30, size = 256): Streamer {
  const sent: Uint8Array[] = [];
  let keyPending = true;
  let seq = 0;
  source.ws.on('message', (data: Buffer) => {
    if ((data[1]! & Flag.Input) !== 0 && data[0] === InputType.KeyframeRequest) keyPending = true;
  });
  const timer = setInterval(() => {
    if (source.ws.readyState !== source.ws.OPEN) return;
    seq++;
    const m = keyPending ? pixels(seq, 8, 4) : delta(seq, size);
    keyPending = false;
    sent.push(m);
    source.send(m);
  }, 1000 / fps);
  return { sent, stop: () => clearInterval(timer) };
}

const key = (m: Uint8Array): string => Buffer.from(m).toString('base64');

/**
 * True when every delta a receiver got follows, in what was sent, the picture frame it got just
 * before it: no torn picture (a delta applied to the wrong base), whatever it missed between.
 */
export function untorn(received: readonly Uint8Array[], sent: readonly Uint8Array[]): boolean {
  const index = new Map<string, number>();
  for (const [i, m] of sent.entries()) index.set(key(m), i);
  let last = -1;
  for (const m of received) {
    if (m[0] !== FrameType.Pixels && m[0] !== FrameType.DeltaPixels) continue;
    const i = index.get(key(m));
    if (i === undefined) {
      console.error('a picture frame that was never sent');
      return false;
    }
    if (m[0] === FrameType.DeltaPixels && i !== last + 1) {
      // What it got, by index in what was sent (K keyframe, d delta): a failure says where it tore.
      const names = received.map((x) => `${x[0] === FrameType.Pixels ? 'K' : 'd'}${index.get(key(x))}`);
      console.error(`torn at delta ${i} after ${last}: ${names.join(' ')}`);
      return false;
    }
    last = i;
  }
  return true;
}

/** Resolves once `c` has got a picture frame sent after `after` (the picture is current). */
export function waitFresh(
  c: TestClient,
  s: Streamer,
  after = s.sent.length,
  timeoutMs = 5000,
): Promise<void> {
  const later = new Set(s.sent.slice(after).map((m) => Buffer.from(m).toString('base64')));
  return until(
    () => {
      for (const m of s.sent.slice(after)) later.add(Buffer.from(m).toString('base64'));
      return fromSource(c).some((m) => later.has(Buffer.from(m).toString('base64')));
    },
    'a current picture',
    timeoutMs,
  );
}

/**
 * One real nats-server for a test file (started before its tests, stopped after them), and NATS
 * clients for the tests themselves (stand-in relays), closed after each test along with the relays.
 */
export function natsForTests(): { server: () => NatsServer; client: () => Promise<NatsConnection> } {
  let nats: NatsServer | undefined;
  const conns: NatsConnection[] = [];
  beforeAll(async () => {
    nats = await startNats();
  });
  afterAll(() => nats?.dispose());
  afterEach(async () => {
    await closeAll();
    await Promise.all(conns.splice(0).map((nc) => nc.close()));
  });
  const server = (): NatsServer => {
    if (!nats) throw new Error('nats-server is not started yet');
    return nats;
  };
  return {
    server,
    async client() {
      const nc = await natsConnect({ servers: server().url });
      conns.push(nc);
      return nc;
    },
  };
}
