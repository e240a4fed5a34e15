/**
 * What the five charts of the leads page share: whose figures and which months they cover
 * (the API's own header), and the axes of counts and of rates. Nothing here computes a
 * figure: the rates come from the API, only their labels are made here.
 */
import type { ConversionScope } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';

/** The header every conversion answer starts with. */
export interface ConversionRange {
  readonly from: string;
  readonly to: string;
  readonly months: readonly string[];
  readonly scope: ConversionScope;
}

/** Whose leads and deals: the scope's name, or what a nameless scope stands for. */
export function scopeNameOf(scope: ConversionScope): string {
  if (scope.name) return scope.name;
  return scope.kind === 'visible' ? 'Your teams' : 'The company';
}

/** "Mar 2015 to Feb 2016", or the one month. */
export function rangeText(range: Pick<ConversionRange, 'from' | 'to'>, fmt: Formatters): string {
  return range.from === range.to ? fmt.month(range.from) : `${fmt.month(range.from)} to ${fmt.month(range.to)}`;
}

/** "Acme Software Ltd, Mar 2015 to Feb 2016". */
export function scopeAndRange(range: ConversionRange, fmt: Formatters): string {
  return `${scopeNameOf(range.scope)}, ${rangeText(range, fmt)}`;
}

/** A value axis of whole counts (leads, deals): no ticks between two integers. */
export function countAxis(fmt: Formatters) {
  return { type: 'value' as const, minInterval: 1, axisLabel: { formatter: (value: number) => fmt.count(value), hideOverlap: true } };
}

/** A value axis of ratios (1 = 100 %), labelled as whole percentages. */
export function ratioAxis(fmt: Formatters, max?: number) {
  return {
    type: 'value' as const,
    min: 0,
    ...(max === undefined ? {} : { max }),
    axisLabel: { formatter: (value: number) => fmt.percent(Math.round(value * 100)), hideOverlap: true },
  };
}

/** ECharts' tooltip value formatter for ratio series. */
export function ratioValue(fmt: Formatters): (value: unknown) => string {
  return (value) => (typeof value === 'number' ? fmt.ratio(value) : fmt.none);
}
