import { COMPOSITION_LAYER_NAME } from '../../src/protocol/index';
import { RelayError } from '../errors';

/**
 * A composition layer is the relay channel `<channel>:<name>`. Channel names never hold ':'
 * (CHANNEL_NAME in upgrade.ts), so the split is unambiguous and a layer can never collide
 * with a plain channel.
 */
const SEPARATOR = ':';

/** Where a composition layer's sub-channel belongs. @internal */
export interface LayerAddress {
  /** The base channel, whose receivers get the LayerDirectory. */
  base: string;
  /** The layer's name. */
  name: string;
}

/** The sub-channel of layer `name` on `base`. @throws RelayError BAD_REQUEST for a bad name @internal */
export function layerChannel(base: string, name: string): string {
  if (!COMPOSITION_LAYER_NAME.test(name)) {
    throw new RelayError('BAD_REQUEST', 'layer must be 1-32 of A-Z a-z 0-9 _ - (?layer=<name>)');
  }
  return `${base}${SEPARATOR}${name}`;
}

/** The base channel and layer of a sub-channel name, or null for a plain channel. @internal */
export function splitLayerChannel(channel: string): LayerAddress | null {
  const at = channel.indexOf(SEPARATOR);
  return at < 0 ? null : { base: channel.slice(0, at), name: channel.slice(at + 1) };
}
