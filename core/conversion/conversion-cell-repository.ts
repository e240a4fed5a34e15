import type { Counters } from '../shared/counters.js';

/** One owner's month of conversion counters, as read back: lead cells and deal cells are apart. */
export interface ConversionCell {
  readonly kind: 'leads' | 'deals';
  readonly month: string;
  readonly repId: string;
  readonly counters: Counters;
}

/** Which cells a read needs: the lead metrics only lead cells, opportunities and the funnel only deal cells. */
export type ConversionCellKinds = 'leads' | 'deals' | 'both';

/** What the conversion metrics read: the cells of whole months. */
export interface ConversionCellRepository {
  /**
   * The cells of every month given (one Query per month), of the kinds asked for, keeping
   * only those of reps `keep` accepts. A month with no cell gives none.
   */
  cellsOf(months: readonly string[], kinds: ConversionCellKinds, keep: (repId: string) => boolean): Promise<ConversionCell[]>;
}
