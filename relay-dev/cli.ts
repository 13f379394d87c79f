// The `ds-stream-relay` bin: parse flags, start a relay, stop it cleanly on SIGINT/SIGTERM.
import { openDoorWarning } from './bind';
import { HELP, parseCli } from './cli-args';
import { RELAY_DEFAULTS } from './options';
import { createRelay } from './relay';

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2), process.env);
  if (options === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const relay = createRelay(options);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) process.exit(1); // a second signal forces the exit
    stopping = true;
    process.stderr.write(`ds-stream-relay: ${signal}, sending End and closing\n`);
    relay.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // Before listening: a supervisor may signal as soon as it reads 'relay listening'.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await relay.listen(); // the relay also logs the open-door warning (JSON, stdout)
  const warning = openDoorWarning({
    host: options.host ?? RELAY_DEFAULTS.host,
    tokenSecret: options.tokenSecret,
  });
  if (warning) process.stderr.write(`ds-stream-relay: warning: ${warning}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`ds-stream-relay: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
