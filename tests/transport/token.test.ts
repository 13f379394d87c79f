// Item 6 of issue 15: tokens never appear in errors. And the URL rewrite getToken relies on.
import { createReceiverEngine, createSourceEngine } from '@ds-stream/react/core';
import { describe, expect, test } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { TransportError } from '../../src/transport/errors';
import { redactToken, withToken } from '../../src/transport/token';
import { channelUrl } from '../../src/transport/url';
import { createWebSocketTransport } from '../../src/transport/websocket';

const SECRET_TOKEN = '1767225600.c2VjcmV0LXNpZ25hdHVyZS1ub3QtZm9yLWV5ZXM';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('no token in errors', () => {
  test('BAD_URL from the transport names the URL with the token replaced by ***', () => {
    const url = `http://relay.example/demo?role=source&token=${SECRET_TOKEN}`;
    const e = thrown(() => createWebSocketTransport({ url }));
    expect(e).toBeInstanceOf(TransportError);
    expect(e).toMatchObject({ code: 'BAD_URL' });
    expect((e as Error).message).not.toContain(SECRET_TOKEN);
    expect((e as Error).message).toContain('http://relay.example/demo?role=source&token=***');
  });

  test.each([
    ['receiver', () => createReceiverEngine({ url: 'https://relay', channel: 'c', token: SECRET_TOKEN })],
    ['source', () => createSourceEngine({ url: 'relay:9100', channel: 'c', token: SECRET_TOKEN })],
  ])('BAD_URL through the %s engine options carries no token', (_role, create) => {
    const e = thrown(create);
    expect(e).toMatchObject({ code: 'BAD_URL' });
    expect((e as Error).message).not.toContain(SECRET_TOKEN);
    expect((e as Error).message).not.toContain(encodeURIComponent(SECRET_TOKEN));
    expect((e as Error).message).toContain('token=***');
  });

  test("CONNECT_FAILED from the WebSocket constructor (ws's SyntaxError quotes the URL) carries no token", async () => {
    const t = createWebSocketTransport({
      url: `ws://[bad/c?role=receiver&token=${SECRET_TOKEN}`,
      WebSocket,
      reconnect: false,
    });
    const error = new Promise<TransportError>((r) => t.on('error', r));
    t.connect();
    const e = await error;
    expect(e.code).toBe('CONNECT_FAILED');
    expect(e.message).toContain('Invalid URL');
    expect(e.message).not.toContain(SECRET_TOKEN);
    expect(e.message).toContain('token=***');
  });

  test('a close reason that echoes the token is redacted in the error and in closeReason', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    wss.on('connection', (s, req) => s.close(4401, `bad ${req.url}`.slice(0, 120)));
    const { port } = wss.address() as { port: number };
    const t = createWebSocketTransport({
      url: channelUrl(`ws://127.0.0.1:${port}`, 'c', 'receiver', 'abc123'),
      WebSocket,
    });
    const error = new Promise<TransportError>((r) => t.on('error', r));
    t.connect();
    const e = await error;
    await new Promise<void>((r) => wss.close(() => r()));
    expect(e).toMatchObject({
      code: 'REFUSED',
      closeCode: 4401,
      closeReason: 'bad /c?role=receiver&token=***',
    });
    expect(e.message).not.toContain('abc123');
  });

  test('redactToken: every token parameter, wherever it sits, case-insensitive; nothing else', () => {
    expect(redactToken('ws://h/c?token=a.b&role=x')).toBe('ws://h/c?token=***&role=x');
    expect(redactToken("URL 'ws://h/c?role=x&TOKEN=a%2Bb' is invalid")).toBe(
      "URL 'ws://h/c?role=x&TOKEN=***' is invalid",
    );
    expect(redactToken('a ?token=1 and &token=2')).toBe('a ?token=*** and &token=***');
    expect(redactToken('ws://h/c?role=x&mytoken=keep')).toBe('ws://h/c?role=x&mytoken=keep');
    expect(redactToken('no url here')).toBe('no url here');
  });
});

describe('withToken', () => {
  test.each([
    ['ws://h/c?role=source', 't1', 'ws://h/c?role=source&token=t1'],
    ['ws://h/c?role=source&token=old', 'new', 'ws://h/c?role=source&token=new'],
    ['ws://h/c?token=old&role=source', 'a&b', 'ws://h/c?role=source&token=a%26b'],
    ['ws://h/c?role=source&token=old', '', 'ws://h/c?role=source'],
    ['ws://h/c', 'x', 'ws://h/c?token=x'],
    ['ws://h/c?token=old', '', 'ws://h/c'],
  ])('%s + %s', (url, token, expected) => {
    expect(withToken(url, token)).toBe(expected);
  });
});
