import { createHash } from "node:crypto";

import { addCalendarMonths, transitionPrescription } from "@clearwell/clinical";
import type { Database } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { and, asc, eq, inArray } from "drizzle-orm";

import type { Actor } from "../../actor";
import type { DomainErrorCode } from "../../errors";
import { DomainError, denied } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { assignedPatient } from "../chart/chart";
import { canonicalJson } from "../note/canonical";
import { type TwoFactorVerifier, requireTwoFactors } from "../reauth";
import { enqueueRxMessage } from "../transmission/enqueue";
import { readyContentOf, readyContentSha256, signedContentOf } from "./content";
import { runCheck } from "./draft";
import { recordPrescriptionEvent } from "./events";
import { type PrescriptionRow, fieldsOfRow, gatherFacts } from "./facts";
import { type RxSigner, rxSigner } from "./signing-key";

const rx = schema.prescription;
const SCOPE = "prescription.sign";

export interface SignInput {
  patientId: string;
  prescriptionIds: string[];
  readyVersions: number[];
  password: string;
  totp: string;
  idempotencyKey: string;
}

type SignEvent = { action: string; resourceType: string; resourceId: string; patientId: string };

/** A refused signing, audited `epcs.rx.sign` denied once per prescription named (1311.150 EPCS events), after the rollback. */
function signDenied(actor: Actor, input: SignInput, code: DomainErrorCode, message: string, detail: Record<string, unknown>, reasons?: string[]) {
  const [first, ...rest] = input.prescriptionIds;
  const event = (id: string) => ({ action: "epcs.rx.sign", resourceType: "prescription", resourceId: id, patientId: input.patientId, detail });
  const error = new DomainError(code, message, reasons);
  error.denial = denied(actor, event(first!), code, message).denial!;
  error.denial.events.push(...rest.map((id) => ({ ...event(id), outcome: "denied" as const })));
  return error;
}

const requestHash = (input: SignInput) => createHash("sha256").update(canonicalJson({ p: input.patientId, ids: input.prescriptionIds, v: input.readyVersions })).digest("hex");

/** A retry of a signing that went through (same key, same request): what it signed, without signing again. */
async function replay(db: Database, actor: Actor, clinicId: string, input: SignInput) {
  return db.transaction(async (tx) => {
    const [prior] = await tx
      .select()
      .from(schema.idempotencyKey)
      .where(and(eq(schema.idempotencyKey.userId, actor.userId!), eq(schema.idempotencyKey.scope, SCOPE), eq(schema.idempotencyKey.key, input.idempotencyKey)));
    if (!prior) return null;
    if (prior.requestHash !== requestHash(input)) throw new DomainError("IDEMPOTENCY_KEY_REUSED", "This request key was already used to sign other prescriptions.");
    const signed = (prior.response as { signed: { id: string; messageId: string }[] }).signed;
    const rows = await tx
      .select()
      .from(rx)
      .where(and(eq(rx.clinicId, clinicId), eq(rx.patientId, input.patientId), inArray(rx.id, signed.map((s) => s.id))));
    await recordAudit(tx, actor, rows.map((r) => ({ action: "prescription.read", resourceType: "prescription", resourceId: r.id, patientId: r.patientId, detail: { replay: SCOPE } })));
    return { signed: rows.map((r) => signedView(r, signed.find((s) => s.id === r.id)!.messageId)) };
  });
}

const signedView = (r: PrescriptionRow, messageId: string) => ({
  id: r.id,
  status: r.status,
  signedAt: r.signedAt!,
  writtenDate: r.writtenDate!,
  signedSha256: r.signedSha256!,
  signingKeyId: r.signingKeyId!,
  messageId,
});

/**
 * prescription.sign: the EPCS signing ceremony's completion (21 CFR 1311.140(a)(4)-(6); DOMAIN.md
 * §2 "pending_signature --2FA by named prescriber--> signed", §5.1, §5.3).
 *
 * Before any transaction: the password AND a current TOTP code (1311.115; wrong answers count
 * toward lockout). Then ONE transaction: the TOTP time step recorded once (a replayed code is
 * refused, `epcs.totp.replay`); every prescription locked, of this clinic and this ONE patient
 * (1311.140(a)(1)), naming the caller as prescriber (1311.135), pending signature at the ready
 * version the prescriber saw; the content rebuilt from today's facts and compared with the hash
 * frozen at mark-ready (changed: back to draft, committed, and the signing refused naming it);
 * every hard block re-run with the server's clock (one failing: back to draft too, refused naming
 * the rules); then per prescription the canonical bytes, their
 * SHA-256 and the server's Ed25519 signature, the status, the event, the NewRx outbox row and job
 * (1311.170(a): sent as soon as possible after signature), and the audit rows last. A retry with
 * the same key returns what was signed.
 */
