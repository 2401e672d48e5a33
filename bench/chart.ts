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
