import { addCalendarDays, clinicToday } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import type { EpcsFindingReason, TEpcsAssessFindingInput } from "@clearwell/validators/prescribing-admin";
import { and, asc, desc, eq, gte, inArray, isNull, like, lt, lte, or, sql } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { logger } from "../../logger";
import { recordAudit } from "../audit/record-audit";

/**
 * The daily EPCS audit review (21 CFR 1311.150; DOMAIN.md §5.1 "Daily job + incident queue"): each
 * clinic's EPCS-tagged audit events (`epcs.%`, partial index audit_event_epcs_idx) of its previous
 * calendar day, with the other events that bear on the integrity of its controlled-substance
 * prescribing (REVIEWED_ACTIONS: prescribing-settings changes, inbound SCRIPT messages refused for
 * a bad or stale signature, or rejected as not from the message's pharmacy), are compiled into one
 * report, and the events 1311.150(a) names are flagged for a person to assess as incident or not. One report per clinic and day (unique key): the job runs
 * hourly, so every clinic's day is compiled soon after its own midnight, and a rerun changes nothing.
 */

/**
 * Reviewed beside `epcs.%` (1311.150(a)(2), possible attempts to interfere with operation):
 * - `prescribing.settings.update`: the legal basis, refills, PDMP rules or the pharmacy answer map
 *   changed (settings.ts audits each value, from and to);
 * - `rx.inbound.rejected`: a correctly signed message answering this clinic's prescription from a
 *   sender that is not the message's pharmacy;
 * - `rx.inbound.refused`: a message to the inbound endpoint unsigned, forged, or replayed outside its
 *   time window (inbound.ts; no clinic can be trusted from an unauthenticated body, so it has none).
 *   The endpoint serves every clinic, so each clinic's review lists the day's refusals; they carry
 *   only the reason and a byte count, no health data.
 */
export const REVIEWED_ACTIONS = ["prescribing.settings.update", "rx.inbound.rejected"] as const;
export const REVIEWED_NETWORK_ACTIONS = ["rx.inbound.refused"] as const;

/** The audit rows a clinic's review covers (any time window is added by the caller). */
function reviewScope(clinicId: string) {
  const a = schema.auditEvent;
  return or(
    and(eq(a.clinicId, clinicId), or(like(a.action, "epcs.%"), inArray(a.action, [...REVIEWED_ACTIONS]))),
    and(isNull(a.clinicId), inArray(a.action, [...REVIEWED_NETWORK_ACTIONS])),
  );
}

/** Which events the review flags, and why (EPCS_FINDING_REASONS says it in words). */
export function flagReason(action: string, outcome: "success" | "denied" | "error"): EpcsFindingReason | null {
  if (action === "rx.inbound.refused" || action === "rx.inbound.rejected") return "inbound_refused";
  if (action === "prescribing.settings.update") return outcome === "success" ? "settings_change" : outcome;
  if (action.startsWith("epcs.rx.sign") && outcome !== "success") return "signing_failure";
  if (action === "epcs.totp.replay") return "totp_replay";
  if (action === "epcs.outbox.replay") return "outbox_replay";
  if (outcome === "denied") return "denied";
  if (outcome === "error") return "error";
  if (action.startsWith("epcs.access.")) return "access_control_change";
  return null;
}

/** The clinic day's bounds as instants: local midnight to the next local midnight (DST-correct, in SQL). */
async function dayWindow(db: DbOrTx, day: string, timeZone: string) {
  const [row] = await db.execute<{ start: string; end: string }>(
    sql`select ((${day}::date)::timestamp at time zone ${timeZone})::text as start, ((${day}::date + 1)::timestamp at time zone ${timeZone})::text as end`,
  );
  return { start: new Date(row!.start), end: new Date(row!.end) };
}

/**
 * Compiles one clinic's report for `reportDate` (a past clinic calendar day). Returns whether this
 * call wrote it; an existing report is left as it is.
 */
