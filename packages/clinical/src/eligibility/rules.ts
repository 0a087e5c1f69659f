import { ageOn, MINIMUM_AGE } from "../age";
import type { Effect, ScreeningConfig, ScreeningFlag, ScreeningInput } from "./types";

export interface ScreeningRule {
  id: string;
  title: string;
  source: string;
  evaluate(input: ScreeningInput, config: ScreeningConfig, today: string): Omit<ScreeningFlag, "ruleId" | "source">[];
}

type Check = readonly [value: boolean | null, label: string];

/** One flag for the first true condition, or a follow-up flag when any answer is missing. */
function whenAny(effect: Effect, checks: readonly Check[]): Omit<ScreeningFlag, "ruleId" | "source">[] {
  const hits = checks.filter(([v]) => v === true).map(([, l]) => l);
  if (hits.length) return [{ effect, finding: hits.join("; ") }];
  const missing = checks.filter(([v]) => v === null).map(([, l]) => l);
  if (missing.length) return [{ effect: "deferred", finding: `Not answered: ${missing.join("; ")}`, unanswered: true }];
  return [];
}

/** Inside the window: true/false, or null ("not answered") when the patient was unsure. */
const within = (months: number | "unknown" | null, window: number): boolean | null =>
  months === "unknown" ? null : months !== null && months >= 0 && months < window;

/**
 * An event the patient is unsure of (whether or when) keeps the rule's cautious effect, since a
 * recent event cannot be ruled out, but reads as unconfirmed rather than as a reported recent event.
 */
function unknownTiming(flags: Omit<ScreeningFlag, "ruleId" | "source">[], months: number | "unknown" | null, effect: Effect, finding: string) {
  if (months !== "unknown" || flags.some((f) => !f.unanswered)) return flags;
  return [{ effect, finding: [finding, ...flags.map((f) => f.finding)].join("; "), unanswered: true }];
}

