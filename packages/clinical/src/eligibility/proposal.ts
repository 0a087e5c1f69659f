import type { BloodPressureReading, EligibilityOutcome } from "./outcome";
import { SCREENING_RULES, type ScreeningRule } from "./rules";
import { screenForAtHomeKetamine } from "./screen";
import { DEFAULT_SCREENING_CONFIG, EFFECT_ORDER, type Effect, type ScreeningConfig, type ScreeningFlag, type ScreeningInput } from "./types";

/** A clinician's reading of an intake screening flag at the evaluation (issue 11 §1). */
export type FlagResolution = "confirm" | "refute" | "needs_follow_up";

/**
 * One resolution per rule id: the flags a rule raised are resolved together (the chart lists one
 * row per rule with its findings).
 */
export interface FlagResolutionEntry {
  ruleId: string;
  resolution: FlagResolution;
}

/** What the evaluating clinician found at the visit. `null` = not recorded. */
export interface EvaluationFindings {
  /** Blood pressure at the evaluation, in the order taken. E06 needs two. */
  bloodPressureReadings: readonly BloodPressureReading[];
  flagResolutions: readonly FlagResolutionEntry[];
  /** Pregnancy found or reported at the evaluation (E05); `true` fires E05 whatever intake said. */
  pregnant: boolean | null;
  /** E15: an adult support person for every session confirmed at the evaluation. */
  supportPersonConfirmed: boolean | null;
  /** E17: a working home BP cuff confirmed at the evaluation. */
  homeBpCuffConfirmed: boolean | null;
  /** PHQ-9 / GAD-7 totals given during the visit: the newest pre-dose scores are the baseline (DOMAIN.md §6, E21). */
  phq9: number | null;
  gad7: number | null;
  /** E20: the prescriber holds licence + DEA registration in the patient's attested state. */
  prescriberLicensedInPatientState: boolean | null;
  /** The decision being revisited was deferred on E06: once controlled, E06 becomes OV (DOMAIN.md §3 "deferred -> OV once controlled"). */
  previouslyDeferredForBloodPressure: boolean;
}

export interface EligibilityProposalInput {
  /** `screeningInputFromIntake(...)` of the LATEST submitted intake. */
  intake: ScreeningInput;
  findings: EvaluationFindings;
  /** The decision's calendar date (YYYY-MM-DD, clinic time zone): E19 age is taken on it. */
  decisionDate: string;
  config?: ScreeningConfig;
}

export type RuleOrigin = "intake" | "evaluation";

export interface FiredRule {
  ruleId: string;
  title: string;
  effect: Effect;
  /** The rule's citation (DOMAIN.md §3 "Source"). */
  source: string;
  /** Where the evidence came from. */
  origin: RuleOrigin;
  /** Clinician-facing finding from the rule. */
  finding: string;
  /** Plain-language sentence: what was found, where, and what it means for treatment. */
  reason: string;
  /** The clinician's resolution of an intake flag; null when not resolved (or not an intake flag). */
  resolution: FlagResolution | null;
  /** An unanswered intake question raised this flag. */
  unanswered: boolean;
}

export interface ClearedFlag {
  ruleId: string;
  finding: string;
  /** `refuted` by the clinician, or superseded by what the evaluation `confirmed` (E15, E17). */
  by: "refuted" | "evaluation";
}

export interface SigningBlock {
  ruleId: "E20";
  reason: string;
}

export interface EligibilityProposal {
  outcome: EligibilityOutcome;
  decisionDate: string;
  /** Every rule that fired, most restrictive first. */
  rules: FiredRule[];
  /** Intake flags that no longer fire, kept for the record. */
  cleared: ClearedFlag[];
  /** OV rule ids: at-home treatment needs each one overridden by a prescriber. */
  overridable: string[];
  /** True when only OV rules stand between this proposal and `eligible_at_home`. */
  atHomeByOverride: boolean;
  /** W rule ids the decision must acknowledge. */
  warnings: string[];
  /** E20 is a hard block at prescription signing, not an eligibility outcome (DOMAIN.md §3, §4.4). */
  signingBlocks: SigningBlock[];
  /** E11 still fires (not refuted): the crisis pathway applies. */
  crisisPathway: boolean;
}

