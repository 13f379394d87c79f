import type { ControllerState } from './state';

/** A receiver left (the relay said so): its link no longer counts, from this decision on. @internal */
export function receiverLeft(state: ControllerState, receiverId: string): ControllerState {
  if (!state.links.has(receiverId)) return state;
  const links = new Map(state.links);
  links.delete(receiverId);
  return { ...state, links };
}

/**
 * Nobody watches: the silence of the last links is no congestion, and the next joiner must not
 * inherit their lag (it would push the ladder to the bottom before its first ACK).
 * @internal
 */
export function receiversCleared(state: ControllerState): ControllerState {
  if (state.links.size === 0 && state.congestedSince === null) return state;
  return { ...state, links: new Map(), congestedSince: null, healthySince: null };
}

/**
 * The relay listed every receiver connected now (a source that (re)connects learns it): links of
 * anyone else are forgotten, unidentified ones (`''`) included, since the relay names every receiver.
 * @internal
 */
export function receiversListed(state: ControllerState, receiverIds: readonly string[]): ControllerState {
  if (receiverIds.length === 0) return receiversCleared(state);
  const keep = new Set(receiverIds);
  let links: Map<string, unknown> | null = null;
  for (const id of state.links.keys()) {
    if (keep.has(id)) continue;
    links ??= new Map(state.links);
    links.delete(id);
  }
  return links === null ? state : { ...state, links: links as ControllerState['links'] };
}
