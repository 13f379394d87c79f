// The bin as a real process: starts, serves, and on SIGTERM sends End and exits 0; binds
// loopback unless told otherwise, and warns when open to the network without auth.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FrameType } from '../../src/protocol/index';

const cli = fileURLToPath(new URL('../../relay-dev/cli.ts', import.meta.url));

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** Every JSON log line so far (stdout). */
  logs: Record<string, unknown>[];
  stderr: () => string;
}

/** Starts the bin with `args` and resolves once it logs 'relay listening'. */
function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const logs: Record<string, unknown>[] = [];
  return new Promise<Started>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      const listening = logs.find((l) => l.msg === 'relay listening');
      if (listening) resolve({ child, url: listening.url as string, logs, stderr: () => err });
    });
    child.once('exit', (code) => reject(new Error(`relay exited early with ${code}: ${err}`)));
    setTimeout(() => reject(new Error('relay did not start')), 15_000);
  });
}

/** Stops the child with SIGTERM; resolves with its exit code once its output is all read. */
function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('ds-stream-relay bin', () => {
  it('logs JSON, serves a channel and shuts down gracefully on SIGTERM', async () => {
    const { child, url } = await start(['--host', '127.0.0.1']);
    try {
      const ws = new WebSocket(`${url}/cli?role=receiver`);
      const types: number[] = [];
      ws.on('message', (data: Buffer) => types.push(data[0]!));
      await new Promise((resolve) => ws.once('open', resolve));
      const closed = new Promise<number>((resolve) => ws.once('close', resolve));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(types).toEqual([FrameType.StreamStatus, FrameType.End]);
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('binds 127.0.0.1 without --host, and gives no warning', async () => {
    const { child, url, logs, stderr } = await start([]);
    try {
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(await stop(child)).toBe(0);
      expect(stderr()).not.toMatch(/warning/);
      expect(logs.filter((l) => l.level === 40)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('--host 0.0.0.0 without a token secret starts, with a warning on stderr and in the log', async () => {
    const { child, url, logs, stderr } = await start(['--host', '0.0.0.0']);
    try {
      expect(url).toMatch(/^ws:\/\/0\.0\.0\.0:\d+$/);
      expect(await stop(child)).toBe(0);
      const warning = logs.find((l) => l.level === 40);
      expect(warning).toMatchObject({
        host: '0.0.0.0',
        msg: expect.stringMatching(/without a token secret/),
      });
      expect(stderr()).toMatch(/ds-stream-relay: warning: listening on 0\.0\.0\.0 without a token secret/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('--host 0.0.0.0 with a token secret gives no warning', async () => {
    const { child, stderr, logs } = await start(['--host', '0.0.0.0', '--token-secret', 's'.repeat(16)]);
    try {
      expect(await stop(child)).toBe(0);
      expect(stderr()).not.toMatch(/warning/);
      expect(logs.filter((l) => l.level === 40)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
