/** A small bar chart in SVG with its numbers written out (the table beside it carries them too). */
export function BarChart({
  title,
  points,
  format,
  testId,
}: {
  title: string;
  points: { label: string; value: number | null }[];
  format: (value: number) => string;
  testId?: string;
}) {
  const width = 320;
  const height = 140;
  const values = points.map((p) => p.value ?? 0);
  const max = Math.max(...values.map((v) => Math.abs(v)), 1e-9);
  const slot = width / Math.max(points.length, 1);
  const zero = height - 20;
  return (
    <figure className="rounded border border-slate-200 bg-white p-3" data-testid={testId}>
      <figcaption className="text-sm font-semibold">{title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className="mt-2 h-auto w-full">
        <title>{title}</title>
        {points.map((p, i) => {
          const h = p.value === null ? 0 : (Math.abs(p.value) / max) * (zero - 16);
          const x = i * slot + slot * 0.15;
          return (
            <g key={p.label}>
              <rect
                x={x}
                y={p.value !== null && p.value < 0 ? zero : zero - h}
                width={slot * 0.7}
                height={Math.max(h, p.value === null ? 0 : 1)}
                className={p.value !== null && p.value < 0 ? "fill-red-700" : "fill-blue-700"}
              />
              <text x={x + slot * 0.35} y={zero - h - 4} textAnchor="middle" className="fill-slate-800 text-[9px]">
                {p.value === null ? "–" : format(p.value)}
              </text>
              <text x={x + slot * 0.35} y={height - 6} textAnchor="middle" className="fill-slate-600 text-[9px]">
                {p.label}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
