import { FREQUENCY_OPTIONS, FUNCTIONAL_ITEM, FUNCTIONAL_OPTIONS } from "@clearwell/clinical";
import { INTAKE_STEPS, type IntakeStep } from "@clearwell/validators/intake-steps";
import { timeZoneLabel } from "@clearwell/validators/time-zone-list";
import { US_STATES } from "@clearwell/validators/us-states";

import { formatCalendarDate } from "~/lib/format";
import { GAD7_ITEMS, PHQ9_ITEMS } from "~/lib/questionnaires";

import {
  CONTACT_QUESTIONS,
  HEPATIC_OPTIONS,
  HEPATIC_QUESTION,
  HISTORY_FOLLOW_UPS,
  HISTORY_QUESTIONS,
  HOME_QUESTIONS,
  MED_QUESTIONS,
  MEDICATIONS_QUESTION,
  SEX_OPTIONS,
  SEX_QUESTION,
} from "./questions";
import { needsRemission, str } from "./step-data";
import type { Answers, Current, StepData } from "./wizard-types";

/** One answer as the patient gave it: the question's wording and the answer's words, never a code. */
export interface ReviewRow {
  label: string;
  /** One line per entry (a person is name, relationship, phone). */
  value: string[];
}

export interface ReviewSection {
  step: IntakeStep;
  /** Unanswered sections say so instead of showing blanks. */
  rows: ReviewRow[] | null;
}

const NOT_ANSWERED = "Not answered";
const YNU_LABEL: Record<string, string> = { yes: "Yes", no: "No", unsure: "Not sure" };

const text = (v: unknown, empty = "None given") => str(v).trim() || empty;
const ynu = (v: unknown) => YNU_LABEL[str(v)] ?? NOT_ANSWERED;
const option = (options: readonly { value: number | string; label: string }[], v: unknown) =>
  options.find((o) => o.value === v)?.label ?? NOT_ANSWERED;
const months = (v: unknown) => {
  const n = str(v).trim();
  return n === "" ? NOT_ANSWERED : `${n} ${n === "1" ? "month" : "months"}`;
};
const row = (label: string, ...value: string[]): ReviewRow => ({ label, value });

const zoneText = (tz: string) => (tz ? timeZoneLabel(tz) : NOT_ANSWERED);

function about(v: StepData): ReviewRow[] {
  const state = str(v.stateOfResidence);
  return [
    row("Name", `${str(v.givenName)} ${str(v.familyName)}`.trim() || NOT_ANSWERED),
    ...(str(v.preferredName).trim() ? [row("Preferred name", str(v.preferredName))] : []),
    row("Date of birth", formatCalendarDate(str(v.dateOfBirth)) || NOT_ANSWERED),
    row(SEX_QUESTION, option(SEX_OPTIONS, str(v.sex) || "unknown")),
    row("Mobile phone", text(v.phone, NOT_ANSWERED)),
    row(
      "Address",
      ...[str(v.addressLine1), str(v.addressLine2), [str(v.city), state, str(v.postalCode)].filter(Boolean).join(" ")].filter((l) => l.trim()),
    ),
    row("State of residence", US_STATES[state as keyof typeof US_STATES] ?? NOT_ANSWERED),
    row("Time zone", zoneText(str(v.timezone))),
  ];
}

function person(label: string, v: unknown): ReviewRow {
  const p = (v ?? {}) as StepData;
  const name = str(p.name).trim();
  if (!name) return row(label, NOT_ANSWERED);
  return row(label, str(p.relationship).trim() ? `${name} (${str(p.relationship).trim()})` : name, str(p.phone));
}

function contacts(v: StepData): ReviewRow[] {
  return [
    person("Emergency contact", v.emergencyContact),
    person("Support person", v.supportPerson),
    row(CONTACT_QUESTIONS.supportPersonPresentEveryDose, ynu(v.supportPersonPresentEveryDose)),
    row(CONTACT_QUESTIONS.supportPersonIsAdult, ynu(v.supportPersonIsAdult)),
  ];
}

