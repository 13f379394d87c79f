// Taking a channel's source over from another relay: only on proof that relay no longer holds it.
import type { Relay } from '@ds-stream/react/relay';
import { RelayCloseCode } from '@ds-stream/react/relay';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { channelNames, HEARTBEAT_SUBJECT, ownsSubject } from '../../relay-dev/cluster/subjects';
import { clusterRelay, natsForTests } from './cluster-helpers';
import { connect, type TestClient } from './helpers';

const nats = natsForTests();

const FAKE = 0x0bad_cafe;

/**
 * A stand-in relay that holds `channel` in KV and never answers "do you hold it?" (a busy or cut
 * off relay: its subscription exists, so a probe gets no "no responders"). With `heartbeatOnProbe`
 * it starts heartbeating when the first probe arrives, so only a prober that waits hears it.
 */
async function silentOwner(channel: string, heartbeatOnProbe: boolean): Promise<void> {
  const nc = await nats.client();
  const kv = await new Kvm(jetstream(nc)).open('ds_channels');
  await kv.put(channelNames(channel).owner, JSON.stringify({ relay: FAKE, at: Date.now(), hb: 200 }));
  let timer: NodeJS.Timeout | undefined;
  nc.subscribe(ownsSubject(FAKE), {
    callback: () => {
      if (!heartbeatOnProbe || timer) return;
      const beat = new Uint8Array(8);
      new DataView(beat.buffer).setUint32(0, FAKE, true);
      new DataView(beat.buffer).setUint32(4, 200, true);
      timer = setInterval(() => nc.publish(HEARTBEAT_SUBJECT, beat), 100);
      nc.closed().then(() => clearInterval(timer));
    },
  });
  await nc.flush();
}

/** How a source socket ends up: admitted by the relay, or refused (with its close). */
async function outcome(relay: Relay, client: TestClient): Promise<string> {
  let closed: { code: number; reason: string } | null = null;
  void client.closed.then((c) => {
    closed = c;
  });
  for (;;) {
    if (closed) return `refused ${(closed as { code: number }).code}`;
    if (relay.stats().sources > 0) return 'admitted';
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('cluster source take-over', () => {
  it('refuses a newcomer while the owner heartbeats, even when it answers no probe in time', async () => {
    // A 1 ms probe always times out: the verdict rests on the heartbeats that follow.
    const b = await clusterRelay(nats.server(), { sourceProbeMs: 1 });
    await silentOwner('busy', true);
    const source = await connect(b, 'busy', 'source');
    expect(await outcome(b, source)).toBe(`refused ${RelayCloseCode.SourceExists}`);
  });

  it('takes the source over from an owner unheard for 3 heartbeats', async () => {
    const b = await clusterRelay(nats.server(), { sourceProbeMs: 1 });
    await silentOwner('gone', false);
    const source = await connect(b, 'gone', 'source');
    expect(await outcome(b, source)).toBe('admitted');
  });
});
