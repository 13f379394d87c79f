import { DEFAULT_WEBP_QUALITY } from '../media/webp-encoder';
import type { QualityController } from '../quality/index';

/** Lowest WebP quality the controller goes to before it leaves compressed mode. */
const MIN_IMAGE_QUALITY = 0.5;
const IMAGE_QUALITY_STEP = 0.1;
/** Least time between two image-quality moves down / up, ms. */
const IMAGE_DOWN_GAP_MS = 500;
const IMAGE_UP_GAP_MS = 1000;

/**
 * Moves the WebP quality of compressed mode within the rung: down a step while the controller sees
 * congestion (before it gives up the rung), back up towards the app's value once the link is healthy.
 * @internal
 */
class ImageQualityGovernor {
  #lastMove = -Infinity;

  /** The quality to use from now on, given the current one and the app's ceiling. */
  next(controller: QualityController, current: number, ceiling: number, now: number): number {
    const s = controller.state;
    if (s.level !== 'compressed' || s.config.pin !== null) return current;
    if (
      s.congestedSince !== null &&
      current > MIN_IMAGE_QUALITY &&
      now - this.#lastMove >= IMAGE_DOWN_GAP_MS
    ) {
      this.#lastMove = now;
      return round(Math.max(MIN_IMAGE_QUALITY, current - IMAGE_QUALITY_STEP));
    }
    const healthy = s.healthySince !== null && now - s.healthySince >= IMAGE_UP_GAP_MS;
    if (healthy && current < ceiling && now - this.#lastMove >= IMAGE_UP_GAP_MS) {
      this.#lastMove = now;
      return round(Math.min(ceiling, current + IMAGE_QUALITY_STEP));
    }
    return current;
  }
}

function round(q: number): number {
  return Math.round(q * 100) / 100;
}

/**
 * The lossy image quality of compressed mode: the app's ceiling (`imageQuality`, `setImageQuality`)
 * and the current value the governor moves below it.
 * @internal
 */
export class ImageQuality {
  readonly #governor = new ImageQualityGovernor();
  readonly #onChange: (q: number) => void;
  #current: number;
  #ceiling: number;

  constructor(initial: number | undefined, onChange: (q: number) => void) {
    this.#current = clampQuality(initial ?? DEFAULT_WEBP_QUALITY);
    this.#ceiling = this.#current;
    this.#onChange = onChange;
  }

  get current(): number {
    return this.#current;
  }

  /** The app sets a new ceiling (and current value). */
  set(q: number): void {
    if (!Number.isFinite(q)) return;
    this.#ceiling = clampQuality(q);
    this.#apply(this.#ceiling);
  }

  /** One controller tick. */
  tick(controller: QualityController, now: number = performance.now()): void {
    this.#apply(this.#governor.next(controller, this.#current, this.#ceiling, now));
  }

  #apply(q: number): void {
    if (q === this.#current) return;
    this.#current = q;
    this.#onChange(q);
  }
}

function clampQuality(q: number): number {
  return Number.isFinite(q) ? Math.min(1, Math.max(0, q)) : DEFAULT_WEBP_QUALITY;
}