/** Rules decided here from evaluation data or demographics, never by resolving an intake answer. */
const NOT_RESOLVABLE = new Set(["E06", "E19", "E21"]);

const E20_TITLE = "Prescriber lacks licence/DEA registration in the patient's state";

const EFFECT_MEANING: Record<Effect, string> = {
  not_eligible: "ketamine treatment cannot be offered",
  in_office_only: "treatment only in the office, under supervision",
  override_required: "at-home treatment only if a prescriber overrides it with a written justification",
  deferred: "the decision waits until this is resolved",
  warning: "a warning to acknowledge in the note",
};

type RawFlag = Omit<ScreeningFlag, "source"> & { origin: RuleOrigin; resolution: FlagResolution | null };

/**
 * Proposes an eligibility outcome from the latest submitted intake plus the evaluation's findings
 * (DOMAIN.md §3). Precedence: any NE -> `not_eligible`; else any IO -> `in_office_only`; else any
 * deferred (E06 blood pressure, an unresolved question) -> `deferred`; else any OV ->
 * `in_office_only` with at-home reachable by prescriber override; else `eligible_at_home`. W rules
 * are warnings to acknowledge. The clinician decides; `validateDecision` checks that choice.
 */
export function proposeEligibility(input: EligibilityProposalInput): EligibilityProposal {
  const config = input.config ?? DEFAULT_SCREENING_CONFIG;
  const f = input.findings;
  const resolutions = new Map(f.flagResolutions.map((r) => [r.ruleId, r.resolution]));
  // Scores given at the visit are newer than intake's, so they are the baseline for E21.
  const intake: ScreeningInput = {
    ...input.intake,
    bloodPressureReadings: [],
    baselinePhq9: f.phq9 ?? input.intake.baselinePhq9,
    baselineGad7: f.gad7 ?? input.intake.baselineGad7,
  };
  const screening = screenForAtHomeKetamine(intake, input.decisionDate, config);

  const flags: RawFlag[] = [];
  const cleared: ClearedFlag[] = [];
  const byRule = groupBy(
    screening.flags.filter((fl) => fl.ruleId !== "E06"),
    (fl) => fl.ruleId,
  );
  for (const [ruleId, ruleFlags] of byRule) {
    const resolution = NOT_RESOLVABLE.has(ruleId) ? null : (resolutions.get(ruleId) ?? null);
    if (resolution === "refute") {
      cleared.push(...ruleFlags.map((fl) => ({ ruleId, finding: fl.finding, by: "refuted" as const })));
      continue;
    }
    const resolved = resolution === "confirm" ? confirmUnanswered(ruleId, ruleFlags, intake, config, input.decisionDate) : ruleFlags;
    flags.push(...resolved.map((fl) => ({ ruleId, effect: fl.effect, finding: fl.finding, unanswered: fl.unanswered ?? false, origin: "intake" as const, resolution })));
  }

  flags.push(...bloodPressureFlags(f, intake.knownUncontrolledHypertension, resolutions.get("E06") ?? null, config));
  overlayConfirmation(flags, cleared, "E15", f.supportPersonConfirmed, "No adult support person for every session and post-dose window", "Support person not yet confirmed at the evaluation");
  overlayConfirmation(flags, cleared, "E17", f.homeBpCuffConfirmed, "No working home BP cuff", "Working home BP cuff not yet confirmed at the evaluation");
  if (f.pregnant === true) {
    flags.push({ ruleId: "E05", effect: config.pregnancyEffect, finding: "Pregnant", unanswered: false, origin: "evaluation", resolution: null });
  }

  const rules = flags.map(toFiredRule).sort((a, b) => EFFECT_ORDER.indexOf(a.effect) - EFFECT_ORDER.indexOf(b.effect) || a.ruleId.localeCompare(b.ruleId));
  const has = (e: Effect) => rules.some((r) => r.effect === e);
  const outcome: EligibilityOutcome = has("not_eligible")
    ? "not_eligible"
    : has("in_office_only")
      ? "in_office_only"
      : has("deferred")
        ? "deferred"
        : has("override_required")
          ? "in_office_only"
          : "eligible_at_home";
  const idsWith = (e: Effect) => [...new Set(rules.filter((r) => r.effect === e).map((r) => r.ruleId))];

  return {
    outcome,
    decisionDate: input.decisionDate,
    rules,
    cleared,
    overridable: idsWith("override_required"),
    atHomeByOverride: has("override_required") && !has("not_eligible") && !has("in_office_only") && !has("deferred"),
    warnings: idsWith("warning"),
    signingBlocks: signingBlocks(f.prescriberLicensedInPatientState),
    crisisPathway: rules.some((r) => r.ruleId === "E11" && r.effect !== "deferred"),
  };
}

