/** A tiny inline SVG line of recent durations, oldest first. No chart library. */
import { sparkline } from '../../state/views/sparkline';

export function Sparkline(props: { values: readonly number[]; width?: number; height?: number; label?: string }) {
  const width = props.width ?? 96;
  const height = props.height ?? 20;
  const g = sparkline(props.values, width, height);
  if (!g.last) return <span class="spark-empty" aria-hidden="true">—</span>;
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.label ?? 'recent durations'} focusable="false">
      <title>{props.label ?? 'recent durations'}</title>
      <polyline points={g.points} fill="none" stroke="currentColor" stroke-width="1.25" stroke-linejoin="round" stroke-linecap="round" />
      <circle cx={g.last.x} cy={g.last.y} r="1.8" fill="currentColor" />
    </svg>
  );
}
