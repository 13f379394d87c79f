// A join either completes or leaves no trace: whatever throws while a receiver is attached,
// that receiver alone is closed and the channel's counts stay true (issue 15, item 1).

import type { RelayStats } from '@ds-stream/react/relay';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { MemoryChannelState } from '../../relay-dev/channel-state';
import type { RelayLogger } from '../../relay-dev/logger';
import { decodeMessage, decodeSignal, encodeMessage, FrameType } from '../../src/core';
import {
  type Closed,
  closeAll,
  connect,
  pixels,
  signal,
  startRelay,
  type TestClient,
  typeOf,
} from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
  return closeAll();
});

/** A SignalSync whose JSON nests `depth` objects, built by hand (JSON.stringify would overflow). */
function deepSync(depth: number): Uint8Array {
  const text = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return encodeMessage(
    { type: FrameType.SignalSync, flags: 1, seq: 2, timestamp: 66, width: 0, height: 0 },
    new TextEncoder().encode(text),
  );
}

type Health = RelayStats & { status: string };

async function health(url: string): Promise<Health> {
  const res = await fetch(`${url.replace('ws', 'http')}/healthz`);
  return (await res.json()) as Health;
}

/** Polls /healthz until `pred` holds (server-side close handling trails the client's close). */
async function healthUntil(url: string, pred: (s: Health) => boolean): Promise<Health> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const stats = await health(url);
    if (pred(stats) || Date.now() > deadline) return stats;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Joins, then leaves: resolves with how the join ended (open and then closed by us, or refused). */
async function joinAndLeave(url: string, channel: string): Promise<'joined' | Closed> {
  const ws = new WebSocket(`${url}/${channel}?role=receiver`);
  ws.on('error', () => {});
  const closed = new Promise<Closed>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const first = await Promise.race([
    new Promise<'status'>((resolve) => ws.once('message', () => resolve('status'))),
    closed,
  ]);
  if (first !== 'status') return first;
  // The join sequence is StreamStatus then the merged sync; give the relay a round trip to
  // finish (or fail) it before leaving.
  const pong = new Promise<'pong'>((resolve) => ws.once('pong', () => resolve('pong')));
  ws.ping();
  if ((await Promise.race([pong, closed])) !== 'pong') return closed;
  ws.close(1000);
  await closed;
  return 'joined';
}

/** A new receiver that must stay open and get what the source sends next. */
async function freshReceiverWorks(
  relay: { url: string },
  source: TestClient,
  channel: string,
): Promise<void> {
  source.send(signal(10, { fresh: 1 }, true));
  const late = await connect(relay as never, channel, 'receiver');
  const sync = await late.find((m) => typeOf(m) === FrameType.SignalSync);
  expect(decodeSignal(decodeMessage(sync))).toEqual({ fresh: 1 });
  source.send(pixels(11));
  const frame = await late.find((m) => typeOf(m) === FrameType.Pixels);
  expect(frame).toEqual(pixels(11));
  expect(late.ws.readyState).toBe(WebSocket.OPEN);
}

describe('joins that throw leave no trace', () => {
  it('a 10,000-deep SignalSync then a diff: 10 receivers join and leave, /healthz says 0, a new one stays open', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'deep-sync', 'source');
    source.send(deepSync(10_000));
    source.send(signal(3, { b: 2 }));
    // Whatever the relay does with the deep sync (refuse it, merge it, or fail to
    // re-serialise it for joiners), each join ends cleanly: open, or closed with a known code.
    const outcomes: ('joined' | Closed)[] = [];
    for (let i = 0; i < 10; i++) outcomes.push(await joinAndLeave(relay.url, 'deep-sync'));
    for (const o of outcomes) {
      if (o !== 'joined') expect([1007, 1008, 1009, 1011]).toContain(o.code);
    }
    const stats = await healthUntil(relay.url, (s) => s.receivers === 0);
    // The relay may also have closed the source for its sync: then the channel went with it.
    const sourceOpen = source.ws.readyState === WebSocket.OPEN;
    expect(stats).toMatchObject({ status: 'ok', receivers: 0, sources: sourceOpen ? 1 : 0 });
    expect(stats.channels).toBe(sourceOpen ? 1 : 0);
    const live = sourceOpen ? source : await connect(relay, 'deep-sync', 'source');
    await freshReceiverWorks(relay, live, 'deep-sync');
  });

  it('a throw injected where the join serialises the merged state: every joiner gets 1011, counts stay true, then joins work again', async () => {
    const relay = await startRelay();
    const source = await connect(relay, 'inject', 'source');
    source.send(signal(1, { ok: 1 }, true));
    source.send(signal(2, { more: 2 }));
    const watcher = await connect(relay, 'inject', 'receiver');
    await watcher.find((m) => typeOf(m) === FrameType.SignalSync);
    // Fault injection at the exact throw site of the issue (JSON.stringify of the merged state
    // inside attachReceiver), so this holds even once deep syncs are refused upstream.
    const fault = vi.spyOn(MemoryChannelState.prototype, 'signalSync').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded (injected)');
    });
    for (let i = 0; i < 10; i++) {
      const outcome = await joinAndLeave(relay.url, 'inject');
      expect(outcome).toEqual({ code: 1011, reason: 'internal relay error' });
    }
    expect(fault).toHaveBeenCalledTimes(10);
    fault.mockRestore();
    const stats = await healthUntil(relay.url, (s) => s.receivers === 1);
    expect(stats).toMatchObject({ channels: 1, sources: 1, receivers: 1 });
    expect(await relay.metrics()).toContain('ds_relay_refused_total{reason="internal"} 10');
    // The receiver that was already there never noticed.
    expect(watcher.ws.readyState).toBe(WebSocket.OPEN);
    await freshReceiverWorks(relay, source, 'inject');
    await watcher.find((m) => m.length === pixels(11).length && typeOf(m) === FrameType.Pixels);
  });

  it('a logger that throws on every call breaks nothing: peers join, stream and leave', async () => {
    const boom = (): void => {
      throw new Error('logger down');
    };
    const logger: RelayLogger = { error: boom, warn: boom, info: boom, debug: boom };
    const relay = await startRelay({ logger });
    const source = await connect(relay, 'noisy', 'source');
    const refused = await connect(relay, 'noisy', 'nobody');
    expect((await refused.closed).code).toBe(4400);
    await freshReceiverWorks(relay, source, 'noisy');
    source.ws.close();
    await source.closed;
    expect(await healthUntil(relay.url, (s) => s.sources === 0)).toMatchObject({ sources: 0, receivers: 1 });
  });
});
