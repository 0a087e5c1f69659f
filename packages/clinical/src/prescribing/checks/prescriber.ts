/** RX11, RX12, RX14, RX15: the prescriber's licence, DEA registration, EPCS permission and TOTP. */
import type { PrescriptionCheckInput } from "../check";
import type { DeaSchedule } from "../formulary";
import type { PrescriptionFinding } from "../rules";
import { type Ctx, finding, latest, sameState } from "./shared";

/** RX11: a verified licence, valid today, in the state the patient was in at the basis visit. */
export function checkLicence(input: PrescriptionCheckInput, ctx: Pick<Ctx, "today">): PrescriptionFinding {
  const state = input.basisVisit?.patientState;
  if (!state) return finding("RX11", false, "The basis visit has no recorded patient location. Link the video visit where the patient confirmed their state.", ["basisVisit"]);
  const inState = input.prescriber.licences.filter((l) => sameState(l.state, state));
  if (inState.length === 0) return finding("RX11", false, `The prescriber has no licence recorded for ${state}, where the patient was at the visit. Only a prescriber licensed in ${state} can prescribe.`, ["prescriber"]);
  const valid = inState.find((l) => l.verified && ctx.today <= l.expiresOn);
  if (!valid) {
    const unverified = inState.find((l) => ctx.today <= l.expiresOn);
    const msg = unverified
      ? `The prescriber's ${state} licence has not been verified as current. An admin must verify it.`
      : `The prescriber's ${state} licence expired on ${latest(inState.map((l) => l.expiresOn))}. Record the renewed licence.`;
    return finding("RX11", false, msg, ["prescriber"]);
  }
  return finding("RX11", true, `Licensed in ${state} (valid through ${valid.expiresOn}).`, ["prescriber"]);
}

/**
 * RX12: the DEA number on the prescription is one of the prescriber's registrations, for the
 * state the patient was in (clinic setting, default on), with schedule 3N, verified and valid
 * today (valid through its expiry date), with a well-formed number.
 */
export function checkDeaRegistration(input: PrescriptionCheckInput, ctx: Pick<Ctx, "today" | "config">, schedule: DeaSchedule = input.formulary?.deaSchedule ?? "3N"): PrescriptionFinding {
  const p = input.prescriber;
  const state = input.basisVisit?.patientState;
  if (!state) return finding("RX12", false, "The basis visit has no recorded patient location, so the DEA registration cannot be matched to it.", ["basisVisit"]);
  const picked = p.deaNumber?.trim();
  if (!picked) return finding("RX12", false, "Choose the DEA registration to print on this prescription.", ["prescriber.deaNumber"]);
  const reg = p.deaRegistrations.find((r) => r.number.trim().toUpperCase() === picked.toUpperCase());
  if (!reg) return finding("RX12", false, `DEA number ${picked} is not one of the prescriber's recorded registrations. Choose a recorded registration.`, ["prescriber.deaNumber"]);
  const problems: string[] = [];
  if (ctx.config.requireDeaRegistrationInPatientState && !sameState(reg.state, state)) {
    const other = p.deaRegistrations.find((r) => sameState(r.state, state));
    problems.push(other ? `it is for ${reg.state}, but the patient was in ${state}: choose the ${state} registration` : `it is for ${reg.state}, but the patient was in ${state} and the prescriber has no ${state} registration`);
  }
  if (!reg.schedules.includes(schedule)) problems.push(`it does not include schedule ${schedule} (ketamine is Schedule III non-narcotic)`);
  if (ctx.today > reg.expiresOn) problems.push(`it expired on ${reg.expiresOn}`);
  if (!reg.verified) problems.push("it has not been verified as current by an admin");
  if (!isWellFormedDeaNumber(reg.number)) problems.push("the number is not a valid DEA number (check digit)");
  if (problems.length) return finding("RX12", false, `DEA registration ${reg.number} cannot be used: ${problems.join("; ")}.`, ["prescriber.deaNumber"]);
  return finding("RX12", true, `DEA registration ${reg.number} (${reg.state}, schedule ${schedule}) is valid through ${reg.expiresOn}.`, ["prescriber.deaNumber"]);
}

/** RX14: EPCS signing permission granted (two-person grant, 1311.125). */
export function checkEpcsPermission(input: PrescriptionCheckInput): PrescriptionFinding {
  const s = input.prescriber.epcsPermission;
  if (s === "granted") return finding("RX14", true, "The prescriber may sign controlled-substance prescriptions.", ["prescriber"]);
  const msg =
    s === "pending_approval"
      ? "The prescriber's permission to sign controlled-substance prescriptions is waiting for a second person (a DEA registrant) to approve it."
      : s === "revoked"
        ? "The prescriber's permission to sign controlled-substance prescriptions was revoked. An admin and a DEA registrant must grant it again."
        : "The prescriber has no permission to sign controlled-substance prescriptions. An admin enters it and a DEA registrant approves it.";
  return finding("RX14", false, msg, ["prescriber"]);
}

/** RX15: the prescriber has a TOTP second factor enrolled (a password alone never signs). */
export function checkTotp(input: PrescriptionCheckInput): PrescriptionFinding {
  if (input.prescriber.totpEnrolled) return finding("RX15", true, "The prescriber has a two-factor authenticator (TOTP) enrolled.", ["prescriber"]);
  return finding("RX15", false, "The prescriber has no two-factor authenticator (TOTP) enrolled. Enrol one before signing.", ["prescriber"]);
}

/**
 * DEA number shape: two letters and seven digits whose last digit is the check digit
 * ((d1+d3+d5) + 2*(d2+d4+d6)) mod 10. Catches typos; registration itself is verified by a person.
 */
export function isWellFormedDeaNumber(value: string): boolean {
  const m = /^[A-Z]{2}(\d{7})$/i.exec(value.trim());
  if (!m) return false;
  const d = m[1]!.split("").map(Number);
  const sum = d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!);
  return sum % 10 === d[6];
}
