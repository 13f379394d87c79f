// Faults in a cluster over a real nats-server: relays killed with SIGKILL, NATS restarted.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FrameType } from '../../src/protocol/index';
import { channelUrls } from '../../src/transport/url';
import { createWebSocketTransport } from '../../src/transport/websocket';
import {
  clusterRelay,
  fromSource,
  lastStatus,
  stream,
  untorn,
  waitFresh,
  waitStatus,
} from './cluster-helpers';
import { closeAll, connect, until } from './helpers';
import { type NatsServer, startNats } from './nats-server';
import { asRelay, killRelayProcesses, startRelayProcess } from './relay-process';

let nats: NatsServer;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(() => nats?.dispose());
afterEach(async () => {
  killRelayProcesses();
  await closeAll();
});

const bin = (): Promise<ReturnType<typeof asRelay> & { kill(): Promise<void> }> =>
  startRelayProcess(['--nats', nats.url], 'NATS connected: cluster on').then((p) =>
    Object.assign(asRelay(p), { kill: p.kill }),
  );

describe('cluster faults', () => {
  it('a relay killed mid-stream: its receiver reconnects to another and sees the current picture', async () => {
    const [a, c, b] = await Promise.all([clusterRelay(nats), clusterRelay(nats), bin()]);
    const source = await connect(a, 'kill-r', 'source');
    const s = stream(source);
    try {
      const onB = await connect(b, 'kill-r', 'receiver');
      await waitFresh(onB, s);
      await b.kill();
      expect((await onB.closed).code).toBe(1006);
      const onC = await connect(c, 'kill-r', 'receiver');
      await waitFresh(onC, s);
      expect(untorn(fromSource(onC), s.sent)).toBe(true);
      expect(lastStatus(onC)).toBe('online');
    } finally {
      s.stop();
    }
  });

  it("the source's relay killed mid-stream: the source reconnects elsewhere and the channel goes on", async () => {
    const [a, c, b] = await Promise.all([clusterRelay(nats), clusterRelay(nats), bin()]);
    const first = await connect(b, 'kill-s', 'source');
    const s1 = stream(first);
    const onA = await connect(a, 'kill-s', 'receiver');
    const onC = await connect(c, 'kill-s', 'receiver');
    try {
      await Promise.all([waitFresh(onA, s1), waitFresh(onC, s1)]);
      await b.kill();
      s1.stop();
      // Its relay is gone, so its claim on the channel is stale: A takes the source (no 4409).
      const again = await connect(a, 'kill-s', 'source');
      const s2 = stream(again);
      try {
        await Promise.all([waitFresh(onA, s2, 0), waitFresh(onC, s2, 0)]);
        expect(again.ws.readyState).toBe(again.ws.OPEN);
        for (const r of [onA, onC]) {
          const after = fromSource(r).filter((m) =>
            s2.sent.some((x) => Buffer.from(x).equals(Buffer.from(m))),
          );
          expect(untorn(after, s2.sent)).toBe(true);
          await waitStatus(r, 'online');
        }
      } finally {
        s2.stop();
      }
    } finally {
      s1.stop();
    }
  });

  it('NATS restarted mid-stream: local channels go on, /healthz says so, the cluster rejoins', async () => {
    const [a, b] = await Promise.all([clusterRelay(nats), clusterRelay(nats)]);
    const source = await connect(a, 'restart', 'source');
    const s = stream(source);
    try {
      const onA = await connect(a, 'restart', 'receiver');
      const onB = await connect(b, 'restart', 'receiver');
      await Promise.all([waitFresh(onA, s), waitFresh(onB, s)]);
      await nats.stop();
      await until(() => a.stats().cluster?.nats === 'disconnected', 'A to see NATS gone');
      // The local receiver keeps streaming without NATS.
      await waitFresh(onA, s);
      const health = (await (await fetch(`${a.url.replace('ws:', 'http:')}/healthz`)).json()) as {
        status: string;
        cluster: { nats: string };
      };
      expect(health).toMatchObject({ status: 'ok', cluster: { nats: 'disconnected' } });
      expect(await a.metrics()).toMatch(/ds_relay_nats_connected 0/);
      await nats.start();
      await until(
        () => [a, b].every((r) => r.stats().cluster?.nats === 'connected'),
        'both back on NATS',
        15_000,
      );
      await waitFresh(onB, s, s.sent.length, 10_000);
      expect(untorn(fromSource(onB), s.sent)).toBe(true);
      expect(untorn(fromSource(onA), s.sent)).toBe(true);
    } finally {
      s.stop();
    }
  });

  it('starts with NATS unreachable: a clear log line, local channels served, and it joins later', async () => {
    const logs: { msg: string | undefined; obj: object }[] = [];
    const log = (obj: object, msg?: string): void => {
      logs.push({ msg, obj });
    };
    await nats.stop();
    const { startRelay } = await import('./helpers');
    const relay = await startRelay({
      nats: { servers: [nats.url], heartbeatMs: 200 },
      logger: { error: log, warn: log, info: log, debug: log },
    });
    await until(() => logs.some((l) => l.msg?.startsWith('NATS unreachable')), 'the unreachable log line');
    expect(relay.stats().cluster?.nats).toBe('connecting');
    const source = await connect(relay, 'offline-start', 'source');
    const s = stream(source);
    try {
      const local = await connect(relay, 'offline-start', 'receiver');
      await waitFresh(local, s);
      await nats.start();
      await until(() => relay.stats().cluster?.nats === 'connected', 'the relay to join', 15_000);
      const other = await clusterRelay(nats);
      const remote = await connect(other, 'offline-start', 'receiver');
      await waitFresh(remote, s, s.sent.length, 10_000);
    } finally {
      s.stop();
    }
  });

  it("a client's transport given the cluster's URLs moves on to the next relay when its relay is killed", async () => {
    const [a, c, b] = await Promise.all([clusterRelay(nats), clusterRelay(nats), bin()]);
    const source = await connect(a, 'rotate', 'source');
    const s = stream(source);
    const [first, ...rest] = channelUrls([b.url, c.url], 'rotate', 'receiver');
    const t = createWebSocketTransport({
      url: first,
      urls: rest,
      WebSocket,
      reconnect: { initialMs: 20, jitter: 0 },
    });
    const got: Uint8Array[] = [];
    const opens: boolean[] = [];
    t.on('message', (m) => {
      if (m[0] === FrameType.Pixels || m[0] === FrameType.DeltaPixels) got.push(m.slice());
    });
    t.on('open', ({ reconnected }) => opens.push(reconnected));
    t.connect();
    try {
      await until(() => got.length > 0 && b.url !== '', 'pictures through B');
      await b.kill();
      await until(() => opens.length === 2, 'the transport to reopen on C', 10_000);
      const after = s.sent.length;
      const seen = new Set(s.sent.slice(after).map((m) => Buffer.from(m).toString('base64')));
      await until(() => {
        for (const m of s.sent.slice(after)) seen.add(Buffer.from(m).toString('base64'));
        return got.some((m) => seen.has(Buffer.from(m).toString('base64')));
      }, 'a current picture through C');
      expect(c.stats().receivers).toBe(1);
      expect(untorn(got, s.sent)).toBe(true);
    } finally {
      s.stop();
      t.close();
    }
  });
});
