import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, FONT_FAMILY, baseOption } from './chart-style.js';
import { chartsAsPng, svgToPng } from './png.js';
import { renderSvg } from './svg.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what resvg writes) to RGBA rows; PNG spec §9 filters. */
function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      channels = { 2: 3, 6: 4 }[data[9] as 2 | 6];
      expect(data[12]).toBe(0); // no interlace
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x];
      const a = x >= channels ? out[y * stride + x - channels] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      out[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    for (let k = 0; k < 3; k++) rgba[i * 4 + k] = out[i * channels + k];
    rgba[i * 4 + 3] = channels === 4 ? out[i * channels + 3] : 255;
  }
  return { width, height, rgba };
}

/** Grey-to-black pixels (every channel below 170): ink such as text and axes (ECharts' axis grey is #6e7079), never the
 * white background or the bars' #7f9cbf. */
function darkPixels(rgba: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (Math.max(rgba[i], rgba[i + 1], rgba[i + 2]) < 170) n++;
  return n;
}

/** A chart in the report's shared style (its double-quoted font stack included): one bar series. */
const chartSvg = renderSvg(
  {
    ...baseOption(['paths']),
    xAxis: { type: 'category', data: ['a', 'b', 'c'] },
    yAxis: { type: 'value', name: 'paths (count)' },
    series: [{ type: 'bar', name: 'paths', data: [3, 1, 2], itemStyle: { color: '#7f9cbf' } }],
  },
  CHART_WIDTH,
  CHART_HEIGHT,
  'png-test',
);

describe('svgToPng', () => {
  it('writes a PNG of the requested width and the SVG aspect ratio', () => {
    const png = svgToPng(chartSvg, { width: 520 });
    expect(png.subarray(0, 8).equals(SIGNATURE)).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(520);
    expect(png.readUInt32BE(20)).toBe(Math.round((CHART_HEIGHT * 520) / CHART_WIDTH)); // 190
  });

  it('is not blank: a white background with the bars in their colour and dark ink', () => {
    const { width, height, rgba } = decodePng(svgToPng(chartSvg, { width: CHART_WIDTH }));
    expect(rgba.length).toBe(width * height * 4);
    expect([...rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // top-left corner: background
    let bar = 0;
    for (let i = 0; i < rgba.length; i += 4)
      if (rgba[i] === 0x7f && rgba[i + 1] === 0x9c && rgba[i + 2] === 0xbf) bar++;
    expect(bar).toBeGreaterThan(10000); // three bars, about 200 pixels wide each
    expect(darkPixels(rgba)).toBeGreaterThan(200); // axis line, tick labels, legend and axis name
  });

  it('draws text: an SVG holding only a word gets dark pixels (a font was found)', () => {
    const word =
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="30" font-family="sans-serif" font-size="28" fill="#000">Cascade</text></svg>';
    const { rgba } = decodePng(svgToPng(word, { width: 120 }));
    expect(darkPixels(rgba)).toBeGreaterThan(100);
    const empty = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"></svg>';
    expect(darkPixels(decodePng(svgToPng(empty, { width: 120 })).rgba)).toBe(0);
  });

  it("renders the report's own chart SVG, font stack included (it must be well-formed XML)", () => {
    expect(chartSvg).toContain(FONT_FAMILY); // the SVG as the HTML report inlines it
    expect(decodePng(svgToPng(chartSvg, { width: 400 })).width).toBe(400);
  });

  it('rejects bad widths and unreadable SVG', () => {
    expect(() => svgToPng(chartSvg, { width: 0 })).toThrow(/width/);
    expect(() => svgToPng(chartSvg, { width: 10.5 })).toThrow(/width/);
    expect(() => svgToPng('<svg', { width: 100 })).toThrow(/could not be read/);
  });
});

describe('chartsAsPng', () => {
  it('maps <id>.png to each chart’s PNG, in order, and refuses clashing or unsafe ids', () => {
    const files = chartsAsPng(
      [
        { id: 'bars', svg: chartSvg },
        { id: 'bars-2', svg: chartSvg },
      ],
      { width: 200 },
    );
    expect([...files.keys()]).toEqual(['bars.png', 'bars-2.png']);
    for (const png of files.values()) expect(png.readUInt32BE(16)).toBe(200);
    expect(() =>
      chartsAsPng(
        [
          { id: 'a', svg: chartSvg },
          { id: 'A', svg: chartSvg },
        ],
        { width: 100 },
      ),
    ).toThrow(/share the file name/);
    expect(() => chartsAsPng([{ id: '../x', svg: chartSvg }], { width: 100 })).toThrow(/chart id/);
  });
});
