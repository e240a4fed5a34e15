/**
 * Chart 5: closed won month by month, each month's bar stacked by member: the reps of a
 * team, or the teams (and reps placed directly in it) at company level. A member that
 * appears only in some months has no segment in the others.
 */
import type { Formatters } from '../format/formatters.js';
import type { CellValue, ChartModel, TableColumn } from './chart-model.js';
import type { MonthSeries, MonthSeriesMember } from './month-series.js';
import { baseOption, categoryAxis, chartModel, legendOf, moneyAxis, moneyValue, SEGMENT_BORDER, tableOf } from './option-parts.js';
import { seriesColour } from './palette.js';

type MemberRef = Pick<MonthSeriesMember, 'kind' | 'id' | 'name'>;

const memberKey = (member: Pick<MonthSeriesMember, 'kind' | 'id'>): string => `${member.kind}:${member.id}`;

/** Every member of any month, in the order they first appear; the latest name wins. */
function membersOf(series: MonthSeries): MemberRef[] {
  const members = new Map<string, MemberRef>();
  for (const month of series.months)
    for (const { kind, id, name } of month.members) members.set(memberKey({ kind, id }), { kind, id, name });
  return [...members.values()];
}

function byWhom(members: readonly MemberRef[]): string {
  if (members.every((member) => member.kind === 'rep')) return 'rep';
  if (members.every((member) => member.kind === 'team')) return 'team';
  return 'team and rep';
}

export function closedWonByMemberChart(series: MonthSeries, fmt: Formatters): ChartModel {
  const { scope, months } = series;
  const members = membersOf(series);
  const title = `Closed won by month and ${byWhom(members)}`;
  const span = months.length === 0 ? '' : `${fmt.month(months[0]?.month ?? '')} to ${fmt.month(months.at(-1)?.month ?? '')}`;
  const description =
    months.length === 0
      ? `${scope.name}: no months to show.`
      : `${scope.name}, ${span}: closed won each month, split by the ${byWhom(members)} who won it.`;
  // Column keys are the members' kind and id: names need not be unique.
  const memberColumns: TableColumn[] = members.map((member) => ({ key: `member:${memberKey(member)}`, label: member.name, kind: 'money' }));
  const closedWonOf = (monthIndex: number, member: MemberRef): number | null =>
    months[monthIndex]?.members.find((candidate) => memberKey(candidate) === memberKey(member))?.closedWon ?? null;
  const table = tableOf(
    fmt,
    [{ key: 'month', label: 'Month', kind: 'month' }, ...memberColumns, { key: 'total', label: 'Total closed won', kind: 'money' }],
    months.map(({ month, targetRecord }, monthIndex) => {
      const row: Record<string, CellValue> = { month };
      members.forEach((member, index) => {
        row[memberColumns[index]?.key ?? ''] = closedWonOf(monthIndex, member);
      });
      row.total = targetRecord.closedWon;
      return row;
    }),
  );
  const nothingWon = months.every(
    ({ targetRecord, members: monthMembers }) => targetRecord.closedWon === 0 && monthMembers.every((member) => member.closedWon === 0),
  );
  if (months.length === 0 || members.length === 0 || nothingWon) {
    return chartModel({
      title,
      description,
      option: null,
      table,
      emptyMessage: months.length === 0 ? `No months to show for ${scope.name}.` : `Nothing was won by ${scope.name} from ${span}.`,
    });
  }

  const option = {
    ...baseOption(description),
    legend: legendOf(members.map((member) => member.name)),
    grid: { left: 8, right: 16, top: 24, bottom: 40 },
    tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const }, valueFormatter: moneyValue(fmt) },
    xAxis: categoryAxis(months.map(({ month }) => fmt.month(month))),
    yAxis: moneyAxis(fmt),
    series: members.map((member, index) => ({
      type: 'bar' as const,
      name: member.name,
      stack: 'closedWon',
      itemStyle: { color: seriesColour(index), ...SEGMENT_BORDER },
      data: months.map((_month, monthIndex) => closedWonOf(monthIndex, member) ?? '-'),
    })),
  };
  return chartModel({ title, description, option, table, emptyMessage: '' });
}
