import * as React from 'react';

/**
 * Keeps the latest value in a ref, so callbacks handed to an engine once read today's props
 * without recreating the engine. Written in an insertion effect: before any layout or passive
 * effect reads it, never during render, and a no-op on the server.
 * @internal
 */
export function useLatest<T>(value: T): React.RefObject<T> {
  const ref = React.useRef(value);
  React.useInsertionEffect(() => {
    ref.current = value;
  });
  return ref;
}