export async function signPrescriptions(db: Database, verify: TwoFactorVerifier, actor: Actor, clinicId: string, input: SignInput, now = new Date(), signer: RxSigner = rxSigner()) {
  const done = await replay(db, actor, clinicId, input);
  if (done) return done;
  const event: SignEvent = { action: "epcs.rx.sign", resourceType: "prescription", resourceId: input.prescriptionIds[0]!, patientId: input.patientId };
  const step = await requireTwoFactors(verify, actor, { password: input.password, totp: input.totp }, event);

  const outcome = await db.transaction(async (tx) => {
    await assignedPatient(tx, actor, clinicId, input.patientId, "epcs.rx.sign");
    // 1311.115: a TOTP code is accepted once; the step is spent with the signature it made.
    const [fresh] = await tx.insert(schema.totpStepUse).values({ userId: actor.userId!, timeStep: step, usedAt: now, purpose: SCOPE }).onConflictDoNothing().returning();
    if (!fresh) {
      const error = signDenied(actor, input, "STEP_UP_REQUIRED", "This code was already used. Wait for the next code from your authenticator app.", { reason: "totp_replay" });
      error.denial!.events.unshift({ action: "epcs.totp.replay", resourceType: "session", outcome: "denied", patientId: input.patientId, detail: { during: "epcs.rx.sign" } });
      throw error;
    }

    const rows = await tx
      .select()
      .from(rx)
      .where(and(eq(rx.clinicId, clinicId), inArray(rx.id, input.prescriptionIds)))
      .orderBy(asc(rx.id))
      .for("update");
    // Another clinic's, or another patient's: one patient per ceremony (1311.140(a)(1)), and nothing said about the other.
    if (rows.length !== input.prescriptionIds.length || rows.some((r) => r.patientId !== input.patientId)) {
      throw signDenied(actor, input, "NOT_FOUND", "Sign the prescriptions of one patient at a time: one of these is not a prescription of this patient.", { reason: "not_this_patient" });
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = input.prescriptionIds.map((id) => byId.get(id)!);
    if (ordered.some((r) => r.prescriberUserId !== actor.userId)) {
      throw signDenied(actor, input, "FORBIDDEN", "Only the prescriber named on a prescription can sign it (21 CFR 1311.135).", { reason: "not_named_prescriber" });
    }
    const notReady = ordered.filter((r) => r.status !== "pending_signature");
    if (notReady.length) {
      const step0 = transitionPrescription(notReady[0]!.status, "sign");
      throw signDenied(actor, input, "INVALID_TRANSITION", step0.ok ? "Mark the prescription ready first." : step0.message, { reason: "not_pending_signature", statuses: notReady.map((r) => r.status) });
    }
    const stale = ordered.filter((r, i) => r.readyVersion !== input.readyVersions[i] || r.version !== r.readyVersion);
    if (stale.length) {
      throw signDenied(actor, input, "CONFLICT", "A prescription changed since you opened it for signing. Reload the list and review it again.", { reason: "stale_ready_version", prescriptionIds: stale.map((r) => r.id) });
    }

    const { patient, drafts } = await gatherFacts(tx, clinicId, input.patientId, ordered.map(fieldsOfRow), now, { excludePrescriptionIds: input.prescriptionIds });
    const writtenDate = patient.today;
    const checked = ordered.map((row, i) => {
      const f = drafts[i]!;
      const check = runCheck(patient, f, now, writtenDate);
      // Built only where the checklist passed; otherwise the hard blocks speak first.
      const ready = check.ok ? readyContentOf(row.id, clinicId, patient, f, check.figures) : null;
      return { row, f, check, ready };
    });

    // No longer ready: its content changed since it was marked ready (here or in what it is built
    // from), or a hard block now fails (DOMAIN.md §4.5, re-run with the server's clock). Either way
    // it goes back to draft, committed, where the builder's checklist shows what to fix; a
    // prescription waiting for signature always passes every hard block (DOMAIN.md §2 "edit").
    const changed = checked.filter((c) => c.ready && readyContentSha256(c.ready) !== c.row.readyContentSha256);
    const blocked = checked.filter((c) => !c.check.ok);
    if (changed.length || blocked.length) {
      const rules = [...new Set(blocked.flatMap((c) => c.check.blocking.map((b) => b.ruleId)))];
      for (const c of [...changed, ...blocked]) {
        const reason = c.ready ? "content_changed_after_ready" : "hard_blocks_at_signing";
        await tx
          .update(rx)
          .set({ status: "draft", version: c.row.version + 1, readyAt: null, readyVersion: null, readyContentSha256: null, pdmpCheckId: null, updatedAt: now })
          .where(eq(rx.id, c.row.id));
        const detail = c.ready ? { reason } : { reason, rules: c.check.blocking.map((b) => b.ruleId) };
        await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: c.row.id, from: "pending_signature", to: "draft", event: "edit", at: now, detail });
      }
      await recordAudit(
        tx,
        actor,
        input.prescriptionIds.map((id) => ({
          action: "epcs.rx.sign",
          resourceType: "prescription",
          resourceId: id,
          patientId: input.patientId,
          outcome: "denied" as const,
          detail: changed.length
            ? { reason: "content_changed_after_ready", changed: changed.map((c) => c.row.id) }
            : { reason: "hard_blocks", rules, blocked: blocked.map((c) => c.row.id) },
        })),
      );
      if (changed.length) return { kind: "changed" as const, names: changed.map((c) => `${c.ready!.medication.drugDescription} (${c.row.id})`) };
      return { kind: "blocked" as const, reasons: blocked.flatMap((c) => c.check.blocking.map((b) => `${b.ruleId}: ${b.message}`)) };
    }

    const signedAt = now;
    const results: { row: PrescriptionRow; messageId: string; sha256: string }[] = [];
    for (const c of checked) {
      const guard = transitionPrescription(c.row.status, "sign", { blockingFindings: c.check.blocking, signerId: actor.userId!, prescriberId: c.row.prescriberUserId, secondFactorVerified: true });
      if (!guard.ok) throw signDenied(actor, input, "INVALID_TRANSITION", guard.message, { reason: guard.code });
      const lastFillDate = addCalendarMonths(writtenDate, Math.min(patient.settings.config.fillableMonths, 6));
      const { content, bytes, sha256 } = signedContentOf(c.ready!, { writtenDate, signedAt, lastFillDate });
      const [row] = await tx
        .update(rx)
        .set({
          status: "signed",
          signedAt,
          signedByUserId: actor.userId!,
          writtenDate,
          signedContent: content as unknown as Record<string, unknown>,
          signedBytes: bytes,
          signedSha256: sha256,
          serverSignature: signer.sign(bytes),
          signingKeyId: signer.keyId,
          updatedAt: now,
        })
        .where(and(eq(rx.id, c.row.id), eq(rx.status, "pending_signature"), eq(rx.version, c.row.version)))
        .returning();
      await recordPrescriptionEvent(tx, actor, { clinicId, prescriptionId: c.row.id, from: "pending_signature", to: "signed", event: "sign", at: now, detail: { sha256, keyId: signer.keyId } });
      // DOMAIN.md §5.3 (1): the outbox row and its delivery job ride this transaction.
      const { messageId } = await enqueueRxMessage(tx, { clinicId, prescriptionId: c.row.id, type: "NewRx", payload: bytes, toNcpdpId: content.pharmacy.ncpdpId }, now);
      results.push({ row: row!, messageId, sha256 });
    }
    const response = { signed: results.map((r) => ({ id: r.row.id, messageId: r.messageId })) };
    await tx.insert(schema.idempotencyKey).values({ userId: actor.userId!, scope: SCOPE, key: input.idempotencyKey, requestHash: requestHash(input), response });
    await recordAudit(
      tx,
      actor,
      results.map((r) => ({
        action: "epcs.rx.sign",
        resourceType: "prescription",
        resourceId: r.row.id,
        patientId: r.row.patientId,
        detail: { sha256: r.sha256, keyId: signer.keyId, messageId: r.messageId, factors: ["password", "totp"] },
      })),
    );
    return { kind: "signed" as const, signed: results.map((r) => signedView(r.row, r.messageId)) };
  });

  if (outcome.kind === "blocked") {
    throw new DomainError("RULE_FAILED", "This prescription cannot be signed now, so nothing was signed. It is back in draft: open it, fix the checklist and mark it ready again.", outcome.reasons);
  }
  if (outcome.kind === "changed") {
    throw new DomainError(
      "CONFLICT",
      `${outcome.names.length === 1 ? "This prescription" : "Some prescriptions"} changed after being marked ready, so nothing was signed: ${outcome.names.join("; ")} ${outcome.names.length === 1 ? "is" : "are"} back in draft. Review and mark ready again.`,
      outcome.names,
    );
  }
  return { signed: outcome.signed };
}