/**
 * E06 at the evaluation (DOMAIN.md §3: ">140/90 on repeat reading, or known uncontrolled
 * hypertension": deferred -> OV once controlled). The limit itself is within range (140/90 passes).
 */
function bloodPressureFlags(f: EvaluationFindings, reportedHypertension: boolean | null, resolution: FlagResolution | null, config: ScreeningConfig): RawFlag[] {
  const { systolic, diastolic } = config.bloodPressureLimit;
  const limit = `${systolic}/${diastolic}`;
  const above = (r: BloodPressureReading) => r.systolic > systolic || r.diastolic > diastolic;
  const show = (r: BloodPressureReading) => `${r.systolic}/${r.diastolic}`;
  const flag = (effect: Effect, finding: string, origin: RuleOrigin = "evaluation", unanswered = false): RawFlag[] => [
    { ruleId: "E06", effect, finding, unanswered, origin, resolution: origin === "intake" ? resolution : null },
  ];
  // The clinician's resolution of intake's "known uncontrolled hypertension" answer.
  const hypertension = resolution === "refute" ? false : resolution === "confirm" ? true : reportedHypertension;

  const readings = f.bloodPressureReadings;
  if (readings.length < 2) return flag("deferred", `${readings.length} blood pressure reading(s) at the evaluation; two are needed`);
  const prev = readings.at(-2)!;
  const last = readings.at(-1)!;
  if (above(prev) && above(last)) return flag("deferred", `BP above ${limit} on repeat readings (${show(prev)}, then ${show(last)}): recheck`);
  if (above(last)) return flag("deferred", `Last BP reading ${show(last)} above ${limit}: repeat after rest`);
  if (hypertension === null) return flag("deferred", "Not answered: uncontrolled hypertension", "intake", true);
  if (hypertension) return flag("override_required", `Uncontrolled hypertension reported; within ${limit} on repeat today (${show(last)})`, "intake");
  if (f.previouslyDeferredForBloodPressure) return flag("override_required", `Deferred earlier for blood pressure; within ${limit} on recheck (${show(last)})`);
  const high = readings.filter(above);
  if (high.length) return flag("warning", `Reading ${show(high.at(-1)!)} above ${limit}; within the limit on repeat (${show(last)})`);
  return [];
}

/**
 * E15/E17 are at-home requirements attested at eligibility (DOMAIN.md §3): what the evaluation
 * confirms replaces the intake answer; not yet confirmed keeps the decision waiting.
 */
function overlayConfirmation(flags: RawFlag[], cleared: ClearedFlag[], ruleId: string, confirmed: boolean | null, absent: string, pending: string) {
  if (confirmed === null) {
    if (!flags.some((fl) => fl.ruleId === ruleId)) flags.push({ ruleId, effect: "deferred", finding: pending, unanswered: false, origin: "evaluation", resolution: null });
    return;
  }
  for (let i = flags.length - 1; i >= 0; i--) {
    if (flags[i]!.ruleId !== ruleId) continue;
    if (confirmed) cleared.push({ ruleId, finding: flags[i]!.finding, by: "evaluation" });
    flags.splice(i, 1);
  }
  if (!confirmed) flags.push({ ruleId, effect: "in_office_only", finding: absent, unanswered: false, origin: "evaluation", resolution: null });
}

