import { createRequire } from 'node:module';
import path from 'node:path';
import type { Resvg } from '@resvg/resvg-js';
import type * as Echarts from 'echarts';

/** What the digest's picture shows: the funnel now, and the adoption rate of the last weeks. */
export interface DigestChartData {
  title: string;
  /** The funnel's steps in order, with their counts. */
  steps: Array<{ label: string; count: number }>;
  /** Oldest first: the week (`W48`) and the adoption rate then (0-1), or undefined when not known. */
  trend: Array<{ week: string; rate: number | undefined }>;
}

const WIDTH = 720;
const HEIGHT = 360;
const FONT_FAMILY = 'DejaVu Sans';

/**
 * The font travels with the app (an npm package of TTF files): resvg draws text only with fonts it
 * is given, and a server without fonts would otherwise get a picture without a single label.
 */
const fontFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
  'DejaVuSans.ttf',
);

/**
 * echarts and resvg, loaded the first time a picture is drawn rather than at start: together about
 * 25 MB of a process's memory, which a process that draws no digest (serving commands, writing a
 * CSV export of a million rows) does not carry (docs/decisions/052-app-memory-budget.md).
 */
let chartLibraries: Promise<{ echarts: typeof Echarts; Resvg: typeof Resvg }> | undefined;
const loadChartLibraries = () =>
  (chartLibraries ??= Promise.all([import('echarts'), import('@resvg/resvg-js')]).then(([echarts, resvg]) => ({
    echarts,
    Resvg: resvg.Resvg,
  })));

/** Pictures kept, newest last: a few weeks' worth of one organization's digests at most (~30 KB each). */
const SHARED_MAX = 256;
const shared = new Map<string, Buffer>();

/**
 * The digest's picture as PNG, rendered once per content (decision 034): digests that show the
 * same figures under the same title (a lead's DM and the team's channel, the same week) share one
 * rendering, which is most of a digest's cost. Keyed by everything the picture shows, so a hit is
 * the very picture a rendering would give.
 */
export async function digestChartPng(data: DigestChartData): Promise<Buffer> {
  const key = JSON.stringify(data);
  const hit = shared.get(key);
  if (hit) {
    // Most recently used last, so the oldest goes first.
    shared.delete(key);
    shared.set(key, hit);
    return hit;
  }
  const png = await renderDigestChart(data);
  shared.set(key, png);
  if (shared.size > SHARED_MAX) shared.delete(shared.keys().next().value!);
  return png;
}

/**
 * The digest's picture as PNG (docs/decisions/025-digest-delivery.md): the funnel as horizontal
 * bars on the left, the 8-week adoption trend as a line on the right. Rendered to SVG by echarts
 * on the server (no DOM, no canvas), then to PNG by resvg at its own size, 720 px wide: the labels
 * read well there, and larger renderings cost far more to encode (1.5x took ~35% longer, decision 034).
 */
export async function renderDigestChart(data: DigestChartData): Promise<Buffer> {
  const { echarts, Resvg } = await loadChartLibraries();
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      title: [
        { text: data.title, left: 10, top: 6, textStyle: { fontSize: 15, fontFamily: FONT_FAMILY } },
        { text: 'Adoption, last 8 weeks', left: 470, top: 40, textStyle: { fontSize: 12, fontFamily: FONT_FAMILY } },
      ],
      grid: [
        { left: 130, right: 300, top: 60, bottom: 30 },
        { left: 470, right: 20, top: 70, bottom: 40 },
      ],
      xAxis: [
        { gridIndex: 0, type: 'value', minInterval: 1, axisLabel: { fontFamily: FONT_FAMILY } },
        {
          gridIndex: 1,
          type: 'category',
          data: data.trend.map((t) => t.week),
          axisLabel: { fontFamily: FONT_FAMILY, fontSize: 10 },
        },
      ],
      yAxis: [
        {
          gridIndex: 0,
          type: 'category',
          inverse: true,
          data: data.steps.map((s) => s.label),
          axisLabel: { fontFamily: FONT_FAMILY },
        },
        {
          gridIndex: 1,
          type: 'value',
          min: 0,
          max: 100,
          axisLabel: { formatter: '{value}%', fontFamily: FONT_FAMILY, fontSize: 10 },
        },
      ],
      series: [
        {
          type: 'bar',
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: data.steps.map((s) => s.count),
          itemStyle: { color: '#5624d0' },
          label: { show: true, position: 'right', fontFamily: FONT_FAMILY },
        },
        {
          type: 'line',
          xAxisIndex: 1,
          yAxisIndex: 1,
          connectNulls: false,
          data: data.trend.map((t) => (t.rate === undefined ? null : Math.round(t.rate * 1000) / 10)),
          itemStyle: { color: '#1e6055' },
          label: { show: true, formatter: '{c}%', fontFamily: FONT_FAMILY, fontSize: 10 },
        },
      ],
    });
    const svg = chart.renderToSVGString();
    return new Resvg(svg, {
      fitTo: { mode: 'width', value: WIDTH },
      font: { fontFiles: [fontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    })
      .render()
      .asPng();
  } finally {
    chart.dispose();
  }
}
