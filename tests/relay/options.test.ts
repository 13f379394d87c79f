import { createRelay, RELAY_DEFAULTS, type RelayOptions } from '@ds-stream/react/relay';
import { describe, expect, it } from 'vitest';
import { openDoorWarning } from '../../relay-dev/bind';
import { parseCli } from '../../relay-dev/cli-args';

describe('relay options', () => {
  it.each<[string, RelayOptions, RegExp]>([
    ['port out of range', { port: 70000 }, /port must be an integer in \[0, 65535\]/],
    ['fractional payload', { maxPayload: 1.5 }, /maxPayload/],
    ['zero receivers', { maxReceiversPerChannel: 0 }, /maxReceiversPerChannel/],
    ['tiny budget', { maxBufferedBytes: 10 }, /maxBufferedBytes/],
    [
      'timeout below interval',
      { pingIntervalMs: 1000, pingTimeoutMs: 500 },
      /pingTimeoutMs \(500\) must be >= pingIntervalMs/,
    ],
    ['short secret', { tokenSecret: 'short' }, /tokenSecret must be a string of at least 16/],
    ['roles without secret', { requireTokenFor: ['source'] }, /requireTokenFor needs tokenSecret/],
    [
      'unknown role',
      { tokenSecret: 'x'.repeat(16), requireTokenFor: ['admin' as 'source'] },
      /requireTokenFor/,
    ],
    ['bad origins', { allowedOrigins: 'https://a' as unknown as string[] }, /allowedOrigins/],
    ['bad log level', { logLevel: 'loud' as 'info' }, /logLevel/],
    ['empty host', { host: '' }, /host/],
    ['zero probe', { sourceProbeMs: 0 }, /sourceProbeMs/],
    ['fractional input rate', { inputRate: 0.5 }, /inputRate/],
    ['zero burst', { inputBurst: 0 }, /inputBurst/],
    ['byte burst below a header', { inputBytesBurst: 15 }, /inputBytesBurst/],
    ['negative drop limit', { inputDropLimit: -1 }, /inputDropLimit/],
  ])('rejects %s with a TypeError', (_name, options, message) => {
    expect(() => createRelay(options)).toThrow(TypeError);
    expect(() => createRelay(options)).toThrow(message);
  });

  it('reading port before listen() is a RelayError', () => {
    expect(() => createRelay().port).toThrow(expect.objectContaining({ code: 'NOT_LISTENING' }));
  });

  it('has documented defaults', () => {
    expect(RELAY_DEFAULTS).toMatchObject({ port: 9100, maxPayload: 16 * 1024 * 1024, host: '127.0.0.1' });
  });
});

describe('CLI flags', () => {
  it('maps flags to options', () => {
    expect(
      parseCli([
        '--port',
        '9200',
        '--max-payload',
        '1024',
        '--max-receivers',
        '5',
        '--token-secret',
        's'.repeat(16),
        '--require-token',
        'source',
        '--allowed-origins',
        'https://a, https://b',
        '--log-level',
        'debug',
      ]),
    ).toEqual({
      host: '127.0.0.1',
      port: 9200,
      maxPayload: 1024,
      maxReceiversPerChannel: 5,
      tokenSecret: 's'.repeat(16),
      requireTokenFor: ['source'],
      allowedOrigins: ['https://a', 'https://b'],
      logLevel: 'debug',
      processMetrics: true,
    });
  });

  it('binds 127.0.0.1 without --host; --host is taken as given', () => {
    expect(parseCli([])).toMatchObject({ host: '127.0.0.1' });
    expect(parseCli(['--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0' });
    expect(parseCli(['--source-probe', '500', '--input-rate', '300', '--input-burst', '600'])).toMatchObject({
      sourceProbeMs: 500,
      inputRate: 300,
      inputBurst: 600,
    });
    expect(parseCli(['--max-retained', '1048576', '--max-signal-state', '4096'])).toMatchObject({
      maxRetainedBytes: 1_048_576,
      maxSignalStateBytes: 4096,
    });
  });

  it('warns about a non-loopback bind without a token secret, and only then', () => {
    expect(openDoorWarning({ host: '0.0.0.0', tokenSecret: undefined })).toMatch(/without a token secret/);
    expect(openDoorWarning({ host: '::', tokenSecret: undefined })).toMatch(/without a token secret/);
    expect(openDoorWarning({ host: '192.168.1.4', tokenSecret: undefined })).not.toBeNull();
    expect(openDoorWarning({ host: '0.0.0.0', tokenSecret: 's'.repeat(16) })).toBeNull();
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]']) {
      expect(openDoorWarning({ host, tokenSecret: undefined })).toBeNull();
    }
  });

  it('reads the secret from DS_STREAM_TOKEN_SECRET, refuses bad numbers and unknown flags', () => {
    expect(parseCli([], { DS_STREAM_TOKEN_SECRET: 'e'.repeat(16) })).toMatchObject({
      tokenSecret: 'e'.repeat(16),
    });
    expect(() => parseCli(['--port', 'abc'])).toThrow('--port must be an integer, got "abc"');
    expect(() => parseCli(['--nope'])).toThrow();
    expect(parseCli(['--help'])).toBe('help');
  });
});
