// The bin as a real process: starts, serves, and on SIGTERM sends End and exits 0.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FrameType } from '../../src/protocol/index';

const cli = fileURLToPath(new URL('../../relay-dev/cli.ts', import.meta.url));

describe('ds-stream-relay bin', () => {
  it('logs JSON, serves a channel and shuts down gracefully on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', '--host', '127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = out.split('\n').find((l) => l.includes('relay listening'));
          if (line) resolve((JSON.parse(line) as { url: string }).url);
        });
        child.once('exit', (code) => reject(new Error(`relay exited early with ${code}`)));
        setTimeout(() => reject(new Error('relay did not start')), 15_000);
      });
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
});
