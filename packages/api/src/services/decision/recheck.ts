import { DEFAULT_SCREENING_CONFIG, calendarDateIn, compareWithDecision, proposeEligibility } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { TEligibilityRecheck } from "@clearwell/validators/output/decision-recheck";
import { and, desc, eq, isNotNull } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { type DecisionRow, clinicSettings, currentDecisionRow, screeningInputOf, statusOf } from "./evidence";
import { evaluationFindings } from "./findings";

/**
 * E17 as attested at the decision (DOMAIN.md §3 "attested at eligibility"): the evaluation note does
 * not carry the decision's attestation, so it is read back from the rules the decision recorded:
 * no E17 there means a cuff was confirmed; an E17 in-office found at the evaluation means none.
 */
function cuffAtDecision(row: DecisionRow | null): boolean | undefined {
  if (!row) return undefined;
  const e17 = row.rules.filter((r) => r.ruleId === "E17");
  if (!e17.length) return true;
  return e17.some((r) => r.effect === "in_office_only" && r.origin === "evaluation") ? false : undefined;
}

/** DOMAIN.md §3 E06 "deferred -> OV once controlled": a decision deferred on BP, or one that kept E06 as OV after a deferral. */
const deferredForBloodPressure = (row: DecisionRow | null) =>
  !!row && row.rules.some((r) => r.ruleId === "E06" && (r.effect === "deferred" ? row.outcome === "deferred" : r.effect === "override_required" && r.origin === "evaluation"));

/**
 * The §3 rules re-run now for a follow-up (DOMAIN.md §8 "A" continued eligibility), beside the
 * patient's current decision: the LATEST submitted intake plus the LATEST signed evaluation note's
 * findings, compared with the rules the decision recorded (packages/clinical `compareWithDecision`).
 * Reads only, bounded by clinic and patient; the caller checks access and audits. Used by
 * `decision.recheck` and copied into the follow-up note at signing (sign-note.ts).
 */
export async function eligibilityRecheck(tx: DbOrTx, clinicId: string, patientId: string, now: Date): Promise<TEligibilityRecheck> {
  const i = schema.intake;
  const n = schema.clinicalNote;
  const [row, [intake], [evaluation], settings] = await Promise.all([
    currentDecisionRow(tx, clinicId, patientId),
    tx
      .select()
      .from(i)
      .where(and(eq(i.clinicId, clinicId), eq(i.patientId, patientId), isNotNull(i.submittedAt)))
      .orderBy(desc(i.version))
      .limit(1),
    tx
      .select({ id: n.id, findings: n.findings })
      .from(n)
      .where(and(eq(n.clinicId, clinicId), eq(n.patientId, patientId), eq(n.kind, "evaluation"), eq(n.status, "signed")))
      .orderBy(desc(n.signedAt))
      .limit(1),
    clinicSettings(tx, clinicId),
  ]);
  const status = row ? await statusOf(tx, row, now) : null;
  const decision =
    row && status
      ? {
          id: row.id,
          outcome: row.outcome,
          decidedAt: row.decidedAt.toISOString(),
          expiresAt: row.expiresAt.toISOString(),
          evidenceSha256: row.evidenceSha256,
          overriddenRuleIds: row.overrides.map((o) => o.ruleId),
          status: status.status,
          statusReasons: status.status === "invalidated" ? status.reasons.map((r) => ({ ruleId: r.ruleId, message: r.message })) : [],
          statusReason: status.status === "pending" ? status.reason : null,
        }
      : null;
  const base = { checkedAt: now.toISOString(), decision };
  if (!intake) return { ...base, rerun: null, unavailable: "The patient has not submitted an intake yet.", comparison: null };
  if (!evaluation) return { ...base, rerun: null, unavailable: "There is no signed evaluation note yet: the rules need its findings.", comparison: null };

  let input: Awaited<ReturnType<typeof screeningInputOf>>;
  try {
    input = await screeningInputOf(tx, intake);
  } catch (error) {
    // An intake whose stored answers no longer read is said in words, not a failed page or signature.
    if (error instanceof DomainError) return { ...base, rerun: null, unavailable: error.message, comparison: null };
    throw error;
  }
  const mapped = evaluationFindings(evaluation.findings, input, {
    attestations: { homeBpCuffConfirmed: cuffAtDecision(row) },
    // E20 blocks prescription signing, not eligibility: the re-run does not need it.
    prescriberLicensedInPatientState: null,
    previouslyDeferredForBloodPressure: deferredForBloodPressure(row),
  });
  const proposal = proposeEligibility({ intake: mapped.intake, findings: mapped.findings, decisionDate: calendarDateIn(settings.timezone, now), config: DEFAULT_SCREENING_CONFIG });
  const comparison = row ? compareWithDecision({ outcome: row.outcome, rules: row.rules, overriddenRuleIds: row.overrides.map((o) => o.ruleId) }, proposal) : null;
  return {
    ...base,
    rerun: {
      outcome: proposal.outcome,
      atHomeByOverride: proposal.atHomeByOverride,
      crisisPathway: proposal.crisisPathway,
      intakeVersion: intake.version,
      evaluationNoteId: evaluation.id,
      rules: proposal.rules.map((r) => ({ ruleId: r.ruleId, title: r.title, effect: r.effect, finding: r.finding })),
    },
    unavailable: null,
    comparison,
  };
}

/** decision.recheck: the re-run beside the current decision, for the patient's clinicians (DOMAIN.md §1 "A"), audited as a read. */
export async function recheckDecision(db: Database, actor: Actor, clinicId: string, patientId: string, now = new Date()) {
  return db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, patientId, "decision.recheck");
    const result = await eligibilityRecheck(tx, clinicId, patientId, now);
    await recordAudit(tx, actor, {
      action: "decision.read",
      resourceType: result.decision ? "eligibility_decision" : "patient",
      resourceId: result.decision?.id ?? patientId,
      patientId,
      detail: { recheck: true },
    });
    return result;
  });
}
