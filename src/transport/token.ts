/**
 * Replaces the value of every `token` query parameter in `text` with `***`, so a relay token never
 * reaches an error message, a log line or a UI that shows errors. Matches `?token=` and `&token=`,
 * case-insensitively, wherever they appear in the text (a URL inside an exception message too).
 * @example
 * ```ts
 * redactToken('ws://h/c?role=source&token=123.abc'); // 'ws://h/c?role=source&token=***'
 * ```
 * @internal
 */
export function redactToken(text: string): string {
  return text.replace(/([?&]token=)[^&#\s'"`)]*/gi, '$1***');
}

/**
 * `url` with its `token` query parameter set to `token` (replacing any there), or removed when
 * `token` is empty. Other query parameters keep their order and bytes; a fragment (never valid in a
 * WebSocket URL) is dropped.
 * @internal
 */
export function withToken(url: string, token: string): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  const q = base.indexOf('?');
  const path = q < 0 ? base : base.slice(0, q);
  const params =
    q < 0
      ? []
      : base
          .slice(q + 1)
          .split('&')
          .filter((p) => p !== '' && !/^token(=|$)/i.test(p));
  if (token !== '') params.push(`token=${encodeURIComponent(token)}`);
  return params.length > 0 ? `${path}?${params.join('&')}` : path;
}

/** What one `getToken` call gave: a token, or the reason there is none. @internal */
export type TokenResult = { ok: true; token: string } | { ok: false; error: unknown };

/**
 * Calls `getToken` once and hands the outcome to `done`: at once when it returns a string or
 * throws, after the promise settles otherwise. A result that is not a string counts as a failure.
 * @internal
 */
export function callGetToken(getToken: () => Promise<string> | string, done: (r: TokenResult) => void): void {
  const settle = (t: unknown): void =>
    done(
      typeof t === 'string'
        ? { ok: true, token: t }
        : { ok: false, error: new TypeError(`getToken gave ${typeof t}, not a string`) },
    );
  let out: Promise<string> | string;
  try {
    out = getToken();
  } catch (error) {
    done({ ok: false, error });
    return;
  }
  if (typeof out === 'string') settle(out);
  else Promise.resolve(out).then(settle, (error: unknown) => done({ ok: false, error }));
}