export async function compileEpcsDay(db: Database, clinic: { id: string; timezone: string }, reportDate: string, now = new Date()) {
  const { start, end } = await dayWindow(db, reportDate, clinic.timezone);
  if (end > now) throw new Error("the EPCS review compiles finished days only");
  return db.transaction(async (tx) => {
    const a = schema.auditEvent;
    const events = await tx
      .select({ id: a.id, action: a.action, outcome: a.outcome })
      .from(a)
      .where(and(reviewScope(clinic.id), gte(a.occurredAt, start), lt(a.occurredAt, end)))
      .orderBy(asc(a.occurredAt), asc(a.id));
    const flagged = events.flatMap((e) => {
      const reason = flagReason(e.action, e.outcome);
      return reason ? [{ auditEventId: e.id, reason }] : [];
    });
    const [report] = await tx
      .insert(schema.epcsAuditReport)
      .values({ clinicId: clinic.id, reportDate, compiledAt: now, windowStart: start, windowEnd: end, eventCount: events.length, flaggedCount: flagged.length })
      .onConflictDoNothing({ target: [schema.epcsAuditReport.clinicId, schema.epcsAuditReport.reportDate] })
      .returning({ id: schema.epcsAuditReport.id });
    if (!report) return { created: false as const, flagged: 0 };
    for (let i = 0; i < flagged.length; i += 500) {
      await tx.insert(schema.epcsAuditFinding).values(flagged.slice(i, i + 500).map((f) => ({ ...f, reportId: report.id, clinicId: clinic.id })));
    }
    return { created: true as const, id: report.id, flagged: flagged.length };
  });
}

/** The job (queue `epcs.daily-review`): every clinic's previous day, one transaction per clinic. */
export async function compileEpcsReviews(db: Database, now = new Date()) {
  const clinics = await db.select({ id: schema.clinic.id, timezone: schema.clinic.timezone }).from(schema.clinic).orderBy(asc(schema.clinic.id));
  let compiled = 0;
  let flagged = 0;
  for (const c of clinics) {
    try {
      const r = await compileEpcsDay(db, c, addCalendarDays(clinicToday(now, c.timezone), -1), now);
      if (r.created) compiled++;
      flagged += r.flagged;
    } catch (e) {
      // One clinic's failure leaves the others compiled; the next hourly run tries it again.
      logger.error({ err: e, clinicId: c.id }, "[epcs] daily review could not be compiled");
    }
  }
  return { compiled, flagged };
}

// Qualified by hand: inside the subquery an unqualified "id" would be the finding's own.
const unassessed = sql<number>`(select count(*)::int from epcs_audit_finding f where f.report_id = "epcs_audit_report"."id" and f.clinic_id = "epcs_audit_report"."clinic_id" and f.assessment is null)`;

/** epcs.reports: the clinic's daily reports between two days, newest first. */
export async function listEpcsReports(db: Database, clinicId: string, range: { from: string; to: string }) {
  const r = schema.epcsAuditReport;
  const rows = await db
    .select({
      id: r.id,
      reportDate: r.reportDate,
      compiledAt: r.compiledAt,
      windowStart: r.windowStart,
      windowEnd: r.windowEnd,
      eventCount: r.eventCount,
      flaggedCount: r.flaggedCount,
      unassessedCount: unassessed,
    })
    .from(r)
    .where(and(eq(r.clinicId, clinicId), gte(r.reportDate, range.from), lte(r.reportDate, range.to)))
    .orderBy(desc(r.reportDate))
    .limit(400);
  return { items: rows };
}

const EVENT_LIMIT = 1000;

/** epcs.report: one report with its flagged events and assessments, and every EPCS event of its window. */
export async function getEpcsReport(db: Database, actor: Actor, clinicId: string, id: string) {
  return db.transaction(async (tx) => {
    const view = await reportView(tx, clinicId, id);
    await recordAudit(tx, actor, { action: "audit.epcs_report.read", resourceType: "epcs_audit_report", resourceId: view.report.id, detail: { reportDate: view.report.reportDate } });
    return view;
  });
}

