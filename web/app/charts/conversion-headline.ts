/**
 * The leads page's headline figures, over the whole range and scope: leads created, their
 * conversion rate and days to convert, the win rates of deals from leads and of the others,
 * and the share of won revenue converted leads brought. Each is the API's total, formatted.
 */
import type { LeadMetrics, OpportunityMetrics } from '../api/api-types.js';
import type { Formatters } from '../format/formatters.js';

export interface HeadlineFigure {
  /** Stable name for tests and CSS. */
  readonly key: string;
  readonly label: string;
  readonly value: string;
  /** What the figure is of, in words. */
  readonly note: string;
}

export function conversionHeadline(leads: LeadMetrics, deals: OpportunityMetrics, fmt: Formatters): HeadlineFigure[] {
  const { fromLeads, others } = deals.total;
  return [
    {
      key: 'leads-created',
      label: 'Leads created',
      value: fmt.count(leads.total.created),
      note: `${fmt.count(leads.total.converted)} converted so far`,
    },
    { key: 'conversion-rate', label: 'Conversion rate', value: fmt.ratio(leads.total.conversionRate), note: 'of the leads created' },
    {
      key: 'days-to-convert',
      label: 'Time to convert',
      value: fmt.days(leads.total.averageDaysToConvert),
      note: 'on average, created to converted',
    },
    {
      key: 'win-rate-from-leads',
      label: 'Win rate, deals from leads',
      value: fmt.ratio(fromLeads.winRate),
      note: `${fmt.count(fromLeads.won)} won, ${fmt.count(fromLeads.lost)} lost`,
    },
    {
      key: 'win-rate-others',
      label: 'Win rate, other deals',
      value: fmt.ratio(others.winRate),
      note: `${fmt.count(others.won)} won, ${fmt.count(others.lost)} lost`,
    },
    {
      key: 'revenue-contribution',
      label: 'Won revenue from leads',
      value: fmt.ratio(deals.total.revenueContribution),
      note: `${fmt.money(fromLeads.wonRevenue)} of ${fmt.money(deals.total.all.wonRevenue)}`,
    },
  ];
}
