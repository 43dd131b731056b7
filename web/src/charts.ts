// Small usage charts drawn by the page itself as SVG (no library, nothing loaded from elsewhere).

const SVG = 'http://www.w3.org/2000/svg';
type Day = { day: string; requests: number; refused: number };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

const total = (days: Day[]) => days.reduce((sum, day) => sum + day.requests, 0);
const refusedTotal = (days: Day[]) => days.reduce((sum, day) => sum + day.refused, 0);

/** A one-line summary of the days, for screen readers and as the chart's title. */
export function usageSummary(days: Day[]): string {
  const requests = total(days);
  if (requests === 0) return `No requests in the last ${days.length} days.`;
  return `${requests} requests in the last ${days.length} days, ${refusedTotal(days)} refused.`;
}

/**
 * Bars per day (requests, the refused part in another colour), as an image with a text alternative. `height` and
 * `barWidth` make it a sparkline in the list or a chart in the detail.
 */
export function usageBars(days: Day[], options: { height: number; barWidth: number; gap: number }): SVGSVGElement {
  const { height, barWidth, gap } = options;
  const max = Math.max(1, ...days.map((day) => day.requests));
  const width = days.length * (barWidth + gap);
  const chart = svg('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-label': usageSummary(days),
    class: 'usage-chart',
  });
  const title = svg('title', {});
  title.textContent = usageSummary(days);
  chart.append(title);
  days.forEach((day, index) => {
    const x = index * (barWidth + gap);
    const all = Math.round((day.requests / max) * (height - 1));
    const refused = Math.round((day.refused / max) * (height - 1));
    const bar = svg('rect', {
      x,
      y: height - Math.max(all, 1),
      width: barWidth,
      height: Math.max(all, 1),
      class: 'bar',
    });
    if (day.requests === 0) bar.setAttribute('class', 'bar none');
    const label = svg('title', {});
    label.textContent = `${day.day}: ${day.requests} requests, ${day.refused} refused`;
    bar.append(label);
    chart.append(bar);
    if (refused > 0)
      chart.append(svg('rect', { x, y: height - refused, width: barWidth, height: refused, class: 'bar refused' }));
  });
  return chart;
}
