/**
 * Win rate of the deals converted from leads beside all other deals, by the month the deals
 * were created, from `GET /conversion/opportunities?by=month`: two bars a month, each the
 * engine's won ÷ (won + lost) of those deals (no bar while none has closed). The description
 * carries the range's headline: both win rates and the share of won revenue that converted
 * leads brought.
 */
import type { DealFigures, OpportunityMetrics } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';
import type { CellValue, ChartModel, TableColumn } from './chart-model.js';
import { ratioAxis, ratioValue, scopeAndRange, scopeNameOf } from './conversion-parts.js';
import { baseOption, categoryAxis, chartModel, legendOf, SEGMENT_BORDER, tableOf } from './option-parts.js';
import { seriesColour } from './palette.js';

/** The two origins, as the API names them, with their names and colours. */
const ORIGINS = [
  { key: 'fromLeads', label: 'From leads', colour: seriesColour(2) },
  { key: 'others', label: 'Other deals', colour: seriesColour(0) },
] as const;

const FIGURES = [
  { key: 'count', label: 'deals', kind: 'count' },
  { key: 'won', label: 'won', kind: 'count' },
  { key: 'lost', label: 'lost', kind: 'count' },
  { key: 'winRate', label: 'win rate', kind: 'ratio' },
  { key: 'wonRevenue', label: 'won revenue', kind: 'money' },
] as const satisfies readonly { key: keyof DealFigures; label: string; kind: TableColumn['kind'] }[];

export function winRateByOriginChart(metrics: OpportunityMetrics, fmt: Formatters): ChartModel {
  const rows = metrics.rows.filter((row) => row.kind === 'month' && row.id !== null);
  const { total } = metrics;
  const title = 'Win rate: deals from leads vs others';
  const description =
    `${scopeAndRange(metrics, fmt)}: deals from converted leads won ${fmt.ratio(total.fromLeads.winRate)} of those closed, ` +
    `other deals ${fmt.ratio(total.others.winRate)}; converted leads brought ${fmt.ratio(total.revenueContribution)} of won revenue.`;
  const columns: TableColumn[] = [
    { key: 'month', label: 'Month', kind: 'month' },
    ...ORIGINS.flatMap((origin) =>
      FIGURES.map((figure) => ({ key: `${origin.key}:${figure.key}`, label: `${origin.label}: ${figure.label}`, kind: figure.kind })),
    ),
    { key: 'revenueContribution', label: 'Revenue from leads', kind: 'ratio' },
  ];
  const table = tableOf(
    fmt,
    columns,
    rows.map((row) => {
      const cells: Record<string, CellValue> = { month: row.id };
      for (const origin of ORIGINS) for (const figure of FIGURES) cells[`${origin.key}:${figure.key}`] = row[origin.key][figure.key];
      cells.revenueContribution = row.revenueContribution;
      return cells;
    }),
  );
  const scopeName = scopeNameOf(metrics.scope);
  const empty = (message: string) => chartModel({ title, description, option: null, table, emptyMessage: message });
  if (total.all.count === 0) return empty(`No deals were created for ${scopeName} in these months.`);
  if (total.fromLeads.winRate === null && total.others.winRate === null)
    return empty(`None of the deals ${scopeName} created in these months has been won or lost yet.`);

  const option = {
    ...baseOption(description),
    legend: legendOf(ORIGINS.map((origin) => origin.label)),
    grid: { left: 8, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: ratioValue(fmt) },
    xAxis: categoryAxis(rows.map((row) => fmt.month(row.id as string))),
    yAxis: ratioAxis(fmt, 1),
    series: ORIGINS.map((origin) => ({
      type: 'bar' as const,
      name: origin.label,
      barMaxWidth: 20,
      itemStyle: { color: origin.colour, ...SEGMENT_BORDER },
      data: rows.map((row) => row[origin.key].winRate ?? '-'),
    })),
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
