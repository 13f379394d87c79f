import * as React from 'react';

/** Props of the docs pages' tiny animated canvas. @internal */
export interface SpinnerCanvasProps {
  /** @defaultValue 320 */
  width?: number;
  /** @defaultValue 180 */
  height?: number;
}

/**
 * A small self-animating canvas (a rotating bar and a frame counter) for the component docs,
 * so each example streams something without the springs demo around it.
 * @internal
 */
export function SpinnerCanvas({ width = 320, height = 180 }: SpinnerCanvasProps): React.ReactNode {
  const ref = React.useRef<HTMLCanvasElement>(null);
  React.useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    let frame = 0;
    let raf = 0;
    const draw = () => {
      frame += 1;
      ctx.fillStyle = '#0f172a';
      ctx.fillRect(0, 0, width, height);
      ctx.save();
      ctx.translate(width / 2, height / 2);
      ctx.rotate(frame / 40);
      ctx.fillStyle = '#38bdf8';
      ctx.fillRect(-60, -6, 120, 12);
      ctx.restore();
      ctx.fillStyle = '#94a3b8';
      ctx.font = '12px sans-serif';
      ctx.fillText(`frame ${frame}`, 8, height - 8);
      raf = requestAnimationFrame(draw);
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [width, height]);
  return <canvas ref={ref} width={width} height={height} />;
}