/** DOMAIN.md §3 rule table. E20 (prescriber licence/DEA in the patient's state) is checked at signing, not here. */
export const SCREENING_RULES: readonly ScreeningRule[] = [
  {
    id: "E01",
    title: "Hypersensitivity to ketamine or esketamine",
    source: "Spravato contraindication [V]; Hull 2022 exclusion [S]",
    evaluate: (i) => whenAny("not_eligible", [[i.ketamineHypersensitivity, "Hypersensitivity to ketamine/esketamine"]]),
  },
  {
    id: "E02",
    title: "Aneurysmal vascular disease, AV malformation, intracerebral hemorrhage",
    source: "Spravato contraindications [V]",
    evaluate: (i) =>
      whenAny("not_eligible", [
        [i.aneurysmalVascularDisease, "Aneurysmal vascular disease"],
        [i.arteriovenousMalformation, "Arteriovenous malformation"],
        [i.intracerebralHemorrhageHistory, "History of intracerebral hemorrhage"],
      ]),
  },
  {
    id: "E03",
    title: "Psychosis or mania",
    source: "Hull 2022 exclusion [S]; Spravato: weigh risk in psychosis [V]",
    evaluate: (i, c) =>
      whenAny(c.psychosisEffect, [
        [i.psychosisHistory, "Current or past psychosis"],
        [i.maniaHistory, "History of mania"],
      ]),
  },
  {
    id: "E04",
    title: "Substance use disorder or dissociative misuse",
    source: "Hull 2022 exclusion [S]; Spravato: monitor abuse [V]",
    evaluate: (i, c) => {
      const checks: Check[] = [
        [i.activeSubstanceUseDisorder, "Active substance use disorder (including alcohol)"],
        [i.dissociativeMisuseEver, "Ketamine or dissociative misuse"],
        [i.opioidUseDisorderHistory, "History of opioid use disorder"],
      ];
      const flags = whenAny("in_office_only", checks);
      // Remote history in sustained remission: at home only with an override (DOMAIN.md §3 E04).
      const remote =
        i.activeSubstanceUseDisorder === false &&
        i.dissociativeMisuseEver === false &&
        i.opioidUseDisorderHistory === true &&
        (i.substanceRemissionMonths ?? 0) >= c.substanceRemissionMonthsForOverride;
      if (remote) return [{ effect: "override_required", finding: `History of opioid use disorder, in remission ${i.substanceRemissionMonths} months` }];
      return flags;
    },
  },
  {
    id: "E05",
    title: "Pregnancy, planned pregnancy or breastfeeding",
    source: "Spravato: not recommended [S]; Hull 2022 exclusion [S]",
    evaluate: (i, c) =>
      whenAny(c.pregnancyEffect, [
        [i.pregnant, "Pregnant"],
        [i.planningPregnancy, "Planning pregnancy"],
        [i.breastfeeding, "Breastfeeding"],
      ]),
  },
  {
    id: "E06",
    title: "Blood pressure above limit or uncontrolled hypertension",
    source: "Spravato general guide >140/>90 [S/V]",
    evaluate: (i, c) => {
      if (i.knownUncontrolledHypertension === true) return [{ effect: "deferred", finding: "Known uncontrolled hypertension: recheck once controlled, then override" }];
      const { systolic, diastolic } = c.bloodPressureLimit;
      const high = i.bloodPressureReadings.filter((r) => r.systolic > systolic || r.diastolic > diastolic);
      // "On repeat reading": one high reading alone asks for a recheck.
      if (high.length >= 2) {
        const last = high.at(-1)!;
        return [{ effect: "deferred", finding: `BP above ${systolic}/${diastolic} on repeat readings (last ${last.systolic}/${last.diastolic})` }];
      }
      if (high.length === 1) return [{ effect: "warning", finding: `One reading above ${systolic}/${diastolic}: repeat before deciding` }];
      if (i.knownUncontrolledHypertension === null) return [{ effect: "deferred", finding: "Not answered: uncontrolled hypertension", unanswered: true }];
      return [];
    },
  },
  {
    id: "E07",
    title: "Unstable or recent cardiovascular disease",
    source: "Hull 2022 exclusion [S]; Spravato cardio/cerebrovascular caution [V]; window [U]",
    evaluate: (i, c) =>
      unknownTiming(
        whenAny(c.recentCardiovascularEffect, [
          [i.unstableCardiovascularDisease, "Unstable cardiovascular disease"],
          [
            within(i.monthsSinceCardiovascularEvent, c.cardiovascularWindowMonths) ?? false,
            `MI, stroke, decompensated heart failure or significant arrhythmia within ${c.cardiovascularWindowMonths} months`,
          ],
        ]),
        i.monthsSinceCardiovascularEvent,
        c.recentCardiovascularEffect,
        `MI, stroke, heart failure or arrhythmia: patient unsure whether or when; treated as within ${c.cardiovascularWindowMonths} months until confirmed`,
      ),
  },
  {
    id: "E08",
    title: "Raised intracranial pressure",
    source: "Spravato: avoid where BP/ICP rise is a serious risk [S]",
    evaluate: (i) => whenAny("not_eligible", [[i.raisedIntracranialPressure, "Raised intracranial pressure"]]),
  },
  {
    id: "E09",
    title: "Raised intraocular pressure or angle-closure glaucoma",
    source: "commonly cited [U]",
    evaluate: (i) => whenAny("override_required", [[i.raisedIntraocularPressureOrAngleClosure, "Raised intraocular pressure / angle-closure glaucoma"]]),
  },
  {
    id: "E10",
    title: "Hepatic impairment",
    source: "Spravato: severe not recommended [S]",
    evaluate: (i) => {
      if (i.hepaticImpairment === null) return [{ effect: "deferred", finding: "Not answered: hepatic impairment", unanswered: true }];
      if (i.hepaticImpairment === "severe") return [{ effect: "in_office_only", finding: "Severe hepatic impairment" }];
      if (i.hepaticImpairment === "moderate") return [{ effect: "warning", finding: "Moderate hepatic impairment" }];
      return [];
    },
  },
  {
    id: "E11",
    title: "Recent suicide attempt or active intent or plan",
    source: "Hull 2022 exclusion [S]; window clinic-configurable",
    evaluate: (i, c) =>
      unknownTiming(
        whenAny("in_office_only", [
          [i.activeSuicidalIntentOrPlan, "Active suicidal intent or plan"],
          [within(i.monthsSinceSuicideAttempt, c.suicideAttemptWindowMonths) ?? false, `Suicide attempt within ${c.suicideAttemptWindowMonths} months`],
        ]),
        i.monthsSinceSuicideAttempt,
        "in_office_only",
        `Suicide attempt: patient unsure whether or when; treated as within ${c.suicideAttemptWindowMonths} months until confirmed`,
      ),
  },
  {
    id: "E12",
    title: "Interstitial cystitis or lower urinary tract symptoms",
    source: "Spravato; FDA 2023 [S]",
    evaluate: (i) => whenAny("warning", [[i.lowerUrinaryTractSymptoms, "Interstitial cystitis or significant lower urinary tract symptoms"]]),
  },
  {
    id: "E13",
    title: "CNS depressants, opioids, heavy alcohol use",
    source: "Spravato: added sedation [V]",
    evaluate: (i) => {
      const opioid = whenAny("override_required", [[i.takesOpioids, "Takes opioids"]]);
      const others = whenAny("warning", [
        [i.takesBenzodiazepines, "Takes benzodiazepines"],
        [i.takesOtherCnsDepressants, "Takes other CNS depressants"],
        [i.heavyAlcoholUse, "Heavy alcohol use"],
      ]);
      return [...opioid, ...others];
    },
  },
  {
    id: "E14",
    title: "MAOIs or psychostimulants",
    source: "Spravato: BP increase [S]",
    evaluate: (i) =>
      whenAny("warning", [
        [i.takesMaoi, "Takes an MAOI"],
        [i.takesPsychostimulants, "Takes a psychostimulant"],
      ]),
  },
  {
    id: "E15",
    title: "No adult support person for every session",
    source: "Hull 2022 peer monitor [S]; Spravato >= 2 h monitoring analogy [V]",
    evaluate: (i) => whenAny("in_office_only", [[negate(i.adultSupportPersonForEverySession), "No adult support person for every session and post-dose window"]]),
  },
  {
    id: "E16",
    title: "Unsafe home setting or cannot avoid driving until next day",
    source: "Spravato driving guidance [V]",
    evaluate: (i) => whenAny("in_office_only", [[negate(i.safeHomeAndNoDrivingUntilNextDay), "Home setting unsafe, or cannot avoid driving/machinery until the next day"]]),
  },
  {
    id: "E17",
    title: "No working home blood-pressure cuff",
    source: "Spravato pre-dose BP [V]",
    evaluate: (i) => whenAny("in_office_only", [[negate(i.hasWorkingHomeBpCuff), "No working home BP cuff"]]),
  },
  {
    id: "E18",
    title: "Cannot commit to follow-ups and check-ins",
    source: "[U]",
    evaluate: (i) => whenAny("in_office_only", [[negate(i.canCommitToFollowUps), "Cannot commit to follow-ups and check-ins"]]),
  },
  {
    id: "E19",
    title: "Under 18",
    source: "Spravato adults only [V]",
    evaluate: (i, _c, today) => (ageOn(i.dateOfBirth, today) < MINIMUM_AGE ? [{ effect: "not_eligible", finding: `Age ${ageOn(i.dateOfBirth, today)}` }] : []),
  },
  {
    id: "E21",
    title: "Baseline PHQ-9 and GAD-7 both below 10",
    source: "Hull 2022 inclusion [S]",
    evaluate: (i) => {
      if (i.baselinePhq9 === null || i.baselineGad7 === null) return [{ effect: "deferred", finding: "Baseline PHQ-9 and GAD-7 not both recorded", unanswered: true }];
      return i.baselinePhq9 < 10 && i.baselineGad7 < 10
        ? [{ effect: "warning", finding: `Baseline PHQ-9 ${i.baselinePhq9} and GAD-7 ${i.baselineGad7}, both below 10` }]
        : [];
    },
  },
  {
    id: "E22",
    title: "Prior severe reaction to ketamine",
    source: "[U]",
    evaluate: (i) => whenAny("override_required", [[i.priorSevereKetamineReaction, "Prior severe reaction to ketamine"]]),
  },
];

function negate(v: boolean | null): boolean | null {
  return v === null ? null : !v;
}
