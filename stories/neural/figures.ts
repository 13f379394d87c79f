// The measured figures the Demo/Neural stories quote: BENCHMARKS.md's neural table
// (`npm run eval:neural`, 200 held-out test states at 600 x 400 against the true render).

/** Model A, the generator `springs-gen` v2: state -> picture. @internal */
export const GENERATOR_FIGURES = {
  psnrDb: 29.05,
  ssim: 0.887,
  steps: 834,
  params: 46_860,
  weightBytes: 46_987,
} as const;
/** Model B, the latent autoencoder `springs-ae` v2, and WebP 150 x 100 at the same bytes per frame. @internal */
export const LATENT_FIGURES = {
  psnrDb: 27.71,
  ssim: 0.886,
  steps: 994,
  params: 58_786,
  weightBytes: 59_039,
  payloadBytes: 922,
  webpPsnrDb: 31.84,
} as const;
