/**
 * PNG export of the report charts: the same SVG the HTML pages inline, rasterised by resvg.
 *
 * resvg draws text only with fonts it can find, and ignores fontconfig's aliases. It loads the
 * machine's fonts; the charts' font stack (`system-ui, …, Helvetica, Arial, sans-serif`) falls
 * back to the generic `sans-serif`, mapped to {@link PNG_FONT_FAMILY}: Liberation Sans, whose
 * widths are Arial's, as ECharts assumes when it lays text out on the server (Debian/Ubuntu
 * package `fonts-liberation`). When that family is missing resvg takes any installed font (DejaVu
 * Sans from `fonts-dejavu-core` works, a little wider); with no font at all text would vanish, so
 * {@link svgToPng} refuses. The pixels depend on the fonts installed: PNGs are byte-stable per
 * machine only.
 */
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { CascadeError, InvariantError } from '../kernel/errors.js';

/**
 * Family used for `sans-serif` and for text whose families are all missing.
 *
 * @example
 * svgToPng(svg, { width: 1040, fontFamily: PNG_FONT_FAMILY });
 */
export const PNG_FONT_FAMILY = 'Liberation Sans';

/**
 * How {@link svgToPng} rasterises.
 *
 * @example
 * const options: PngOptions = { width: 1600 };
 */
export interface PngOptions {
  /** Width of the PNG in pixels; the height keeps the SVG's aspect ratio. */
  width: number;
  /** Family for `sans-serif` and missing families (default {@link PNG_FONT_FAMILY}). */
  fontFamily?: string;
  /** Font files to load besides the system's (e.g. a TTF shipped with a deployment). */
  fontFiles?: string[];
}

function checkWidth(width: number): void {
  if (!Number.isInteger(width) || width <= 0 || width > 10000) {
    throw new InvariantError(`PNG width must be an integer in 1..10000, got ${width}`);
  }
}

function fontOptions(options: PngOptions): NonNullable<ResvgRenderOptions['font']> {
  const family = options.fontFamily ?? PNG_FONT_FAMILY;
  return {
    loadSystemFonts: true,
    fontFiles: options.fontFiles ?? [],
    defaultFontFamily: family,
    sansSerifFamily: family,
  };
}

/** Whether text renders with `font`, by font settings (a probe per setting per process). */
const textRenders = new Map<string, boolean>();

/** Throws a {@link CascadeError} when resvg finds no font to draw text with under `font`. */
function requireFonts(font: NonNullable<ResvgRenderOptions['font']>): void {
  const key = JSON.stringify(font);
  let ok = textRenders.get(key);
  if (ok === undefined) {
    const probe =
      '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="32"><text x="2" y="26" font-family="sans-serif" font-size="24">Hg</text></svg>';
    const pixels = new Resvg(probe, { font, logLevel: 'off' }).render().pixels;
    // RGBA on a transparent background: any alpha > 0 is ink.
    ok = pixels.some((byte, i) => i % 4 === 3 && byte > 0);
    textRenders.set(key, ok);
  }
  if (!ok) {
    throw new CascadeError(
      'PNG export found no font to draw text with: install one (e.g. the Debian/Ubuntu package fonts-liberation or fonts-dejavu-core)',
    );
  }
}

/**
 * Rasterises an SVG document to PNG bytes `width` pixels wide on a white background.
 * Throws a {@link CascadeError} when the machine has no font resvg can use (the text would be lost).
 *
 * @example
 * const png = svgToPng(renderSvg(priceChart(result), 1040, 380), { width: 2080 });
 * png.subarray(1, 4).toString(); // 'PNG'
 */
export function svgToPng(svg: string, options: PngOptions): Buffer {
  checkWidth(options.width);
  const font = fontOptions(options);
  requireFonts(font);
  let resvg: Resvg;
  try {
    resvg = new Resvg(svg, {
      fitTo: { mode: 'width', value: options.width },
      background: '#ffffff',
      font,
      logLevel: 'off',
    });
  } catch (error) {
    throw new InvariantError(`the SVG could not be read for PNG export: ${(error as Error).message}`);
  }
  return resvg.render().asPng();
}

/**
 * A chart to export: a file-name stem and its SVG.
 *
 * @example
 * const chart: PngChart = { id: 'bad-debt-histogram', svg };
 */
export interface PngChart {
  /** File-name stem: letters, digits, `_` or `-`; the file is `<id>.png`. */
  id: string;
  svg: string;
}

/**
 * Rasterises every chart with {@link svgToPng}: file name `<id>.png` → PNG bytes, in the order
 * given. Writing the files is the caller's (atomically, next to the HTML page).
 *
 * @example
 * for (const [name, png] of chartsAsPng([{ id: 'fan', svg }], { width: 1600 })) writeFileSync(join(dir, name), png);
 */
export function chartsAsPng(charts: readonly PngChart[], options: PngOptions): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const chart of charts) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(chart.id)) {
      throw new InvariantError(`chart id must be letters, digits, '_' or '-', got '${chart.id}'`);
    }
    const name = `${chart.id}.png`;
    if ([...files.keys()].some((k) => k.toLowerCase() === name.toLowerCase())) {
      throw new InvariantError(`two charts share the file name '${name}' (ids compared ignoring case)`);
    }
    files.set(name, svgToPng(chart.svg, options));
  }
  return files;
}