/**
 * "Confirm" on a flag raised by an unanswered question means the condition is present: re-run the
 * rule with the unknown answers filled in the cautious direction and keep its real effect.
 */
function confirmUnanswered(ruleId: string, ruleFlags: ScreeningFlag[], input: ScreeningInput, config: ScreeningConfig, today: string): ScreeningFlag[] {
  if (!ruleFlags.some((fl) => fl.unanswered)) return ruleFlags;
  const rule = SCREENING_RULES.find((r) => r.id === ruleId);
  if (!rule) return ruleFlags;
  const answered = ruleFlags.filter((fl) => !fl.unanswered);
  const worst = worstCase(rule, input, config, today);
  if (!worst.length) return ruleFlags;
  const known = new Set(answered.map((fl) => `${fl.effect}|${fl.finding}`));
  return [...answered, ...worst.filter((fl) => !known.has(`${fl.effect}|${fl.finding}`)).map((fl) => ({ ...fl, ruleId, source: rule.source }))];
}

// Nullable fields whose null is not "unsure" (or that no resolvable rule reads).
const NOT_A_YES_NO = new Set<keyof ScreeningInput>(["substanceRemissionMonths", "monthsSinceCardiovascularEvent", "monthsSinceSuicideAttempt", "hepaticImpairment", "baselinePhq9", "baselineGad7"]);

function worstCase(rule: ScreeningRule, input: ScreeningInput, config: ScreeningConfig, today: string) {
  const fill = (yes: boolean): ScreeningInput => {
    const out: Record<string, unknown> = { ...input };
    for (const [k, v] of Object.entries(input)) if (v === null && !NOT_A_YES_NO.has(k as keyof ScreeningInput)) out[k] = yes;
    if (input.monthsSinceCardiovascularEvent === "unknown") out.monthsSinceCardiovascularEvent = 0;
    if (input.monthsSinceSuicideAttempt === "unknown") out.monthsSinceSuicideAttempt = 0;
    if (input.hepaticImpairment === null) out.hepaticImpairment = "severe";
    return out as unknown as ScreeningInput;
  };
  const rank = (fls: { effect: Effect }[]) => Math.min(...fls.map((fl) => EFFECT_ORDER.indexOf(fl.effect)), EFFECT_ORDER.length);
  const [a, b] = [true, false].map((yes) => rule.evaluate(fill(yes), config, today).filter((fl) => !fl.unanswered));
  return rank(a!) <= rank(b!) ? a! : b!;
}

function signingBlocks(licensed: boolean | null): SigningBlock[] {
  if (licensed === true) return [];
  return [
    {
      ruleId: "E20",
      reason:
        licensed === false
          ? "The prescriber is not licensed or DEA-registered in the state the patient is in: a prescription cannot be signed."
          : "The prescriber's licence and DEA registration in the patient's state are not yet confirmed: a prescription cannot be signed until they are.",
    },
  ];
}

function toFiredRule(fl: RawFlag): FiredRule {
  const rule = SCREENING_RULES.find((r) => r.id === fl.ruleId);
  const where =
    fl.origin === "evaluation"
      ? "found at the evaluation"
      : fl.resolution === "confirm"
        ? "reported at intake, confirmed at the evaluation"
        : fl.resolution === "needs_follow_up"
          ? "reported at intake, needs follow-up"
          : fl.unanswered
            ? "not answered at intake"
            : "reported at intake";
  return {
    ruleId: fl.ruleId,
    title: rule?.title ?? (fl.ruleId === "E20" ? E20_TITLE : fl.ruleId),
    effect: fl.effect,
    source: rule?.source ?? "DOMAIN.md §3",
    origin: fl.origin,
    finding: fl.finding,
    reason: `${fl.finding} (${where}): ${EFFECT_MEANING[fl.effect]}.`,
    resolution: fl.resolution,
    unanswered: fl.unanswered ?? false,
  };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
