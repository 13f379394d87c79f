// Command-line flags of the `ds-stream-relay` bin (kept apart from cli.ts, which runs on import).
import { parseArgs } from 'node:util';
import type { Role } from './auth';
import { RELAY_DEFAULTS, type RelayLogLevel, type RelayOptions } from './options';

/** Usage text of the bin. @internal */
export const HELP: string = `Usage: ds-stream-relay [options]

  --port <n>                 TCP port (default ${RELAY_DEFAULTS.port}; 0 = any free port)
  --host <addr>              interface to bind (default 127.0.0.1: this machine only; use
                             0.0.0.0 to serve the network, with --token-secret)
  --max-payload <bytes>      largest payload accepted (default ${RELAY_DEFAULTS.maxPayload})
  --max-receivers <n>        receivers per channel (default ${RELAY_DEFAULTS.maxReceiversPerChannel})
  --max-channels <n>         channels per relay (default ${RELAY_DEFAULTS.maxChannels})
  --max-layers <n>           composition layers per channel (default ${RELAY_DEFAULTS.maxCompositionLayers})
  --max-buffered <bytes>     per-receiver send budget (default ${RELAY_DEFAULTS.maxBufferedBytes})
  --ping-interval <ms>       keep-alive ping interval (default ${RELAY_DEFAULTS.pingIntervalMs})
  --ping-timeout <ms>        drop peers silent this long (default ${RELAY_DEFAULTS.pingTimeoutMs})
  --source-probe <ms>        wait this long for an old source's pong before replacing it (default ${RELAY_DEFAULTS.sourceProbeMs})
  --input-rate <n>           input messages/s per receiver (default ${RELAY_DEFAULTS.inputRate})
  --input-burst <n>          input burst per receiver (default ${RELAY_DEFAULTS.inputBurst})
  --max-retained <bytes>     keyframes, delta logs and signal states kept across all channels
                             (default ${RELAY_DEFAULTS.maxRetainedBytes})
  --max-signal-state <bytes> largest merged signal state of one channel (default ${RELAY_DEFAULTS.maxSignalStateBytes})
  --token-secret <secret>    require HMAC tokens (or env DS_STREAM_TOKEN_SECRET)
  --require-token <roles>    roles that need a token: source,receiver (default both)
  --allowed-origins <list>   comma-separated Origin allow-list
  --webrtc                   require WebRTC DataChannels: fail at start when the optional
                             peer dependency node-datachannel is missing (default: offer
                             them when it is installed)
  --no-webrtc                serve WebSocket only
  --ice-server <url>         STUN/TURN server for the relay's ICE, repeatable
                             (default none: host candidates only)
  --nats <urls>              cluster with other relays over NATS: nats://host:4222[,nats://...]
                             (needs @nats-io/transport-node, @nats-io/jetstream, @nats-io/kv)
  --log-level <level>        fatal|error|warn|info|debug|trace|silent (default info)
  --help                     show this help
`;

function num(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n)) throw new TypeError(`--${flag} must be an integer, got "${text}"`);
  return n;
}

/** Parses command-line flags into relay options. @internal */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = {}): RelayOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'max-payload': { type: 'string' },
      'max-receivers': { type: 'string' },
      'max-channels': { type: 'string' },
      'max-layers': { type: 'string' },
      'max-buffered': { type: 'string' },
      'ping-interval': { type: 'string' },
      'ping-timeout': { type: 'string' },
      'source-probe': { type: 'string' },
      'input-rate': { type: 'string' },
      'input-burst': { type: 'string' },
      'max-retained': { type: 'string' },
      'max-signal-state': { type: 'string' },
      'token-secret': { type: 'string' },
      'require-token': { type: 'string' },
      'allowed-origins': { type: 'string' },
      'log-level': { type: 'string' },
      webrtc: { type: 'boolean' },
      'no-webrtc': { type: 'boolean' },
      'ice-server': { type: 'string', multiple: true },
      nats: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  // Loopback unless asked: a relay without a token secret must not be open to the network by
  // default (Redis's protected mode and Jupyter do the same).
  const options: RelayOptions = { host: values.host ?? '127.0.0.1', logLevel: 'info', processMetrics: true };
  const ints: [keyof RelayOptions, string][] = [
    ['port', 'port'],
    ['maxPayload', 'max-payload'],
    ['maxReceiversPerChannel', 'max-receivers'],
    ['maxChannels', 'max-channels'],
    ['maxCompositionLayers', 'max-layers'],
    ['maxBufferedBytes', 'max-buffered'],
    ['pingIntervalMs', 'ping-interval'],
    ['pingTimeoutMs', 'ping-timeout'],
    ['sourceProbeMs', 'source-probe'],
    ['inputRate', 'input-rate'],
    ['inputBurst', 'input-burst'],
    ['maxRetainedBytes', 'max-retained'],
    ['maxSignalStateBytes', 'max-signal-state'],
  ];
  for (const [key, flag] of ints) {
    const n = num(flag, values[flag as keyof typeof values] as string | undefined);
    if (n !== undefined) Object.assign(options, { [key]: n });
  }
  const secret = values['token-secret'] ?? env.DS_STREAM_TOKEN_SECRET;
  if (secret !== undefined) options.tokenSecret = secret;
  if (values['require-token'] !== undefined) {
    options.requireTokenFor = values['require-token'].split(',').map((s) => s.trim()) as Role[];
  }
  if (values['allowed-origins'] !== undefined) {
    options.allowedOrigins = values['allowed-origins'].split(',').map((s) => s.trim());
  }
  if (values.webrtc && values['no-webrtc'])
    throw new TypeError('--webrtc and --no-webrtc contradict each other');
  if (values.webrtc) options.webrtc = true;
  if (values['no-webrtc']) options.webrtc = false;
  if (values['ice-server'] !== undefined) options.iceServers = values['ice-server'];
  if (values.nats !== undefined) {
    options.nats = {
      servers: values.nats
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    };
  }
  if (values['log-level'] !== undefined) options.logLevel = values['log-level'] as RelayLogLevel;
  return options;
}
