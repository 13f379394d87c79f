import type { HapticCommand } from '../codec/haptic';

// The engine loads this module (decoder and player) on a stream's first Haptic frame.
export { decodeHaptic } from '../codec/haptic';

interface HapticActuatorLike {
  playEffect?(type: string, params: Record<string, number>): Promise<unknown>;
}

/**
 * Plays a haptic command on what the device has: `navigator.vibrate` (on/off only, so
 * intensity 0 means off) and the rumble of every connected gamepad (intensity as magnitude).
 * Returns how many outputs were driven.
 * @internal
 */
export function playHaptic(cmd: HapticCommand): number {
  if (typeof navigator === 'undefined') return 0;
  let driven = 0;
  if (cmd.intensity > 0 && typeof navigator.vibrate === 'function') {
    if (navigator.vibrate(cmd.pattern?.length ? cmd.pattern : cmd.durationMs)) driven++;
  }
  const pads = typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : [];
  for (const pad of pads) {
    const actuator = (pad as unknown as { vibrationActuator?: HapticActuatorLike } | null)?.vibrationActuator;
    if (!actuator?.playEffect) continue;
    const m = Math.max(0, Math.min(1, cmd.intensity));
    void actuator
      .playEffect('dual-rumble', { duration: cmd.durationMs, strongMagnitude: m, weakMagnitude: m })
      .catch(() => {});
    driven++;
  }
  return driven;
}
