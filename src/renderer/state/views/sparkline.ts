/** Points of a sparkline polyline, pure. Y grows downwards (SVG); the slowest call touches the top. */
export interface SparkGeometry {
  points: string;
  /** The newest value's position, for the end dot. */
  last: { x: number; y: number } | null;
}

export function sparkline(values: readonly number[], width: number, height: number, pad = 1.5): SparkGeometry {
  const vs = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (vs.length === 0) return { points: '', last: null };
  const max = Math.max(...vs);
  const min = Math.min(...vs);
  const span = max - min;
  const innerH = height - 2 * pad;
  const innerW = width - 2 * pad;
  const step = vs.length > 1 ? innerW / (vs.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  const pts = vs.map((v, i) => {
    const x = vs.length > 1 ? pad + i * step : width / 2;
    // All equal: a flat line in the middle.
    const y = span === 0 ? height / 2 : pad + innerH - ((v - min) / span) * innerH;
    return { x: round(x), y: round(y) };
  });
  // One value: a short flat line so something is drawn.
  const line = pts.length === 1 ? [{ x: pad, y: pts[0].y }, { x: round(width - pad), y: pts[0].y }] : pts;
  return { points: line.map((p) => `${p.x},${p.y}`).join(' '), last: pts[pts.length - 1] };
}
