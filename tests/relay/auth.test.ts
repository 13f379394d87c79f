import { createToken, RelayCloseCode, RelayError, verifyToken } from '@ds-stream/react/relay';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, connect, pixels, startRelay } from './helpers';

afterEach(closeAll);

const SECRET = 'a-test-secret-of-32-characters!!';
const HOUR = 3600_000;

describe('tokens', () => {
  it('a token verifies for its channel and role until it expires', () => {
    const now = Date.UTC(2026, 0, 1);
    const token = createToken(SECRET, 'demo', 'source', now + HOUR);
    expect(token).toMatch(/^\d+\.[A-Za-z0-9_-]{43}$/);
    expect(() => verifyToken(SECRET, token, 'demo', 'source', now)).not.toThrow();
    expect(() => verifyToken(SECRET, token, 'demo', 'source', now + HOUR)).toThrow('token expired');
  });

  it.each([
    ['a receiver token used as source', (t: string) => [t, 'demo', 'source'], 'not valid for source'],
    ['another channel', (t: string) => [t, 'other', 'receiver'], 'not valid for receiver'],
    ['a tampered expiry', (t: string) => [`9${t}`, 'demo', 'receiver'], 'not valid for receiver'],
    ['a tampered signature', (t: string) => [`${t.slice(0, -2)}AA`, 'demo', 'receiver'], 'not valid'],
    ['no token', () => [null, 'demo', 'receiver'], 'receiver token required'],
    ['garbage', () => ['not-a-token', 'demo', 'receiver'], 'malformed token'],
  ] as const)('refuses %s with UNAUTHORIZED', (_name, args, message) => {
    const token = createToken(SECRET, 'demo', 'receiver', Date.now() + HOUR);
    const [t, channel, role] = args(token) as [string | null, string, 'source' | 'receiver'];
    const error = (() => {
      try {
        verifyToken(SECRET, t, channel, role);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED', closeCode: 4401 });
    expect((error as Error).message).toContain(message);
  });

  it('a token signed with another secret is refused', () => {
    const token = createToken('another-secret-of-enough-length', 'demo', 'receiver', Date.now() + HOUR);
    expect(() => verifyToken(SECRET, token, 'demo', 'receiver')).toThrow(RelayError);
  });

  it('createToken rejects an empty secret or a bad time', () => {
    expect(() => createToken('', 'demo', 'source', Date.now())).toThrow(TypeError);
    expect(() => createToken(SECRET, 'demo', 'source', Number.NaN)).toThrow(TypeError);
  });
});

describe('relay door: auth, origin, limits', () => {
  it('refuses missing or wrong-role tokens with 4401 and a reason; valid ones stream', async () => {
    const relay = await startRelay({ tokenSecret: SECRET });
    const expires = Date.now() + HOUR;
    const missing = await connect(relay, 'auth', 'receiver');
    expect(await missing.closed).toEqual({ code: 4401, reason: 'receiver token required' });
    const receiverToken = createToken(SECRET, 'auth', 'receiver', expires);
    const asSource = await connect(relay, 'auth', 'source', { token: receiverToken });
    expect(await asSource.closed).toEqual({
      code: 4401,
      reason: 'token is not valid for source on this channel',
    });
    const expired = await connect(relay, 'auth', 'receiver', {
      token: createToken(SECRET, 'auth', 'receiver', Date.now() - 1000),
    });
    expect((await expired.closed).reason).toBe('token expired');

    const source = await connect(relay, 'auth', 'source', {
      token: createToken(SECRET, 'auth', 'source', expires),
    });
    const receiver = await connect(relay, 'auth', 'receiver', { token: receiverToken });
    await receiver.next();
    source.send(pixels(1));
    expect(await receiver.next()).toEqual(pixels(1));
    const metrics = await relay.metrics();
    expect(metrics).toContain('ds_relay_refused_total{reason="UNAUTHORIZED"} 3');
  });

  it('requireTokenFor: [source] lets receivers in without a token', async () => {
    const relay = await startRelay({ tokenSecret: SECRET, requireTokenFor: ['source'] });
    const receiver = await connect(relay, 'open', 'receiver');
    expect(receiver.ws.readyState).toBe(receiver.ws.OPEN);
    const source = await connect(relay, 'open', 'source');
    expect((await source.closed).code).toBe(RelayCloseCode.Unauthorized);
  });

  it('refuses an origin outside the allow-list with 4403', async () => {
    const relay = await startRelay({ allowedOrigins: ['https://app.example'] });
    const bad = await connect(relay, 'o', 'receiver', { origin: 'https://evil.example' });
    expect(await bad.closed).toEqual({ code: 4403, reason: 'origin https://evil.example is not allowed' });
    const good = await connect(relay, 'o', 'receiver', { origin: 'https://app.example' });
    expect(good.ws.readyState).toBe(good.ws.OPEN);
  });

  it('refuses bad channel names and roles with 4400', async () => {
    const relay = await startRelay();
    const badRole = await connect(relay, 'x', 'admin');
    expect(await badRole.closed).toEqual({
      code: 4400,
      reason: 'role must be ?role=source or ?role=receiver',
    });
    const badName = await connect(relay, 'a%3Ab', 'receiver');
    expect((await badName.closed).code).toBe(4400);
    const empty = await connect(relay, '', 'receiver');
    expect((await empty.closed).code).toBe(4400);
  });

  it('enforces max receivers per channel and max channels with 4429', async () => {
    const relay = await startRelay({ maxReceiversPerChannel: 2, maxChannels: 2 });
    await connect(relay, 'c1', 'receiver');
    await connect(relay, 'c1', 'receiver');
    const third = await connect(relay, 'c1', 'receiver');
    expect(await third.closed).toEqual({
      code: 4429,
      reason: 'channel has reached its limit of 2 receivers',
    });
    await connect(relay, 'c2', 'source');
    const c3 = await connect(relay, 'c3', 'receiver');
    expect(await c3.closed).toEqual({ code: 4429, reason: 'relay has reached its limit of 2 channels' });
    expect(relay.stats()).toEqual({ channels: 2, sources: 1, receivers: 2 });
  });
});
