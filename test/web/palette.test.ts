import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_COLOUR,
  contrastRatio,
  DECREASE_COLOUR,
  INCREASE_COLOUR,
  NEUTRAL_COLOUR,
  SERIES_COLOURS,
  STATUS_COLOURS,
  seriesColour,
  TEXT_COLOUR,
} from '#web/app/charts/palette.js';

describe('palette', () => {
  it('computes WCAG contrast: black on white is 21, white on white 1, #767676 the 4.5 boundary', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#FFFFFF', '#FFFFFF')).toBe(1);
    expect(contrastRatio('#767676', '#FFFFFF')).toBeCloseTo(4.54, 2);
  });

  it('draws every figure in a colour of at least 3:1 on the white card', () => {
    const graphics = [...SERIES_COLOURS, ...Object.values(STATUS_COLOURS), NEUTRAL_COLOUR, INCREASE_COLOUR, DECREASE_COLOUR];
    for (const colour of graphics) expect(contrastRatio(colour, BACKGROUND_COLOUR), colour).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(TEXT_COLOUR, BACKGROUND_COLOUR)).toBeGreaterThanOrEqual(4.5);
  });

  it('has distinct series colours, reused in order', () => {
    expect(new Set(SERIES_COLOURS).size).toBe(SERIES_COLOURS.length);
    expect(seriesColour(0)).toBe(SERIES_COLOURS[0]);
    expect(seriesColour(SERIES_COLOURS.length + 1)).toBe(SERIES_COLOURS[1]);
  });
});
