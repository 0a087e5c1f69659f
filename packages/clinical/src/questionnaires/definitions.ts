/**
 * PHQ-9 and GAD-7 as published (DOMAIN.md §6). Item wording is reproduced verbatim on
 * purpose: validated wording must not be paraphrased. Pfizer released both screeners
 * without copyright restriction (2010).
 */

export const STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

export const FREQUENCY_OPTIONS = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
] as const;

export const FUNCTIONAL_ITEM =
  "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?";

/** Ordinal, stored but never added to the total (DOMAIN.md §6). */
export const FUNCTIONAL_OPTIONS = [
  { value: 0, label: "Not difficult at all" },
  { value: 1, label: "Somewhat difficult" },
  { value: 2, label: "Very difficult" },
  { value: 3, label: "Extremely difficult" },
] as const;

export interface Band<Name extends string = string> {
  name: Name;
  label: string;
  min: number;
  max: number;
}

export interface QuestionnaireDefinition<Band extends string = string> {
  id: "phq9" | "gad7";
  title: string;
  source: string;
  items: readonly string[];
  maxScore: number;
  bands: readonly { name: Band; label: string; min: number; max: number }[];
}

// Kroenke, Spitzer, Williams, J Gen Intern Med 2001;16(9):606-613.
export const PHQ9 = {
  id: "phq9",
  title: "PHQ-9",
  source: "Kroenke K, Spitzer RL, Williams JBW. J Gen Intern Med 2001;16(9):606-613",
  items: [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
  ],
  maxScore: 27,
  bands: [
    { name: "minimal", label: "Minimal", min: 0, max: 4 },
    { name: "mild", label: "Mild", min: 5, max: 9 },
    { name: "moderate", label: "Moderate", min: 10, max: 14 },
    { name: "moderately_severe", label: "Moderately severe", min: 15, max: 19 },
    { name: "severe", label: "Severe", min: 20, max: 27 },
  ],
} as const satisfies QuestionnaireDefinition;

// Spitzer, Kroenke, Williams, Löwe, Arch Intern Med 2006;166:1092-1097.
export const GAD7 = {
  id: "gad7",
  title: "GAD-7",
  source: "Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092-1097",
  items: [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid, as if something awful might happen",
  ],
  maxScore: 21,
  bands: [
    { name: "minimal", label: "Minimal", min: 0, max: 4 },
    { name: "mild", label: "Mild", min: 5, max: 9 },
    { name: "moderate", label: "Moderate", min: 10, max: 14 },
    { name: "severe", label: "Severe", min: 15, max: 21 },
  ],
} as const satisfies QuestionnaireDefinition;

export type Phq9Band = (typeof PHQ9.bands)[number]["name"];
export type Gad7Band = (typeof GAD7.bands)[number]["name"];
