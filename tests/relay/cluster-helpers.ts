// Relays clustered over one real nats-server, for tests/relay/cluster*.test.ts.
import type { Relay, RelayOptions } from '@ds-stream/react/relay';
import { decodeMessage, decodeStreamStatus, FrameType } from '../../src/protocol/index';
import { startRelay, type TestClient, until } from './helpers';
import type { NatsServer } from './nats-server';

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
