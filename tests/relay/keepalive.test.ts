import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, sleep, startRelay } from './helpers';

afterEach(closeAll);

describe('keep-alive', () => {
  it('terminates a peer that stops answering pings; live peers stay', async () => {
    const relay = await startRelay({ pingIntervalMs: 100, pingTimeoutMs: 1000 });
    const dead = await connect(relay, 'ka', 'receiver', { autoPong: false });
    const deadSource = await connect(relay, 'ka2', 'source', { autoPong: false });
    const live = await connect(relay, 'ka', 'receiver');
    const closed = await dead.closed;
    expect(closed.code).toBe(1006); // terminated: no close handshake with a dead peer
    expect((await deadSource.closed).code).toBe(1006);
    await sleep(200);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    expect(await relay.metrics()).toContain('ds_relay_closed_by_relay_total{reason="ping_timeout"} 2');
    expect(relay.stats()).toEqual({ channels: 1, sources: 0, receivers: 1 });
  });
});
