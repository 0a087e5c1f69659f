/** RX10 and RX13: a current at-home eligibility decision, and an audio-video basis visit. */
import type { PrescriptionCheckInput } from "../check";
import { clinicToday } from "../dates";
import type { PrescriptionFinding } from "../rules";
import { type Ctx, finding } from "./shared";

const STATUS_WORDS: Readonly<Record<string, string>> = {
  expired: "has expired",
  invalidated: "is no longer valid because something changed since it was made",
  pending: "is waiting to be re-evaluated",
  awaiting_co_sign: "is waiting for a co-signature",
  co_sign_declined: "was declined by the co-signer",
};

/** RX10: a current eligible_at_home decision, not yet expired at `now` (any other status blocks). */
export function checkEligibility(input: Pick<PrescriptionCheckInput, "eligibility">, ctx: Pick<Ctx, "now" | "timeZone">): PrescriptionFinding {
  const d = input.eligibility;
  if (!d) return finding("RX10", false, "There is no eligibility decision. Record an at-home eligibility decision first.", ["eligibility"]);
  if (d.outcome !== "eligible_at_home") {
    return finding("RX10", false, `The eligibility decision is "${d.outcome.replace(/_/g, " ")}", not eligible at home. At-home ketamine cannot be prescribed.`, ["eligibility"]);
  }
  if (d.status !== "current") {
    const words = STATUS_WORDS[d.status] ?? `is ${String(d.status).replace(/_/g, " ")}`;
    return finding("RX10", false, `The at-home eligibility decision ${words}. Record a new decision before prescribing.`, ["eligibility"]);
  }
  if (ctx.now.getTime() >= d.expiresAt.getTime()) {
    return finding("RX10", false, "The at-home eligibility decision has expired. Record a new decision before prescribing.", ["eligibility"]);
  }
  return finding("RX10", true, `Eligible at home; the decision is current until ${clinicToday(d.expiresAt, ctx.timeZone)}.`, ["eligibility"]);
}

/** RX13: the basis visit is linked and was audio-video throughout (no audio-only segment). */
export function checkBasisVisit(input: Pick<PrescriptionCheckInput, "basisVisit">): PrescriptionFinding {
  const v = input.basisVisit;
  if (!v) return finding("RX13", false, "Link the video visit this prescription is based on.", ["basisVisit"]);
  if (v.modality !== "audio_video") return finding("RX13", false, "The basis visit was not an audio-video visit. Only an audio-video visit can support a controlled-substance prescription: see the patient by video first.", ["basisVisit"]);
  if (v.hadAudioOnlySegment) return finding("RX13", false, "Part of the basis visit was audio only. Only an audio-video visit qualifies: see the patient by video again.", ["basisVisit"]);
  return finding("RX13", true, "The basis visit was audio-video.", ["basisVisit"]);
}
