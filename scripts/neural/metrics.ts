// Picture quality measures on RGBA bytes: PSNR over RGB, and SSIM on luma (8x8 windows, the
// usual constants for 8-bit pictures). Used by the evaluation script, the bench and the tests.

/** PSNR in dB over the RGB channels of two same-size RGBA pictures. */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = a[i + c]! - b[i + c]!;
      s += d * d;
      n++;
    }
  }
  return s === 0 ? 99 : 10 * Math.log10((255 * 255) / (s / n));
}

function luma(p: ArrayLike<number>, i: number): number {
  return 0.299 * p[i]! + 0.587 * p[i + 1]! + 0.114 * p[i + 2]!;
}

/** Mean SSIM of the luma of two RGBA pictures, over 8x8 windows. */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number): number {
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let total = 0;
  let windows = 0;
  for (let y0 = 0; y0 + 8 <= height; y0 += 8) {
    for (let x0 = 0; x0 + 8 <= width; x0 += 8) {
      let ma = 0;
      let mb = 0;
      let va = 0;
      let vb = 0;
      let cov = 0;
      for (let y = y0; y < y0 + 8; y++) {
        for (let x = x0; x < x0 + 8; x++) {
          const i = (y * width + x) * 4;
          const la = luma(a, i);
          const lb = luma(b, i);
          ma += la;
          mb += lb;
          va += la * la;
          vb += lb * lb;
          cov += la * lb;
        }
      }
      ma /= 64;
      mb /= 64;
      va = va / 64 - ma * ma;
      vb = vb / 64 - mb * mb;
      cov = cov / 64 - ma * mb;
      total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      windows++;
    }
  }
  return total / windows;
}
