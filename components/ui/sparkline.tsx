/**
 * A small line of values over time, drawn on the server as SVG (no chart library in the page):
 * the shape of a figure's last months beside the figure. Unknown points leave a gap; the label
 * says the first and last known values for screen readers.
 */
export function Sparkline({
  values,
  label,
  testId,
  minSpan = 0.1,
}: {
  values: readonly (number | null)[];
  minSpan?: number;
  label: string;
  testId?: string;
}) {
  const width = 120;
  const height = 32;
  const pad = 3;
  const known = values.flatMap((v, i) => (v === null ? [] : [[i, v] as const]));
  if (known.length < 2) return null;
  // At least `minSpan` tall (10 points of a share by default), so noise is not drawn as a cliff.
  const min = Math.min(...known.map(([, v]) => v));
  const max = Math.max(...known.map(([, v]) => v));
  const margin = Math.max(0, minSpan - (max - min)) / 2;
  const low = min - margin;
  const high = max + margin;
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (values.length - 1);
  const y = (v: number) =>
    high === low ? height / 2 : height - pad - ((v - low) / (high - low)) * (height - 2 * pad);
  // One polyline per run of known points: a gap stays a gap.
  const runs: string[][] = [];
  values.forEach((v, i) => {
    if (v === null) return;
    if (i === 0 || values[i - 1] === null) runs.push([]);
    runs.at(-1)!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
  });
  return (
    <svg
      className="sparkline"
      role="img"
      aria-label={label}
      data-testid={testId}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      {runs.map((run, i) =>
        run.length === 1 ? (
          <circle key={i} cx={run[0]!.split(",")[0]} cy={run[0]!.split(",")[1]} r={1.5} />
        ) : (
          <polyline key={i} points={run.join(" ")} />
        ),
      )}
    </svg>
  );
}
