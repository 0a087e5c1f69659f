import type { ProviderOutputs } from "@clearwell/api/provider";
import type { MENTAL_STATUS_FIELDS } from "@clearwell/validators/note";

export type NoteSummary = ProviderOutputs["note"]["list"]["notes"][number];
export type NoteDetail = ProviderOutputs["note"]["get"];
export type StoredFindings = NonNullable<NoteDetail["findings"]>;

type Variant = "neutral" | "brand" | "success" | "warning" | "danger" | "info";

export const NOTE_KIND_LABEL: Record<string, string> = { evaluation: "Evaluation note", follow_up: "Follow-up note", addendum: "Addendum" };
export const noteKind = (kind: string) => NOTE_KIND_LABEL[kind] ?? kind;

/** DOMAIN.md §2 "Clinical note": draft -> signed -> addended*, or draft -> discarded. */
export const NOTE_STATUS: Record<string, { label: string; variant: Variant }> = {
  draft: { label: "Draft", variant: "warning" },
  signed: { label: "Signed", variant: "success" },
  discarded: { label: "Discarded", variant: "neutral" },
};
export const noteStatus = (s: string) => NOTE_STATUS[s] ?? { label: s, variant: "neutral" as const };

export const RESOLUTION_LABEL = { confirm: "Confirm", refute: "Refute", needs_follow_up: "Needs follow-up" } as const;

export const MENTAL_STATUS_LABEL: Record<(typeof MENTAL_STATUS_FIELDS)[number], string> = {
  appearance: "Appearance",
  behaviour: "Behaviour",
  speech: "Speech",
  mood: "Mood",
  affect: "Affect",
  thoughtProcess: "Thought process",
  thoughtContent: "Thought content",
  perception: "Perception",
  cognition: "Cognition",
  insight: "Insight",
  judgement: "Judgement",
};

export const POSITION_LABEL = { sitting: "Sitting", standing: "Standing", lying: "Lying down" } as const;
export const RISK_LABEL = { low: "Low", moderate: "Moderate", high: "High" } as const;

/** The first 12 hex digits: enough to compare by eye; the full hash is copied or shown on request. */
export const shortHash = (hash: string) => hash.slice(0, 12);
