/**
 * The features the API's operations are grouped by, in the OpenAPI document's order: a
 * generated client groups its methods by them, and a route names one of them.
 */
export const API_TAGS = {
  health: 'Whether the API and its database answer, and this OpenAPI document.',
  organisation: 'Reps, teams (a tree under the company), the stage configuration and the settings.',
  opportunities: 'Deals: written whole with optimistic concurrency (ETag, If-Match), read, listed, deleted, and their field history.',
  targets: 'Monthly targets of reps and teams, by product family.',
  commission: "Each rep's graduated commission levels (bands with a ratePercent), as a timeline of versions from a month on.",
  reports:
    'Attainment and commission of a rep for a month or a period, of a team or the company for a period, and month by month over a range (the series charts read).',
  quality:
    'The pipeline quality table: deals closing in a month, with their close-month extensions, days since the last stage change and days open.',
  pipeline:
    'The pipeline as it stood at an instant, its trend over as-at snapshots, what changed between two instants, and taking snapshots.',
  backfill: 'Importing existing opportunities with their field history, and existing leads, in bulk; a re-import changes nothing.',
  audit: 'The audit trail (admins): who changed targets, commission levels, stages, reps, teams or settings, when, from what to what.',
  campaigns: 'Marketing campaigns (marketing and admins write, everyone reads): type, dates, budgeted and actual cost, a parent campaign.',
  conversion:
    'Lead conversion, opportunities from leads beside all others, campaign returns and the opportunity funnel, from counters kept per rep and month (marketing and admins: the company; managers: their teams; reps: themselves).',
  leads:
    "Leads (marketing and admins all, managers their reps', reps their own): status moves kept as history, lists by owner, campaign or status, and the conversion into an opportunity.",
  forecasts:
    'Forecasts of a scope and period: expected revenue as configured, calibrated and slip-adjusted, the Monte Carlo of won revenue with the probability of reaching target, the deals at risk of slipping; the win and on-time rates learned from history, and the backtest.',
} as const;

export type ApiTag = keyof typeof API_TAGS;
