import type { TEvaluationFindings } from "@clearwell/validators/note";
import { ZEvaluationFindings } from "@clearwell/validators/note";

import { MENTAL_STATUS_LABEL } from "~/components/notes/note-labels";

export type Findings = TEvaluationFindings;

export const blank = (s: string | null | undefined) => (s?.trim() ? s : undefined);
export const compact = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** What the editor holds, without empty optional text (the server's schemas read "" as a value). */
export function cleanFindings(f: Findings): Findings {
  const ms = f.mentalStatus ? compact(Object.fromEntries(Object.entries(f.mentalStatus).map(([k, v]) => [k, blank(v)]))) : undefined;
  return compact({
    flagReview: f.flagReview?.map((r) => compact({ ...r, comment: blank(r.comment) })),
    mentalStatus: ms && Object.keys(ms).length ? ms : undefined,
    vitals: f.vitals ? compact({ ...f.vitals, bpNotTakenReason: blank(f.vitals.bpNotTakenReason) }) : undefined,
    questionnaires: f.questionnaires,
    riskAssessment: f.riskAssessment ? compact({ ...f.riskAssessment, safetyPlan: blank(f.riskAssessment.safetyPlan), misuseComment: blank(f.riskAssessment.misuseComment) }) : undefined,
    supportPerson: f.supportPerson ? compact({ ...f.supportPerson, name: f.supportPerson.confirmed ? blank(f.supportPerson.name) : undefined }) : undefined,
  });
}

export const PART: Record<string, string> = {
  flagReview: "Screening flag",
  mentalStatus: "Mental status",
  vitals: "Vitals",
  riskAssessment: "Risk assessment",
  supportPerson: "Support person",
  questionnaires: "Questionnaires",
  safetyPlan: "safety plan",
  misuseComment: "misuse comment",
  bpNotTakenReason: "why blood pressure was not taken",
  comment: "comment",
  name: "name",
  heartRate: "heart rate",
  ...MENTAL_STATUS_LABEL,
};

/** A schema's issues named by field in the clinician's words (never a raw zod path). */
export function namedProblems(issues: readonly { path: PropertyKey[]; message: string }[], part: Record<string, string> = PART): string[] {
  return issues.map((i) => {
    const where = i.path.filter((p): p is string => typeof p === "string").map((p) => part[p] ?? p);
    return `${where.length ? `${where.join(" – ")}: ` : ""}${i.message}`;
  });
}

/** The findings as the server will check them, or the problems named by field. */
export function checkFindings(f: Findings): { ok: true; findings: Findings } | { ok: false; problems: string[] } {
  const parsed = ZEvaluationFindings.safeParse(cleanFindings(f));
  return parsed.success ? { ok: true, findings: parsed.data } : { ok: false, problems: namedProblems(parsed.error.issues) };
}