async function reportView(tx: DbOrTx, clinicId: string, id: string) {
  {
    const r = schema.epcsAuditReport;
    const [report] = await tx
      .select({
        id: r.id,
        reportDate: r.reportDate,
        compiledAt: r.compiledAt,
        windowStart: r.windowStart,
        windowEnd: r.windowEnd,
        eventCount: r.eventCount,
        flaggedCount: r.flaggedCount,
        unassessedCount: unassessed,
      })
      .from(r)
      .where(and(eq(r.id, id), eq(r.clinicId, clinicId)));
    if (!report) throw new DomainError("NOT_FOUND", "This review report was not found.");
    const a = schema.auditEvent;
    const f = schema.epcsAuditFinding;
    const [findings, events] = await Promise.all([
      tx
        .select({ finding: f, event: a })
        .from(f)
        .innerJoin(a, and(eq(a.id, f.auditEventId), reviewScope(clinicId)))
        .where(and(eq(f.reportId, report.id), eq(f.clinicId, clinicId)))
        .orderBy(asc(a.occurredAt), asc(a.id)),
      tx
        .select()
        .from(a)
        .where(and(reviewScope(clinicId), gte(a.occurredAt, report.windowStart), lt(a.occurredAt, report.windowEnd)))
        .orderBy(asc(a.occurredAt), asc(a.id))
        .limit(EVENT_LIMIT + 1),
    ]);
    const userIds = [...new Set([...events.map((e) => e.actorUserId), ...findings.flatMap((x) => [x.event.actorUserId, x.finding.assessedByUserId])].filter((x): x is string => !!x))];
    const names = userIds.length ? new Map((await tx.select({ id: schema.user.id, name: schema.user.name }).from(schema.user).where(inArray(schema.user.id, userIds))).map((u) => [u.id, u.name])) : new Map<string, string>();
    const view = (e: typeof schema.auditEvent.$inferSelect) => ({
      auditEventId: e.id,
      occurredAt: e.occurredAt,
      action: e.action,
      outcome: e.outcome,
      actorUserId: e.actorUserId,
      actorName: e.actorUserId ? (names.get(e.actorUserId) ?? null) : null,
      resourceType: e.resourceType,
      resourceId: e.resourceId,
      detail: e.detail ?? null,
    });
    const flaggedIds = new Set(findings.map((x) => x.event.id));
    return {
      report,
      findings: findings.map(({ finding, event }) => ({
        ...view(event),
        id: finding.id,
        reason: finding.reason,
        assessment: finding.assessment,
        assessedByUserId: finding.assessedByUserId,
        assessedByName: finding.assessedByUserId ? (names.get(finding.assessedByUserId) ?? null) : null,
        assessedAt: finding.assessedAt,
        assessmentNote: finding.assessmentNote,
      })),
      events: events.slice(0, EVENT_LIMIT).map((e) => ({ ...view(e), flagged: flaggedIds.has(e.id) })),
      truncated: events.length > EVENT_LIMIT,
    };
  }
}

/**
 * epcs.assessFinding: a designee marks a flagged event incident or not, with a note, once (the table
 * refuses a second assessment). 1311.150(c): an incident is reported within one business day.
 */
export async function assessEpcsFinding(db: Database, actor: Actor, clinicId: string, input: TEpcsAssessFindingInput, now = new Date()) {
  const f = schema.epcsAuditFinding;
  return db.transaction(async (tx) => {
    const [finding] = await tx
      .select()
      .from(f)
      .where(and(eq(f.id, input.findingId), eq(f.clinicId, clinicId)))
      .for("update");
    if (!finding) throw new DomainError("NOT_FOUND", "This finding was not found.");
    if (finding.assessment) throw new DomainError("CONFLICT", `This finding was already assessed as ${finding.assessment === "incident" ? "an incident" : "not an incident"}.`);
    await tx
      .update(f)
      .set({ assessment: input.assessment, assessedByUserId: actor.userId, assessedAt: now, assessmentNote: input.note })
      .where(and(eq(f.id, finding.id), eq(f.clinicId, clinicId), isNull(f.assessment)));
    await recordAudit(tx, actor, {
      action: "epcs.finding.assessed",
      resourceType: "epcs_audit_finding",
      resourceId: finding.id,
      detail: { assessment: input.assessment, auditEventId: finding.auditEventId, reportId: finding.reportId },
    });
    return (await reportView(tx, clinicId, finding.reportId)).findings.find((x) => x.id === finding.id)!;
  });
}
