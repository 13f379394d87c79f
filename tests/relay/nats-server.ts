// A real nats-server (JetStream on, temporary store) for the cluster tests, on a free port.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL =
  'nats-server not found: install it (Debian/Ubuntu: `sudo apt-get install nats-server`; ' +
  'elsewhere see https://docs.nats.io/running-a-nats-service/introduction/installation) ' +
  'or set NATS_SERVER=/path/to/nats-server';

/** The nats-server binary: $NATS_SERVER, Debian's /usr/sbin/nats-server, or the PATH. */
function binary(): string {
  const env = process.env.NATS_SERVER;
  if (env) return env;
  if (existsSync('/usr/sbin/nats-server')) return '/usr/sbin/nats-server';
  return 'nats-server';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface NatsServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM, or SIGKILL with `kill`); its store stays for `start`. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and store. */
  start(): Promise<void>;
  /** Stops it and removes its store. */
  dispose(): Promise<void>;
}

/** Starts nats-server with JetStream on 127.0.0.1; fails (never skips) when it is not installed. */
export async function startNats(): Promise<NatsServer> {
  const port = await freePort();
  const store = mkdtempSync(join(tmpdir(), 'ds-nats-'));
  let proc: ChildProcess | null = null;
  const start = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const p = spawn(binary(), ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      proc = p;
      let log = '';
      const timer = setTimeout(() => reject(new Error(`nats-server did not start in 10 s:\n${log}`)), 10_000);
      p.once('error', (err) => {
        clearTimeout(timer);
        reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(INSTALL) : err);
      });
      p.stderr?.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      p.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited (${code}):\n${log}`));
      });
    });
  const stop = (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(store, { recursive: true, force: true });
    },
  };
}
