import * as React from 'react';

/**
 * Combines refs into one callback ref (the forwarded ref and the hook's own). React 19 cleanup
 * functions are not needed: every target is cleared with `null` on unmount.
 * @internal
 */
export function mergeRefs<T>(...refs: Array<React.Ref<T> | undefined>): React.RefCallback<T> {
  return (value) => {
    for (const ref of refs) {
      if (typeof ref === 'function') ref(value);
      else if (ref) ref.current = value;
    }
  };
}

/**
 * `mergeRefs`, memoised on the refs' identities so the callback ref stays stable across renders.
 * @internal
 */
export function useMergedRefs<T>(...refs: Array<React.Ref<T> | undefined>): React.RefCallback<T> {
  // biome-ignore lint/correctness/useExhaustiveDependencies: the refs themselves are the dependencies
  return React.useMemo(() => mergeRefs(...refs), refs);
}
