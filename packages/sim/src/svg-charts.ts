/**
 * Small inline-SVG charts for the HTML report (no library, no network): a line chart over the
 * day, horizontal bars, and horizontal box plots (p10–p90 whiskers, p25–p75 box, median, max dot).
 */
const W = 760;
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const num = (x: number): string => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(2));

function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

/** Lines over x positions 0..n−1 labelled by `xLabels` (every `labelEvery`). */
export function lineChart(title: string, xLabels: readonly string[], series: readonly Series[], yLabel: string, labelEvery = 4): string {
  const H = 260;
  const L = 50;
  const R = 10;
  const T = 30;
  const B = 40;
  const n = xLabels.length;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite))));
  const x = (i: number) => L + ((W - L - R) * i) / Math.max(1, n - 1);
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const parts = [`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`, `<text x="${L}" y="18" font-weight="bold">${esc(title)}</text>`];
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(`<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${L - 4}" y="${y(v) + 4}" text-anchor="end" font-size="11">${num(v)}</text>`);
  }
  xLabels.forEach((lab, i) => {
    if (i % labelEvery === 0) parts.push(`<text x="${x(i)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${esc(lab)}</text>`);
  });
  parts.push(`<text x="12" y="${T + (H - T - B) / 2}" font-size="11" transform="rotate(-90 12 ${T + (H - T - B) / 2})" text-anchor="middle">${esc(yLabel)}</text>`);
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => `${x(i).toFixed(1)},${y(Number.isFinite(v) ? v : 0).toFixed(1)}`).join(' ');
    const c = COLORS[k % COLORS.length]!;
    parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts}"/>`);
    parts.push(`<rect x="${L + 10 + k * 180}" y="${H - 14}" width="12" height="4" fill="${c}"/><text x="${L + 26 + k * 180}" y="${H - 9}" font-size="11">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Bar {
  readonly label: string;
  readonly value: number | null;
}

/** Horizontal bars; `format` renders the value; `max` fixes the scale (default: the largest value). */
export function barChart(title: string, bars: readonly Bar[], format: (v: number) => string, max?: number): string {
  const rowH = 18;
  const L = 230;
  const H = 40 + rowH * bars.length;
  const top = max ?? niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const scale = (v: number) => ((W - L - 70) * Math.max(0, v)) / (top || 1);
  const parts = [`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`, `<text x="10" y="18" font-weight="bold">${esc(title)}</text>`];
  bars.forEach((b, i) => {
    const yy = 30 + i * rowH;
    parts.push(`<text x="${L - 6}" y="${yy + 12}" text-anchor="end" font-size="11">${esc(b.label)}</text>`);
    if (b.value !== null && Number.isFinite(b.value)) {
      parts.push(`<rect x="${L}" y="${yy + 2}" width="${scale(b.value).toFixed(1)}" height="${rowH - 5}" fill="${COLORS[0]}"/>`);
      parts.push(`<text x="${L + scale(b.value) + 4}" y="${yy + 12}" font-size="11">${esc(format(b.value))}</text>`);
    } else parts.push(`<text x="${L + 4}" y="${yy + 12}" font-size="11">–</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

export interface Box {
  readonly label: string;
  readonly p10: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly max: number;
}

/** Horizontal box plots on one scale (minutes). */
export function boxPlot(title: string, boxes: readonly Box[], unit: string): string {
  const rowH = 20;
  const L = 230;
  const H = 56 + rowH * boxes.length;
  const top = niceMax(Math.max(1, ...boxes.map((b) => b.max)));
  const x = (v: number) => L + ((W - L - 20) * Math.max(0, v)) / top;
  const parts = [`<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">`, `<text x="10" y="18" font-weight="bold">${esc(title)}</text>`];
  for (let k = 0; k <= 4; k++) {
    const v = (top * k) / 4;
    parts.push(`<line x1="${x(v)}" x2="${x(v)}" y1="28" y2="${H - 22}" stroke="#eee"/><text x="${x(v)}" y="${H - 8}" text-anchor="middle" font-size="11">${num(v)} ${esc(unit)}</text>`);
  }
  boxes.forEach((b, i) => {
    const yy = 30 + i * rowH;
    const mid = yy + rowH / 2;
    parts.push(`<text x="${L - 6}" y="${mid + 4}" text-anchor="end" font-size="11">${esc(b.label)}</text>`);
    parts.push(`<line x1="${x(b.p10)}" x2="${x(b.p90)}" y1="${mid}" y2="${mid}" stroke="#555"/>`);
    parts.push(`<rect x="${x(b.p25)}" y="${yy + 4}" width="${Math.max(1, x(b.p75) - x(b.p25))}" height="${rowH - 8}" fill="#9ecae1" stroke="#555"/>`);
    parts.push(`<line x1="${x(b.p50)}" x2="${x(b.p50)}" y1="${yy + 3}" y2="${yy + rowH - 3}" stroke="#000" stroke-width="2"/>`);
    parts.push(`<circle cx="${x(b.max)}" cy="${mid}" r="2.5" fill="#d62728"/>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
