import { Counter, type Registry } from 'prom-client';
import { frameTypeName, inputTypeName } from '../src/protocol/index';

/** Per-type slots in the hot path's typed arrays: the type code, plus 256 for input types. */
export const TYPE_SLOTS = 512;

function typeLabel(slot: number): string {
  return slot < 256 ? frameTypeName(slot) : `input:${inputTypeName(slot - 256)}`;
}

/**
 * A counter labelled by message type that reads `values` (indexed by slot) only when scraped,
 * so the hot path bumps a plain typed array and never touches prom-client.
 * @internal
 */
export function perTypeCounter(
  registers: Registry[],
  name: string,
  help: string,
  values: Float64Array,
): void {
  new Counter({
    name,
    help,
    labelNames: ['type'],
    registers,
    collect() {
      this.reset();
      for (let i = 0; i < TYPE_SLOTS; i++) if (values[i]) this.inc({ type: typeLabel(i) }, values[i]);
    },
  });
}
