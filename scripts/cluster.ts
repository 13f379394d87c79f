// `npm run cluster`: a local cluster to try by hand: nats-server (JetStream, temporary store) on
// 127.0.0.1:4222 and three relays on 9101-9103 sharing channels over it. Ctrl-C stops them all.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NATS_PORT = Number(process.env.NATS_PORT ?? 4222);
const PORTS = [9101, 9102, 9103];
const cli = fileURLToPath(new URL('../relay-dev/cli.ts', import.meta.url));
const bin =
  process.env.NATS_SERVER ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');
const store = mkdtempSync(join(tmpdir(), 'ds-cluster-'));
const children: ChildProcess[] = [];

const nats = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(NATS_PORT), '-sd', store], {
  stdio: 'inherit',
});
nats.once('error', () => {
  process.stderr.write('nats-server not found: apt-get install nats-server (or set NATS_SERVER)\n');
  process.exit(1);
});
children.push(nats);
for (const port of PORTS) {
  const relay = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', String(port), '--nats', `nats://127.0.0.1:${NATS_PORT}`],
    { stdio: 'inherit' },
  );
  children.push(relay);
}
process.stdout.write(
  `cluster: nats://127.0.0.1:${NATS_PORT}, relays ${PORTS.map((p) => `ws://127.0.0.1:${p}`).join(' ')}\n` +
    `  a source on one and receivers on the others share a channel; health: curl 127.0.0.1:${PORTS[0]}/healthz\n`,
);
const stop = (): void => {
  for (const c of children.reverse()) c.kill('SIGTERM');
  setTimeout(() => {
    rmSync(store, { recursive: true, force: true });
    process.exit(0);
  }, 1000);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
