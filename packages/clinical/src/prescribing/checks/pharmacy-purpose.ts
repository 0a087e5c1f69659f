/** RX18 and RX19: an EPCS pharmacy that ships to the patient's state, and the documented medical purpose. */
import type { PrescriptionCheckInput } from "../check";
import type { PrescriptionFinding } from "../rules";
import { finding, sameState } from "./shared";

/** RX18: the pharmacy accepts EPCS and ships to the state the patient was in. */
export function checkPharmacy(input: PrescriptionCheckInput): PrescriptionFinding {
  const ph = input.pharmacy;
  const state = input.basisVisit?.patientState;
  if (!ph) return finding("RX18", false, "Choose a pharmacy from the clinic's pharmacy directory.", ["pharmacy"]);
  if (!ph.epcsCapable) return finding("RX18", false, "This pharmacy does not accept electronic controlled-substance prescriptions. Choose an EPCS-capable pharmacy.", ["pharmacy"]);
  if (!state) return finding("RX18", false, "The basis visit has no recorded patient location, so shipping cannot be checked.", ["basisVisit"]);
  if (!ph.shipsToStates.some((s) => sameState(s, state))) return finding("RX18", false, `This pharmacy does not ship to ${state}. Choose a pharmacy that ships there.`, ["pharmacy"]);
  return finding("RX18", true, `The pharmacy accepts EPCS and ships to ${state}.`, ["pharmacy"]);
}

/** RX19 (record): a signed note documents the legitimate medical purpose (1306.04(a)). */
export function checkLegitimatePurpose(input: PrescriptionCheckInput): PrescriptionFinding {
  if (input.signedNoteLinked) return finding("RX19", true, "A signed clinical note documents the reason for this prescription.", ["note"]);
  return finding("RX19", false, "No signed clinical note is linked. Link the signed evaluation or follow-up note that documents the reason for this prescription.", ["note"]);
}
