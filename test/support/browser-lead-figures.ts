/**
 * What each card of the leads page must show, worked out from the API's own answers to the
 * page's requests (GET /conversion/leads, /opportunities, /campaigns, /funnel), written from
 * the documents' meaning (functions/conversion/conversion-documents.ts), not from the
 * builders: a column is named by its label, a figure compared as a number. Average days are
 * the API's, to one decimal, shown as they are.
 */
import type { ApiAnswer, ExpectedCell, ExpectedRow } from './browser-figures.js';

export type LeadChartId = 'leads-by-status' | 'conversion-by-source' | 'win-rate-by-origin' | 'campaign-roi' | 'stage-funnel';

const money = (value: number | null): ExpectedCell => ({ kind: 'money', value });
const count = (value: number | null): ExpectedCell => ({ kind: 'count', value });
const ratio = (value: number | null): ExpectedCell => ({ kind: 'ratio', value });
const text = (value: string | null): ExpectedCell => ({ kind: 'text', value });
const days = (value: number | null): ExpectedCell => ({ kind: 'days', value });

/** The one answer to a conversion read (`metric`, and `by` when given). */
export function conversionAnswer(answers: readonly ApiAnswer[], metric: string, by?: string): ApiAnswer {
  const found = answers.filter((answer) => {
    const url = new URL(answer.path, 'http://page');
    return url.pathname === `/conversion/${metric}` && (by === undefined || url.searchParams.get('by') === by);
  });
  if (found.length !== 1)
    throw new Error(
      `expected one answer to /conversion/${metric}${by ? ` by ${by}` : ''}, found ${found.length}: ${answers.map((a) => a.path).join(', ')}`,
    );
  return found[0] as ApiAnswer;
}

const STATUSES = [
  ['open', 'Open'],
  ['contacted', 'Contacted'],
  ['qualified', 'Qualified'],
  ['closed-unqualified', 'Closed unqualified'],
] as const;

const ORIGINS = [
  ['fromLeads', 'From leads'],
  ['others', 'Other deals'],
] as const;

export function expectedLeadRows(chart: LeadChartId, answers: readonly ApiAnswer[]): ExpectedRow[] {
  switch (chart) {
    case 'leads-by-status':
      return conversionAnswer(answers, 'leads', 'month').body.rows.map((row: any) => ({
        Created: count(row.created),
        ...Object.fromEntries(STATUSES.map(([status, label]) => [label, count(row.byStatus[status])])),
        Converted: count(row.converted),
        'Conversion rate': ratio(row.conversionRate),
        'Average days to convert': days(row.averageDaysToConvert),
      }));
    case 'conversion-by-source':
      return conversionAnswer(answers, 'leads', 'source').body.rows.map((row: any) => ({
        Source: text(row.label),
        'Leads created': count(row.created),
        Converted: count(row.converted),
        'Conversion rate': ratio(row.conversionRate),
        'Average days to convert': days(row.averageDaysToConvert),
      }));
    case 'win-rate-by-origin':
      return conversionAnswer(answers, 'opportunities', 'month').body.rows.map((row: any) => {
        const cells: Record<string, ExpectedCell> = { 'Revenue from leads': ratio(row.revenueContribution) };
        for (const [key, label] of ORIGINS) {
          cells[`${label}: deals`] = count(row[key].count);
          cells[`${label}: won`] = count(row[key].won);
          cells[`${label}: lost`] = count(row[key].lost);
          cells[`${label}: win rate`] = ratio(row[key].winRate);
          cells[`${label}: won revenue`] = money(row[key].wonRevenue);
        }
        return cells;
      });
    case 'campaign-roi':
      return conversionAnswer(answers, 'campaigns').body.campaigns.map((row: any) => ({
        Campaign: text(row.name),
        Leads: count(row.leads),
        Conversions: count(row.conversions),
        Deals: count(row.opportunities),
        'Open pipeline': money(row.pipeline),
        Won: count(row.won),
        'Won revenue': money(row.wonRevenue),
        'Actual cost': money(row.actualCost),
        'Cost per lead': money(row.costPerLead),
        'Cost per won deal': money(row.costPerWonDeal),
        ROI: ratio(row.roi),
      }));
    case 'stage-funnel':
      return conversionAnswer(answers, 'funnel').body.stages.map((stage: any) => ({
        Stage: text(stage.name),
        'Deals reached': count(stage.reached),
        ...Object.fromEntries(stage.later.map((later: any) => [`Reached ${later.name}`, ratio(later.share)])),
        Won: ratio(stage.won.share),
        'Average days in stage': days(stage.averageDaysInStage),
      }));
  }
}

/** The headline figures the page must show, by their label, from the API's totals. */
export function expectedHeadline(answers: readonly ApiAnswer[]): Record<string, ExpectedCell> {
  const leads = conversionAnswer(answers, 'leads', 'month').body.total;
  const deals = conversionAnswer(answers, 'opportunities', 'month').body.total;
  return {
    'Leads created': count(leads.created),
    'Conversion rate': ratio(leads.conversionRate),
    'Time to convert': days(leads.averageDaysToConvert),
    'Win rate, deals from leads': ratio(deals.fromLeads.winRate),
    'Win rate, other deals': ratio(deals.others.winRate),
    'Won revenue from leads': ratio(deals.revenueContribution),
  };
}
