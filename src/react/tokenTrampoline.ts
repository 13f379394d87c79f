import type * as React from 'react';

/**
 * A `getToken` for the engine that calls the latest `getToken` prop, so an inline arrow (a new
 * function each render) renews tokens without replacing the engine and reconnecting. When the
 * prop is gone by the time of a reconnect, the latest `token` prop is sent instead.
 * @internal
 */
export function tokenTrampoline(
  latest: React.RefObject<{
    token?: string | undefined;
    getToken?: (() => Promise<string> | string) | undefined;
  }>,
): () => Promise<string> | string {
  return () => {
    const { getToken, token } = latest.current;
    return getToken ? getToken() : (token ?? '');
  };
}
