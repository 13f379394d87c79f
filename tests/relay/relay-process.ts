// The ds-stream-relay bin as a child process, so a test can SIGKILL a relay mid-stream.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Relay } from '@ds-stream/react/relay';

const cli = fileURLToPath(new URL('../../relay-dev/cli.ts', import.meta.url));
const children = new Set<ChildProcess>();

/** A relay in its own process; `url` is what `Relay.url` would be. */
export interface RelayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Log lines (pino JSON) so far. */
  readonly logs: Record<string, unknown>[];
  /** Kills it with SIGKILL: no End, no close frames, no NATS goodbye. */
  kill(): Promise<void>;
}

/** Starts the bin with `args`; resolves once it listens and has logged `until` (a message). */
export function startRelayProcess(args: string[], until = 'relay listening'): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const logs: Record<string, unknown>[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`relay process did not log "${until}": ${err}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const line of lines)
        if (line.trim().startsWith('{')) logs.push(JSON.parse(line) as Record<string, unknown>);
      const listening = logs.find((l) => l.msg === 'relay listening');
      if (listening && logs.some((l) => l.msg === until)) {
        clearTimeout(timer);
        resolve({
          url: listening.url as string,
          child,
          logs,
          kill: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`relay process exited early with ${code}: ${err}`));
    });
  });
}

/** Kills every relay process still running (afterEach). */
export function killRelayProcesses(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
}

/** A `Relay`-shaped handle on a process, for `connect()` from helpers.ts (only `url` is read). */
export const asRelay = (p: RelayProcess): Relay => ({ url: p.url }) as Relay;
