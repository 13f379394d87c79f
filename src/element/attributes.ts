import type { ReceiverInputOptions } from '../receiver/index';

/** The input kinds the `inputs` attribute can name. @internal */
export const INPUT_KINDS = ['pointer', 'keyboard', 'touch', 'gamepad', 'scroll', 'resize'] as const;

/** Error thrown for an attribute value the element cannot read. @public */
export class ElementAttributeError extends Error {
  /** Machine-readable code: always `BAD_ATTRIBUTE`. */
  readonly code = 'BAD_ATTRIBUTE' as const;
  /** The attribute that was refused. */
  readonly attribute: string;

  constructor(attribute: string, value: string, expected: string) {
    super(`ds-stream-receiver: ${attribute}="${value}" is not ${expected}`);
    this.name = 'ElementAttributeError';
    this.attribute = attribute;
  }
}

/**
 * Reads the `inputs` attribute: absent or `all` captures every input, `none` captures none, and a
 * list (`"pointer keyboard"`, spaces or commas) captures exactly those kinds.
 * @throws ElementAttributeError `BAD_ATTRIBUTE` for a name that is not an input kind
 * @internal
 */
export function parseInputs(value: string | null): ReceiverInputOptions | false | undefined {
  if (value === null) return undefined;
  const words = value
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((w) => w !== '');
  if (words.length === 1 && words[0] === 'all') return undefined;
  if (words.length === 0 || (words.length === 1 && words[0] === 'none')) return false;
  const out: ReceiverInputOptions = {};
  for (const kind of INPUT_KINDS) out[kind] = false;
  for (const w of words) {
    if (!(INPUT_KINDS as readonly string[]).includes(w)) {
      throw new ElementAttributeError(
        'inputs',
        value,
        `"all", "none" or a list of ${INPUT_KINDS.join(', ')}`,
      );
    }
    out[w as (typeof INPUT_KINDS)[number]] = true;
  }
  return out;
}

/**
 * Reads an on-by-default switch (`audio`, `haptics`): absent, empty, `on` or `true` is on; `off`,
 * `false` or `0` is off.
 * @throws ElementAttributeError `BAD_ATTRIBUTE` for anything else
 * @internal
 */
export function parseSwitch(name: string, value: string | null): boolean {
  if (value === null) return true;
  const v = value.trim().toLowerCase();
  if (v === '' || v === 'on' || v === 'true' || v === '1') return true;
  if (v === 'off' || v === 'false' || v === '0') return false;
  throw new ElementAttributeError(name, value, '"on" or "off"');
}
