// The link shaper over real sockets: a TCP server behind it, a real relay with ws clients in front.
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from 'node:net';
import { createLinkShaper, createRelay, type LinkShaper, type Relay } from '@ds-stream/react/relay';
import { afterEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { encodeMessage, FrameType } from '../../src/protocol/index';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A TCP server that writes `bytes` to each connection and echoes what it reads. */
async function blaster(bytes: number): Promise<{ port: number }> {
  const conns = new Set<Socket>();
  const server: Server = createServer((s) => {
    conns.add(s);
    s.on('close', () => conns.delete(s));
    s.on('error', () => {});
    s.on('data', (d) => s.write(d));
    if (bytes > 0) s.write(Buffer.alloc(bytes, 7));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of conns) s.destroy();
        server.close(() => r());
      }),
  );
  return { port: (server.address() as AddressInfo).port };
}

async function shaper(o: Parameters<typeof createLinkShaper>[0]): Promise<LinkShaper> {
  const s = createLinkShaper(o);
  await s.listen();
  closers.push(() => s.close());
  return s;
}

/** Connects through the shaper and records when each byte count was reached. */
function client(port: number) {
  const sock = createConnection({ host: '127.0.0.1', port });
  closers.push(() => void sock.destroy());
  const got = { bytes: 0, start: performance.now(), at: [] as { bytes: number; t: number }[] };
  sock.on('data', (d) => {
    got.bytes += d.length;
    got.at.push({ bytes: got.bytes, t: performance.now() - got.start });
  });
  return { sock, got };
}

const until = async (cond: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('createLinkShaper', () => {
  test('throttles the downstream: 200 KB at 400 KB/s cannot arrive in under ~0.45 s', async () => {
    const { port } = await blaster(200_000);
    const s = await shaper({ target: port, bytesPerSecond: 400_000 });
    const { got } = client(s.port);
    await until(() => got.bytes === 200_000);
    // Lower bounds only: a throttle can be slow on a busy machine, never faster than its rate.
    expect(got.at.at(-1)!.t).toBeGreaterThan(450);
    const half = got.at.find((a) => a.bytes >= 100_000)!;
    expect(half.t).toBeGreaterThan(200);
    expect(s.stats().bytesDown).toBe(200_000);
  });

  test('adds the delay to every chunk; upstream is untouched', async () => {
    const { port } = await blaster(0);
    const s = await shaper({ target: `127.0.0.1:${port}`, delayMs: 150 });
    const { sock, got } = client(s.port);
    await new Promise((r) => sock.once('connect', r));
    const t0 = performance.now();
    sock.write('ping');
    await until(() => got.bytes === 4);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  test('holds at most about maxQueuedBytes, pushing back on the target instead of buffering', async () => {
    const { port } = await blaster(4_000_000);
    const s = await shaper({ target: port, bytesPerSecond: 100_000, maxQueuedBytes: 64 * 1024 });
    client(s.port);
    await until(() => s.stats().queuedBytes > 0);
    await new Promise((r) => setTimeout(r, 300));
    // One socket read beyond the mark at most (64 KiB chunks).
    expect(s.stats().queuedBytes).toBeLessThan(64 * 1024 + 65_536);
  });

  test('setRate applies live; lift() releases everything at once', async () => {
    const { port } = await blaster(600_000);
    const s = await shaper({ target: port, bytesPerSecond: 50_000, delayMs: 50 });
    const { got } = client(s.port);
    await until(() => got.bytes > 0);
    await new Promise((r) => setTimeout(r, 200));
    const slow = got.bytes;
    // 50 KB/s for ~0.25 s: well under 100 KB so far; at that rate the rest would need ~10 s.
    expect(slow).toBeLessThan(100_000);
    s.setRate(20_000_000);
    s.lift();
    await until(() => got.bytes === 600_000, 5000);
    expect(s.stats().connections).toBe(1);
  });

  test('bad settings are TypeErrors', () => {
    expect(() => createLinkShaper({ target: 1, bytesPerSecond: 0 })).toThrow(TypeError);
    expect(() => createLinkShaper({ target: 1, delayMs: -1 })).toThrow(TypeError);
    expect(() => createLinkShaper({ target: 'ws://127.0.0.1' })).toThrow(TypeError);
    const s = createLinkShaper({ target: 1 });
    expect(() => s.setRate(Number.NaN)).toThrow(TypeError);
    expect(() => s.port).toThrow(/not listening/);
  });

  test('a ws receiver through the shaper gets the relay frames, throttled; closing tears down', async () => {
    const relay: Relay = createRelay({ port: 0, host: '127.0.0.1' });
    await relay.listen();
    closers.push(() => relay.close());
    const s = await shaper({ target: relay.url, bytesPerSecond: 1_000_000 });
    const rx = new WebSocket(`${s.url}/shaped?role=receiver`);
    closers.push(() => rx.terminate());
    const frames: number[] = [];
    rx.on('message', (d: Buffer) => {
      if (d[0] === FrameType.Pixels) frames.push(d.length);
    });
    await new Promise((r) => rx.once('open', r));
    const src = new WebSocket(`${relay.url}/shaped?role=source`);
    closers.push(() => src.terminate());
    await new Promise((r) => src.once('open', r));
    const payload = new Uint8Array(100 * 100 * 4);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) {
      src.send(
        encodeMessage(
          { type: FrameType.Pixels, flags: 2, seq: i, timestamp: 0, width: 100, height: 100 },
          payload,
        ),
      );
    }
    await until(() => frames.length === 5);
    // 5 x 40 KB at 1 MB/s: at least ~0.2 s minus one burst.
    expect(performance.now() - t0).toBeGreaterThan(150);
    expect(s.stats().connections).toBe(1);
    await s.close();
    await until(() => rx.readyState === WebSocket.CLOSED);
  });
});
