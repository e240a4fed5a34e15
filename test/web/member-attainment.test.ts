import { describe, expect, it } from 'vitest';
import { memberAttainmentChart } from '#web/app/charts/member-attainment.js';
import { categoriesOf, gbp, major, optionOf, seriesNamed, tooltipText } from './option-reader.js';
import { companyFirstQuarter, northFebruary } from './seed-fixtures.js';

describe('over and under target by member', () => {
  const model = memberAttainmentChart(northFebruary, gbp);

  it("has a bar per member in the API's order, closed won and expected revenue stacked", () => {
    expect(categoriesOf(model)).toEqual(['Dave Apthorp', 'Erin Brock']);
    expect((model.option as any).yAxis.inverse).toBe(true);
    expect(seriesNamed(model, 'Closed won').data).toEqual([major(80_000), major(20_000)]);
    expect(seriesNamed(model, 'Expected revenue').data).toEqual([major(26_250), major(1_000)]);
    expect(seriesNamed(model, 'Expected revenue').stack).toBe(seriesNamed(model, 'Closed won').stack);
  });

  it('marks each target across the bar', () => {
    const target = seriesNamed(model, 'Target');
    expect(target.type).toBe('scatter');
    expect(target.itemStyle.opacity).toBe(1);
    expect(target.data).toEqual([
      [major(100_000), 0],
      [major(50_000), 1],
    ]);
  });

  it("writes the engine's attainment and coverage under each member's name and in the tooltip", () => {
    const label = optionOf(model).yAxis.axisLabel.formatter as (name: string, index: number) => string;
    expect(label('Dave Apthorp', 0)).toBe('Dave Apthorp\n80.0% won · 106.3% covered');
    expect(label('Erin Brock', 1)).toBe('Erin Brock\n40.0% won · 42.0% covered');
    expect(tooltipText(model, 0)).toBe(
      'Dave Apthorp (rep)\nTarget: £100,000.00\nClosed won: £80,000.00\nExpected revenue: £26,250.00\nOver target: £6,250.00\nAttainment: 80.0%\nCoverage: 106.3%',
    );
    expect(tooltipText(model, 1)).toContain('Shortfall: £29,000.00');
  });

  it('tables every figure, over and short, with whether the pipeline is enough', () => {
    expect(model.table.rows).toEqual([
      {
        member: 'Dave Apthorp',
        kind: 'Rep',
        target: major(100_000),
        closedWon: major(80_000),
        expectedRevenue: major(26_250),
        shortfall: 0,
        over: major(6_250),
        attainment: 0.8,
        coverage: 1.0625,
        enoughPipeline: 'Yes',
      },
      {
        member: 'Erin Brock',
        kind: 'Rep',
        target: major(50_000),
        closedWon: major(20_000),
        expectedRevenue: major(1_000),
        shortfall: major(29_000),
        over: 0,
        attainment: 0.4,
        coverage: 0.42,
        enoughPipeline: 'No',
      },
    ]);
    expect(model.description).toContain('North, Feb 2016:');
  });

  it('lists child teams first, then the reps placed in the company, over a quarter', () => {
    const company = memberAttainmentChart(companyFirstQuarter, gbp);
    expect(categoriesOf(company)).toEqual(['North', 'Sam Cole']);
    expect(company.table.rows.map((row) => [row.member, row.kind, row.target, row.attainment])).toEqual([
      ['North', 'Team', major(370_000), 0.2973],
      ['Sam Cole', 'Rep', major(20_000), 1],
    ]);
    expect(company.description).toContain('Acme Ltd, Q1 2016:');
  });

  it('has no target marker and says "No target" for a member without one', () => {
    const [dave, erin] = northFebruary.members;
    if (!dave || !erin) throw new Error('fixture has two members');
    const noTarget = memberAttainmentChart(
      {
        ...northFebruary,
        members: [
          dave,
          {
            ...erin,
            targetRecord: {
              ...erin.targetRecord,
              target: null,
              attainment: null,
              coverage: null,
              shortfall: null,
              over: null,
              enoughPipeline: null,
            },
          },
        ],
      },
      gbp,
    );
    expect(seriesNamed(noTarget, 'Target').data).toEqual([[major(100_000), 0]]);
    expect((optionOf(noTarget).yAxis.axisLabel.formatter as (name: string, index: number) => string)('Erin Brock', 1)).toBe(
      'Erin Brock\nNo target',
    );
    expect(noTarget.table.rows[1]?.enoughPipeline).toBeNull();
  });

  it('says so when the team has no members', () => {
    const empty = memberAttainmentChart({ ...northFebruary, members: [] }, gbp);
    expect(empty.option).toBeNull();
    expect(empty.emptyMessage).toBe('North has no teams or reps to compare.');
  });
});
