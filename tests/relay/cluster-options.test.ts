// The `nats` option and the --nats flag (no NATS needed).
import { createRelay } from '@ds-stream/react/relay';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../relay-dev/cli-args';
import { channelNames, channelToken } from '../../relay-dev/cluster/subjects';

describe('cluster options', () => {
  it('parses --nats into a server list', () => {
    const o = parseCli(['--nats', 'nats://10.0.0.5:4222, nats://10.0.0.6:4222']);
    expect(o).toMatchObject({ nats: { servers: ['nats://10.0.0.5:4222', 'nats://10.0.0.6:4222'] } });
    expect(parseCli([])).not.toHaveProperty('nats');
  });

  it('refuses servers that are not NATS URLs, and a bad heartbeat', () => {
    expect(() => createRelay({ nats: { servers: [] } })).toThrow(/nats.servers/);
    expect(() => createRelay({ nats: { servers: ['http://x:4222'] } })).toThrow(/nats.servers/);
    expect(() => createRelay({ nats: { servers: ['nats://x:4222'], heartbeatMs: 1 } })).toThrow(
      /heartbeatMs/,
    );
    expect(() => createRelay({ nats: { servers: ['nats://x:4222'] } })).not.toThrow();
  });

  it('reports no cluster without nats', () => {
    expect(createRelay({ port: 0 }).stats()).not.toHaveProperty('cluster');
  });

  it('maps channel names to subject and key tokens one to one', () => {
    expect(channelToken('room-1_a')).toBe('room-1_a');
    expect(channelToken('a.b~c')).toBe('a=2Eb=7Ec');
    // Distinct names never share a token ('=' is not allowed in channel names).
    expect(channelToken('a.b')).not.toBe(channelToken('a_b'));
    expect(channelNames('a.b')).toEqual({
      frame: 'ds.ch.a=2Eb.frame',
      input: 'ds.ch.a=2Eb.input',
      owner: 'a=2Eb.owner',
      state: 'a=2Eb.state',
    });
  });
});
