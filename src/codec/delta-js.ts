/**
 * The JS DeltaPixels kernel: the reference implementation and the fallback where WebAssembly
 * SIMD is missing. Encode and decode are separate functions so a bundle that only decodes (a
 * receiver) leaves the encoder out.
 */

import { encodeDeltaWords } from './delta-kernel';
import type { DeltaKernel } from './delta-kernel-types';
import { codedBudget, format1Size, format2Size } from './delta-layout';
import { applyCodedWords, codeLiterals, failUnpack, unpackResiduals } from './delta-literals';
import { wordsOf } from './delta-words';

const EMPTY = new Uint8Array(0);

/** The JS kernel's encoder. @internal */
export const jsEncode: DeltaKernel['encode'] = (cur, prev, width, height) => {
  const count = width * height;
  const c = wordsOf(cur, 'a');
  const p = wordsOf(prev, 'b');
  const { ops, lits } = encodeDeltaWords(c, p, count);
  const budget = codedBudget(ops.length, lits.length);
  const coded = budget >= 0 ? codeLiterals(ops, c, p, width, budget) : null;
  if (
    coded !== null &&
    format2Size(ops.length, coded.fills.length, coded.coded.length) < format1Size(ops.length, lits.length)
  ) {
    return { format: 2, ops, words: coded.fills, coded: coded.coded };
  }
  return { format: 1, ops, words: lits, coded: EMPTY };
};

/** The JS kernel's format-2 decoder. @internal */
export const jsApplyCoded: DeltaKernel['applyCoded'] = (target, width, scan, fills, coded) => {
  const res = unpackResiduals(coded, scan.literal);
  if (typeof res === 'number') failUnpack(res);
  const fillWords = wordsOf(fills, 'b');
  const words = target.length / 4;
  if (target.byteOffset % 4 === 0) {
    applyCodedWords(
      new Uint32Array(target.buffer, target.byteOffset, words),
      width,
      scan.list,
      fillWords,
      res,
    );
    return;
  }
  const t = wordsOf(target, 'a');
  applyCodedWords(t, width, scan.list, fillWords, res);
  target.set(new Uint8Array(t.buffer, t.byteOffset, words * 4));
};

/** Both halves as one kernel (for the WASM glue's fallback and for tests). @internal */
export const jsDeltaKernel: DeltaKernel = { name: 'js', encode: jsEncode, applyCoded: jsApplyCoded };
