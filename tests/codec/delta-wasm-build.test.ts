import { describe, expect, it } from 'vitest';
import { rebuildDeltaWasm } from '../../scripts/build-wasm';
import { DELTA_WASM_BASE64 } from '../../src/codec/delta-wasm.generated';

describe('the inlined WASM delta kernel', () => {
  it('is exactly what its AssemblyScript source builds to (run `npm run build:wasm` after editing it)', async () => {
    const [expected, committed] = await rebuildDeltaWasm();
    expect(committed).toBe(expected);
  });

  it('is a SIMD module of about 4 KB', () => {
    const bytes = Buffer.from(DELTA_WASM_BASE64, 'base64');
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(bytes.length).toBeLessThan(6000);
  });
});
