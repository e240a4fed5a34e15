/**
 * The names of the conversion counters. Each is `<kind>|<part>|<part>...`; every part is
 * URI-encoded, so a source or a legacy campaign text holding '|' cannot break the split.
 *
 * Lead cells (one per owner and month, sk LEADS#<rep>), `<source>|<campaign>` after the kind:
 * - `lead.created`, `lead.status.<status>` (current status of the leads created that month),
 *   `lead.converted`, `lead.convertSeconds` (of those leads: converted, and seconds from
 *   creation to conversion) — in the month the lead was created;
 * - `lead.convertedInMonth` — in the month the lead converted.
 *
 * Deal cells (one per owner and month, sk DEALS#<rep>):
 * - `deal.<counter>|<origin>|<source>|<campaign>` in the month the deal was created, counter
 *   one of count, open, openAmount, won, wonAmount, lost, closeSeconds; origin `lead` (the
 *   deal came from a converted lead) or `other`;
 * - `funnel.reached|<stage>`, `funnel.then|<stage>|<later stage>`, `funnel.won|<stage>`,
 *   `funnel.stageSeconds|<stage>`, `funnel.stageExits|<stage>` in the month the deal first
 *   entered `<stage>`.
 *
 * A deal's campaign part is `c:<campaign id>` for a reference, `t:<text>` for the free text
 * kept from before campaigns were records, and empty for none; a lead's is the campaign id
 * or empty. Sources are the lead source ids (or a deal's legacy free text).
 */

export const LEAD_COUNTERS = ['created', 'converted', 'convertSeconds', 'convertedInMonth'] as const;
export type LeadCounter = (typeof LEAD_COUNTERS)[number] | `status.${string}`;

export const DEAL_COUNTERS = ['count', 'open', 'openAmount', 'won', 'wonAmount', 'lost', 'closeSeconds'] as const;
export type DealCounter = (typeof DEAL_COUNTERS)[number];

export const FUNNEL_COUNTERS = ['reached', 'then', 'won', 'stageSeconds', 'stageExits'] as const;
export type FunnelCounter = (typeof FUNNEL_COUNTERS)[number];

export type DealOrigin = 'lead' | 'other';

/** Attribute names the conversion cells hold: anything else on the item (keys, rev) is not a counter. */
export const CONVERSION_COUNTER_PATTERN = /^(lead|deal|funnel)\.[A-Za-z.-]+\|/;

const part = (text: string): string => encodeURIComponent(text);

export function leadCounterKey(counter: LeadCounter, source: string, campaignId: string | null): string {
  return `lead.${counter}|${part(source)}|${part(campaignId ?? '')}`;
}

/** A deal's campaign as a key part: a reference, legacy free text, or none. */
export function dealCampaignPart(campaignId: string | null, legacyCampaign: string | null): string {
  if (campaignId !== null) return `c:${campaignId}`;
  if (legacyCampaign !== null && legacyCampaign !== '') return `t:${legacyCampaign}`;
  return '';
}

export function dealCounterKey(counter: DealCounter, origin: DealOrigin, source: string | null, campaignPart: string): string {
  return `deal.${counter}|${origin}|${part(source ?? '')}|${part(campaignPart)}`;
}

export function funnelCounterKey(counter: FunnelCounter, stageId: string, laterStageId?: string): string {
  return laterStageId === undefined ? `funnel.${counter}|${part(stageId)}` : `funnel.${counter}|${part(stageId)}|${part(laterStageId)}`;
}

/** A counter name split back into its kind (`lead.created`, `deal.won`, ...) and decoded parts. */
export interface ParsedCounterKey {
  readonly kind: string;
  readonly parts: readonly string[];
}

export function parseCounterKey(key: string): ParsedCounterKey {
  const [kind = '', ...parts] = key.split('|');
  return { kind, parts: parts.map((p) => decodeURIComponent(p)) };
}
