/**
 * Separates a component's hook options from the DOM attributes it spreads on its root. `keys`
 * is a record over every option name, so adding an option to the hook without listing it here
 * fails to compile instead of silently landing on the `<div>`.
 * @internal
 */
export function splitProps<O extends object, P extends O>(
  props: P,
  keys: Readonly<Record<keyof O, true>>,
): [O, Omit<P, keyof O>] {
  const options: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) (Object.hasOwn(keys, k) ? options : rest)[k] = v;
  return [options as O, rest as Omit<P, keyof O>];
}
