/**
 * Consent texts shown in intake. The version is recorded with each acceptance (with a
 * SHA-256 of the text), so a changed text needs a new version, never an edit in place.
 * Clinics and their counsel own the final wording.
 */
export interface ConsentText {
  kind: "telehealth" | "controlled_substance_agreement";
  version: string;
  title: string;
  paragraphs: readonly string[];
}

export const TELEHEALTH_CONSENT: ConsentText = {
  kind: "telehealth",
  version: "telehealth-2026-11",
  title: "Consent to telehealth care",
  paragraphs: [
    "I agree to receive evaluation and follow-up care by secure video. Video visits are not recorded.",
    "At the start of every visit I will say which state I am in. My clinician can only treat me while I am in a state where they are licensed.",
    "Telehealth has limits: my clinician cannot examine me in person, and a poor connection may end a visit early. My clinician may ask me to be seen in person when that is safer.",
    "In an emergency I will call 911 or go to the nearest emergency department. If I have thoughts of harming myself I will call or text 988. The portal is not monitored around the clock.",
    "I can withdraw this consent at any time by telling the clinic.",
  ],
};

export const CONTROLLED_SUBSTANCE_AGREEMENT: ConsentText = {
  kind: "controlled_substance_agreement",
  version: "cs-agreement-2026-11",
  title: "Controlled-substance agreement (ketamine, Schedule III)",
  paragraphs: [
    "Ketamine is a Schedule III controlled substance. Compounded forms are not FDA-approved for depression or anxiety, and my clinician will explain the risks and alternatives before any prescription.",
    "I will take ketamine only as prescribed, only at home with my support person present for the whole session and the recovery period afterwards, and never with alcohol or sedatives not prescribed to me.",
    "I will not drive, operate machinery or make important decisions until the next day after a restful sleep.",
    "I will check my blood pressure before each dose and will not take a dose if the app tells me not to.",
    "I will store the medication locked away from others, never share it, and report any loss or theft to the clinic right away. Early refills are not given for lost or stolen medication without review.",
    "I will use one pharmacy, attend my follow-up visits and complete my check-ins. My clinician may pause or stop treatment if it is not safe to continue.",
  ],
};

export const CONSENT_TEXTS = [TELEHEALTH_CONSENT, CONTROLLED_SUBSTANCE_AGREEMENT] as const;

/** The canonical text that is hashed and stored with an acceptance. */
export function consentCanonicalText(c: ConsentText): string {
  return [c.version, c.title, ...c.paragraphs].join("\n");
}
