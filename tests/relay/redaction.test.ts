// Tokens never appear in logs, close reasons, errors or metric labels, whatever the request
// did: refused, malformed, replaced, or plain HTTP (issue 15, item 6).
import { connect as tcpConnect } from 'node:net';
import { createToken } from '@ds-stream/react/relay';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayLogger } from '../../relay-dev/logger';
import { encodeMessage, FrameType } from '../../src/core';
import { closeAll, connect, startRelay } from './helpers';

afterEach(closeAll);

const SECRET = 'relay-secret-0123456789';
const MARK = 'SECRETVALUE';

/** Serialises what the relay logs as pino would: errors with message, stack and own fields. */
function capture(lines: string[]): RelayLogger {
  const write =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push(
        JSON.stringify({ level, msg, ...obj }, (_k, v: unknown) =>
          v instanceof Error ? { ...v, message: v.message, stack: v.stack, name: v.name } : v,
        ),
      );
    };
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}

/** Sends a raw upgrade request with `target` and resolves with everything the relay answers. */
function rawUpgrade(port: number, target: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
    });
    let answer = '';
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      // Done at a refusal status, or at the close frame after a 101 (the relay refuses by closing).
      const head = answer.indexOf('\r\n\r\n');
      if (head !== -1 && (!answer.startsWith('HTTP/1.1 101') || answer.length > head + 4)) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    setTimeout(() => socket.destroy(), 5000);
  });
}

describe('tokens stay out of logs, reasons and metrics', () => {
  it(`?token=${MARK} through every refusal and bad request`, async () => {
    const lines: string[] = [];
    const relay = await startRelay({ tokenSecret: SECRET, logger: capture(lines), sourceProbeMs: 200 });
    const http = relay.url.replace('ws', 'http');
    const reasons: string[] = [];
    const refusedWith = async (channel: string, role: string, token: string): Promise<number> => {
      const c = await connect(relay, channel, role, { token });
      const closed = await c.closed;
      reasons.push(closed.reason);
      return closed.code;
    };
    expect(await refusedWith('chan', 'receiver', MARK)).toBe(4401); // malformed token
    expect(await refusedWith('chan', 'receiver', `1.${MARK}`)).toBe(4401); // bad signature
    expect(await refusedWith('chan', 'admin', MARK)).toBe(4400); // bad role
    expect(await refusedWith('bad%ZZ', 'receiver', MARK)).toBe(4400); // bad channel encoding
    expect(await refusedWith('a:b', 'receiver', MARK)).toBe(4400); // bad channel name
    // A valid source token must not leak either, when its second source is refused or replaced.
    const sourceToken = createToken(SECRET, 'chan', 'source', Date.now() + 60_000);
    const source = await connect(relay, 'chan', 'source', { token: sourceToken });
    expect(await refusedWith('chan', 'source', sourceToken)).toBe(4409);
    // A valid receiver that then breaks the protocol is closed, and logged.
    const receiverToken = createToken(SECRET, 'chan', 'receiver', Date.now() + 60_000);
    const bad = await connect(relay, 'chan', 'receiver', { token: receiverToken });
    bad.send(encodeMessage({ type: FrameType.Pixels, flags: 0, seq: 1, timestamp: 0, width: 1, height: 1 }));
    reasons.push((await bad.closed).reason);
    // Plain HTTP and raw upgrades with odd targets.
    for (const path of [
      `/metrics?token=${MARK}`,
      `/healthz?token=${MARK}`,
      `/nope?token=${MARK}`,
      `/chan?token=${MARK}`,
    ]) {
      const res = await fetch(`${http}${path}`);
      expect(await res.text()).not.toContain(MARK);
    }
    for (const target of [
      `http://[bad/chan?role=receiver&token=${MARK}`,
      `/chan?role=receiver&token=${MARK}%`,
    ]) {
      expect(await rawUpgrade(relay.port, target)).not.toContain(MARK);
    }
    source.ws.close();
    await source.closed;

    const everything = [...lines, ...reasons, await relay.metrics()].join('\n');
    expect(lines.some((l) => l.includes('connection refused'))).toBe(true);
    for (const secret of [MARK, sourceToken, receiverToken, SECRET]) expect(everything).not.toContain(secret);
    // The refusals were logged and counted under their codes, not their URLs.
    expect(await relay.metrics()).toMatch(/ds_relay_refused_total\{reason="UNAUTHORIZED"\} 3/);
  });
});
