/** One reading of the burst drill: seconds since the first request, messages in the queue, tasks created so far. */
export interface Sample {
  readonly seconds: number;
  readonly queueDepth: number;
  readonly created: number;
}

const WIDTH = 720;
const HEIGHT = 320;
const PAD = { left: 56, right: 56, top: 36, bottom: 40 };

/**
 * A line chart of the queue's depth (left axis) and tasks created per second (right axis) over
 * the drill, as a standalone SVG file.
 */
export function timelineSvg(samples: readonly Sample[], title: string): string {
  const rates = samples.map((s, i) => {
    const previous = samples[Math.max(0, i - 2)];
    const dt = s.seconds - previous.seconds;
    return { seconds: s.seconds, perSecond: dt > 0 ? (s.created - previous.created) / dt : 0 };
  });
  const maxT = Math.max(1, ...samples.map((s) => s.seconds));
  const maxDepth = Math.max(1, ...samples.map((s) => s.queueDepth));
  const maxRate = Math.max(1, ...rates.map((r) => r.perSecond));
  const x = (t: number) => PAD.left + (t / maxT) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number, max: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (points: Array<[number, number]>) => points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
  const depth = line(samples.map((s) => [x(s.seconds), y(s.queueDepth, maxDepth)]));
  const created = line(rates.map((r) => [x(r.seconds), y(r.perSecond, maxRate)]));
  const bottom = HEIGHT - PAD.bottom;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">
  <rect width="100%" height="100%" fill="white"/>
  <text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">${title}</text>
  <line x1="${PAD.left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#444"/>
  <line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}" stroke="#1f77b4"/>
  <line x1="${WIDTH - PAD.right}" y1="${PAD.top}" x2="${WIDTH - PAD.right}" y2="${bottom}" stroke="#d62728"/>
  <text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" fill="#1f77b4">${maxDepth}</text>
  <text x="${PAD.left - 6}" y="${bottom}" text-anchor="end" fill="#1f77b4">0</text>
  <text x="${WIDTH - PAD.right + 6}" y="${PAD.top + 4}" fill="#d62728">${maxRate.toFixed(0)}/s</text>
  <text x="${WIDTH - PAD.right + 6}" y="${bottom}" fill="#d62728">0</text>
  <text x="${PAD.left}" y="${bottom + 16}" text-anchor="middle">0 s</text>
  <text x="${WIDTH - PAD.right}" y="${bottom + 16}" text-anchor="middle">${maxT.toFixed(0)} s</text>
  <polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${depth}"/>
  <polyline fill="none" stroke="#d62728" stroke-width="2" points="${created}"/>
  <text x="${PAD.left + 8}" y="${HEIGHT - 8}" fill="#1f77b4">queue depth (messages)</text>
  <text x="${WIDTH - PAD.right - 8}" y="${HEIGHT - 8}" text-anchor="end" fill="#d62728">tasks created per second</text>
</svg>
`;
}