function history(v: StepData): ReviewRow[] {
  const rows: ReviewRow[] = [];
  for (const [k, label] of HISTORY_QUESTIONS) {
    rows.push(row(label, ynu(v[k])));
    // The follow-ups the step asked, in the order it asked them.
    if (k === "cardiovascularEvent" && v.cardiovascularEvent === "yes") {
      rows.push(row(HISTORY_FOLLOW_UPS.monthsSinceCardiovascularEvent, months(v.monthsSinceCardiovascularEvent)));
    }
    if (k === "suicideAttemptEver" && v.suicideAttemptEver === "yes") {
      rows.push(row(HISTORY_FOLLOW_UPS.monthsSinceSuicideAttempt, months(v.monthsSinceSuicideAttempt)));
    }
    if (k === "opioidUseDisorderHistory" && needsRemission(v)) {
      rows.push(row(HISTORY_FOLLOW_UPS.substanceUseInRemission, ynu(v.substanceUseInRemission)));
      if (v.substanceUseInRemission === "yes") rows.push(row(HISTORY_FOLLOW_UPS.substanceRemissionMonths, months(v.substanceRemissionMonths)));
    }
  }
  rows.push(row(HEPATIC_QUESTION, option(HEPATIC_OPTIONS, v.hepaticImpairment)));
  rows.push(row("Allergies", text(v.allergies)));
  rows.push(row("Other health conditions", text(v.otherConditions)));
  return rows;
}

function medications(v: StepData): ReviewRow[] {
  return [row(MEDICATIONS_QUESTION, text(v.currentMedications)), ...MED_QUESTIONS.map(([k, label]) => row(label, ynu(v[k])))];
}

function home(v: StepData): ReviewRow[] {
  return [...HOME_QUESTIONS.map(([k, label]) => row(label, ynu(v[k]))), row("Preferred pharmacy", text(v.preferredPharmacy))];
}

/** Items numbered as the questionnaire shows them; the functional item only when answered (it is optional). */
function questionnaire(items: readonly string[], v: StepData): ReviewRow[] {
  const answers = Array.isArray(v.items) ? (v.items as unknown[]) : [];
  const rows = items.map((item, i) => row(`${i + 1}. ${item}`, option(FREQUENCY_OPTIONS, answers[i])));
  if (typeof v.functional === "number") rows.push(row(FUNCTIONAL_ITEM, option(FUNCTIONAL_OPTIONS, v.functional)));
  return rows;
}

function consents(v: StepData, texts: Current["consents"]): ReviewRow[] {
  const title = (kind: string, fallback: string) => texts.find((c) => c.kind === kind)?.title ?? fallback;
  const accepted = (b: unknown) => (b === true ? "Accepted" : "Not accepted");
  return [
    row(title("telehealth", "Telehealth consent"), accepted(v.telehealthAccepted)),
    row(title("controlled_substance_agreement", "Controlled-substance agreement"), accepted(v.controlledSubstanceAccepted)),
    row("Signed as", text(v.signedName, NOT_ANSWERED)),
  ];
}

/** The saved answers of every section, as the review step shows them. */
export function reviewSections(answers: Answers, completed: readonly string[], consentTexts: Current["consents"]): ReviewSection[] {
  return INTAKE_STEPS.map((step) => {
    const v = answers[step];
    if (!v || !completed.includes(step)) return { step, rows: null };
    switch (step) {
      case "about":
        return { step, rows: about(v) };
      case "contacts":
        return { step, rows: contacts(v) };
      case "history":
        return { step, rows: history(v) };
      case "medications":
        return { step, rows: medications(v) };
      case "home":
        return { step, rows: home(v) };
      case "phq9":
        return { step, rows: questionnaire(PHQ9_ITEMS, v) };
      case "gad7":
        return { step, rows: questionnaire(GAD7_ITEMS, v) };
      case "consents":
        return { step, rows: consents(v, consentTexts) };
    }
  });
}
