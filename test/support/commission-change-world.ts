/**
 * A small world for "why did my commission change": deals, levels, stage configuration
 * and targets written at given instants, kept two ways: as the stores keep them (each
 * deal's current item and field history, the levels timeline now with its audit entries,
 * the stage configuration versions) for commissionChangeOf, and as a plain list of the
 * whole world after every write, from which the commission record at any instant is
 * computed directly, with no history undone.
 */

import type { CommissionChangeInput } from '#core/commission/commission-change.js';
import type { Band } from '#core/commission/commission-levels.js';
import { commissionLevelsStateOf } from '#core/commission/commission-levels-state.js';
import {
  applyLevelsWrite,
  type CommissionLevelsEntry,
  levelsInForce,
  planLevelsWrite,
} from '#core/commission/commission-levels-timeline.js';
import { type CommissionSummary, commissionSummaryOf } from '#core/commission/commission-record.js';
import { familyAmountsOf } from '#core/linkage/linkage.js';
import { type FieldChange, fieldChangesOf } from '#core/opportunities/field-history.js';
import type { Opportunity, ProductLine } from '#core/opportunities/opportunity.js';
import { DEFAULT_STAGES, type Stage, type StageConfiguration } from '#core/organisation/stage.js';
import type { StageConfigurationVersion } from '#core/pipeline/pipeline-rebuild.js';
import { type AuditEntry, auditEntryOf, auditSubjects } from '#core/shared/audit-entry.js';
import { monthOfDate } from '#core/shared/period.js';

export interface DealFields {
  readonly name?: string;
  readonly ownerId: string;
  readonly stageId: string;
  readonly closeDate: string;
  readonly amount: number;
  readonly productLines?: readonly ProductLine[];
  readonly deleted?: boolean;
}

interface WorldState {
  readonly atMs: number;
  readonly deals: ReadonlyMap<string, Opportunity>;
  readonly levels: readonly CommissionLevelsEntry[];
  readonly stages: StageConfiguration;
}

const ADMIN = { repId: 'admin', role: 'admin' as const };

export class CommissionChangeWorld {
  private readonly current = new Map<string, Opportunity>();
  private readonly history: FieldChange[] = [];
  private levels: CommissionLevelsEntry[] = [];
  private readonly levelsAudit: AuditEntry[] = [];
  private readonly targetAudit: AuditEntry[] = [];
  private readonly stageVersions: StageConfigurationVersion[] = [];
  private stages: StageConfiguration = DEFAULT_STAGES;
  private readonly states: WorldState[] = [];

  /** Creates or changes a deal at `at`. */
  putDeal(at: string, id: string, fields: DealFields): this {
    const before = this.current.get(id);
    const productLines = [...(fields.productLines ?? [])];
    const after = {
      id,
      name: fields.name ?? `Deal ${id}`,
      account: 'Acme',
      ownerId: fields.ownerId,
      stageId: fields.stageId,
      stageOutcome: 'open',
      closeDate: fields.closeDate,
      amount: fields.amount,
      probability: null,
      productLines,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
      version: (before?.version ?? 0) + 1,
      deleted: fields.deleted ?? false,
    } as unknown as Opportunity;
    this.history.push(...fieldChangesOf(before, after, at));
    this.current.set(id, after);
    return this.record(at);
  }

  /** Changes some fields of an existing deal at `at`. */
  changeDeal(at: string, id: string, change: Partial<DealFields>): this {
    const before = this.current.get(id);
    if (!before) throw new Error(`no deal ${id}`);
    return this.putDeal(at, id, { ...before, ...change });
  }

  setLevels(
    at: string,
    input: { productFamily?: string | null; fromMonth: string; toMonth?: string | null; bands: readonly Band[] },
  ): this {
    const productFamily = input.productFamily ?? null;
    const plan = planLevelsWrite(this.levels, {
      productFamily,
      fromMonth: input.fromMonth,
      toMonth: input.toMonth ?? null,
      bands: [...input.bands],
    });
    const written = applyLevelsWrite(this.levels, plan);
    const before = commissionLevelsStateOf(this.levels, productFamily);
    const after = commissionLevelsStateOf(written, productFamily);
    this.levelsAudit.push(auditEntryOf({ actor: ADMIN, at: new Date(at), subject: auditSubjects.commissionLevels('dave'), before, after }));
    this.levels = written;
    return this.record(at);
  }

  setStages(at: string, stages: readonly Stage[]): this {
    this.stages = { stages: [...stages] };
    this.stageVersions.push({ version: this.stageVersions.length + 1, updatedAt: at, stages: [...stages] });
    return this.record(at);
  }

  setTarget(at: string, repId: string, month: string, before: number | null, after: number): this {
    this.targetAudit.push(
      auditEntryOf({
        actor: ADMIN,
        at: new Date(at),
        subject: auditSubjects.target({ ownerType: 'rep', ownerId: repId }),
        before: before === null ? null : { productFamily: null, amounts: { [month]: before } },
        after: { productFamily: null, amounts: { [month]: after } },
      }),
    );
    return this;
  }

  private record(at: string): this {
    this.states.push({ atMs: Date.parse(at), deals: new Map(this.current), levels: [...this.levels], stages: this.stages });
    return this;
  }

  /** What commissionChangeOf reads, as the stores would give it. */
  input(repId: string, month: string, from: string, to: string): CommissionChangeInput {
    return {
      repId,
      month,
      from,
      to,
      deals: [...this.current.values()].map((current) => ({
        current,
        history: this.history.filter((c) => c.opportunityId === current.id),
      })),
      levelsNow: this.levels,
      levelsAudit: this.levelsAudit,
      stageVersions: this.stageVersions,
      targetAudit: this.targetAudit,
    };
  }

  /** The commission record's three figures at `at`, straight from the world as it was then. */
  summaryAt(repId: string, month: string, at: string): CommissionSummary {
    const atMs = Date.parse(at);
    const state = this.states.filter((candidate) => candidate.atMs <= atMs).at(-1);
    if (!state) return { earned: 0, pipelineCommission: 0, totalPotential: 0 };
    const totals: Record<string, number> = {};
    for (const deal of state.deals.values()) {
      if (deal.deleted || deal.ownerId !== repId || monthOfDate(deal.closeDate) !== month) continue;
      for (const [family, amount] of Object.entries(familyAmountsOf(deal))) {
        const key = `amount|${deal.stageId}|${family}`;
        totals[key] = (totals[key] ?? 0) + amount;
      }
    }
    return commissionSummaryOf(totals, state.stages, levelsInForce(state.levels, month));
  }
}
