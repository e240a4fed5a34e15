/**
 * Colours of the dashboard's charts. Every colour that draws a figure has a contrast of at
 * least 3:1 against the white card (WCAG 2.2, 1.4.11 non-text contrast); segments are
 * separated by white borders, so each touches white rather than its neighbour. Colour is
 * never the only signal: series carry names (legend, labels, tooltip), bars and slices
 * get ECharts' decal patterns (`aria.decal.show`), increases and decreases carry a sign,
 * and the gauge's status is written out in words.
 *
 * The series colours start from Okabe and Ito's palette for colour-blind readers, darkened
 * where needed to reach 3:1.
 */

/** Categorical colours, in the order series take them. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#007A5E', '#A23B72', '#6D4BA8', '#8C6D00', '#0E7490', '#52616F'] as const;

/** The gauge's bands (red below 80 % of target, amber from 80 %, green from 100 %). */
export const STATUS_COLOURS = { red: '#B91C1C', amber: '#B45309', green: '#15803D' } as const;

/** Totals and targets: the waterfall's opening and closing, the target line and marker. */
export const NEUTRAL_COLOUR = '#475569';
/** The waterfall's steps that add to the pipeline. */
export const INCREASE_COLOUR = '#0072B2';
/** The waterfall's steps that take from it. */
export const DECREASE_COLOUR = '#D55E00';
/** Text and axis labels. */
export const TEXT_COLOUR = '#1F2937';
/** The card behind every chart. */
export const BACKGROUND_COLOUR = '#FFFFFF';

/** The categorical colour of the series or slice at a position, the same in every chart. */
export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? SERIES_COLOURS[0];
}

function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`not a colour #rrggbb: '${hex}'`);
  const [r, g, b] = match.slice(1).map((channel) => {
    const value = Number.parseInt(channel, 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
