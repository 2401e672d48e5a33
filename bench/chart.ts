/** A small horizontal bar chart as standalone SVG (no chart library): one bar per measurement. */
export function barChartSvg(title: string, bars: { label: string; value: number }[]): string {
  const width = 640;
  const rowHeight = 28;
  const labelWidth = 200;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = 40 + bars.length * rowHeight;
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const rows = bars.map((bar, index) => {
    const y = 32 + index * rowHeight;
    const barWidth = Math.max(1, ((width - labelWidth - 80) * bar.value) / max);
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 2}" width="${barWidth.toFixed(1)}" height="18" fill="#3b6ef5"/>`,
      `<text x="${(labelWidth + barWidth + 6).toFixed(1)}" y="${y + 15}">${bar.value}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<text x="8" y="20" font-weight="bold">${escapeXml(title)}</text>
${rows.join('\n')}
</svg>
`;
}

/** Overlaid histograms of several series (e.g. latency samples), as standalone SVG: the shape of a distribution. */
export function histogramSvg(title: string, series: { label: string; values: number[] }[]): string {
  const width = 640;
  const height = 300;
  const plot = { left: 50, right: width - 20, top: 40, bottom: height - 40 };
  const all = series.flatMap((s) => s.values);
  const max = Math.max(1, ...all);
  const bins = 24;
  const binWidth = max / bins;
  const counts = series.map((s) => {
    const bucket = new Array<number>(bins).fill(0);
    for (const value of s.values) {
      const bin = Math.min(bins - 1, Math.floor(value / binWidth));
      bucket[bin] = (bucket[bin] ?? 0) + 1;
    }
    return bucket;
  });
  const tallest = Math.max(1, ...counts.flat());
  const colours = ['#3b6ef5', '#f5873b', '#2da44e', '#a33bf5'];
  const x = (bin: number) => plot.left + ((plot.right - plot.left) * bin) / bins;
  const y = (count: number) => plot.bottom - ((plot.bottom - plot.top) * count) / tallest;
  const bars = counts.flatMap((bucket, index) =>
    bucket.map((count, bin) =>
      count === 0
        ? ''
        : `<rect x="${x(bin).toFixed(1)}" y="${y(count).toFixed(1)}" width="${(x(1) - x(0) - 1).toFixed(1)}" height="${(plot.bottom - y(count)).toFixed(1)}" fill="${colours[index % colours.length]}" fill-opacity="0.55"/>`,
    ),
  );
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (f) =>
      `<text x="${(plot.left + (plot.right - plot.left) * f).toFixed(1)}" y="${plot.bottom + 18}" text-anchor="middle">${Math.round(max * f)}</text>`,
  );
  const legend = series.map(
    (s, index) =>
      `<rect x="${plot.right - 150}" y="${plot.top + index * 18}" width="12" height="12" fill="${colours[index % colours.length]}" fill-opacity="0.55"/><text x="${plot.right - 132}" y="${plot.top + 11 + index * 18}">${s.label} (n=${s.values.length})</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<text x="8" y="20" font-weight="bold">${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>
<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#888"/>
<text x="${plot.left - 6}" y="${plot.top + 4}" text-anchor="end">${tallest}</text>
${bars.join('\n')}
${ticks.join('')}
${legend.join('')}
</svg>
`;
}

/**
 * Line charts sharing one x axis, stacked as panels of one standalone SVG (e.g. CPU and memory per session
 * against the number of sessions): one line per series, a tick at every x that has a point.
 */
export function lineChartSvg(
  title: string,
  xLabel: string,
  panels: { yLabel: string; series: { label: string; points: { x: number; y: number }[] }[] }[],
): string {
  const width = 640;
  const panelHeight = 250;
  const colours = ['#3b6ef5', '#f5873b', '#2da44e', '#a33bf5'];
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const xs = [...new Set(panels.flatMap((p) => p.series.flatMap((s) => s.points.map((point) => point.x))))];
  const xMax = Math.max(1, ...xs);
  const parts = panels.map((panel, index) => {
    const plot = {
      left: 70,
      right: width - 150,
      top: 55 + index * panelHeight,
      bottom: (index + 1) * panelHeight + 15,
    };
    const yMax = Math.max(1e-9, ...panel.series.flatMap((s) => s.points.map((point) => point.y))) * 1.1;
    const x = (value: number) => plot.left + ((plot.right - plot.left) * value) / xMax;
    const y = (value: number) => plot.bottom - ((plot.bottom - plot.top) * value) / yMax;
    const yTicks = [0, 0.25, 0.5, 0.75, 1].map(
      (f) =>
        `<text x="${plot.left - 6}" y="${(y(yMax * f) + 4).toFixed(1)}" text-anchor="end">${Number((yMax * f).toPrecision(2))}</text>`,
    );
    const xTicks = xs.map(
      (value) =>
        `<text x="${x(value).toFixed(1)}" y="${plot.bottom + 16}" text-anchor="middle">${value}</text>`,
    );
    const lines = panel.series.map((s, seriesIndex) => {
      const colour = colours[seriesIndex % colours.length];
      const points = [...s.points].sort((a, b) => a.x - b.x);
      const path = points.map((point) => `${x(point.x).toFixed(1)},${y(point.y).toFixed(1)}`).join(' ');
      const dots = points.map(
        (point) =>
          `<circle cx="${x(point.x).toFixed(1)}" cy="${y(point.y).toFixed(1)}" r="3" fill="${colour}"/>`,
      );
      const legendY = plot.top + 12 + seriesIndex * 18;
      return `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${dots.join('')}<rect x="${plot.right + 12}" y="${legendY - 10}" width="12" height="12" fill="${colour}"/><text x="${plot.right + 30}" y="${legendY}">${escapeXml(s.label)}</text>`;
    });
    return [
      `<text x="${plot.left}" y="${plot.top - 10}" font-weight="bold">${escapeXml(panel.yLabel)}</text>`,
      `<line x1="${plot.left}" y1="${plot.bottom}" x2="${plot.right}" y2="${plot.bottom}" stroke="#888"/>`,
      `<line x1="${plot.left}" y1="${plot.top}" x2="${plot.left}" y2="${plot.bottom}" stroke="#888"/>`,
      ...yTicks,
      ...xTicks,
      ...lines,
    ].join('\n');
  });
  const height = panels.length * panelHeight + 55;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">
<text x="8" y="20" font-weight="bold">${escapeXml(title)}</text>
${parts.join('\n')}
<text x="${(width - 150 + 70) / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(xLabel)}</text>
</svg>
`;
}
