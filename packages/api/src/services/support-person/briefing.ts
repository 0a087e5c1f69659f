/**
 * What the support person reads before they consent (issue 13 §4): what to watch for, when to call
 * 911, and not letting the patient drive. The version is stored with their consent; a change to
 * the text is a new version, which they confirm again.
 */
export const BRIEFING_VERSION = "2026-11";

export function briefing(patientFirstName: string) {
  return {
    version: BRIEFING_VERSION,
    title: `Being ${patientFirstName}'s support person`,
    sections: [
      {
        heading: "Your role",
        points: [
          `${patientFirstName} takes some treatment sessions at home. A support person must be with them in person for each session and for the hours after it, until the effects have worn off.`,
          "Before each session you confirm you are there: open this link on your phone, tap “I'm with them now” and read the 6-digit code to them.",
          "You do not need an account, and you will not see their health records.",
        ],
      },
      {
        heading: "During and after the session",
        points: [
          "Stay in the same room or close by. They may feel detached, dreamy, dizzy, sleepy or sick for an hour or two.",
          "Keep them sitting or lying down somewhere calm. Help them if they need to walk.",
          "If they are sick, keep them on their side.",
          "They must not drive, cycle or use machinery until the next day after sleep. Do not let them drive.",
          "No alcohol or sedatives that were not prescribed.",
        ],
      },
      {
        heading: "Call 911 at once if they have",
        points: ["Chest pain or pressure", "Trouble breathing", "Fainting or cannot be woken", "A seizure", "Severe confusion (not knowing where they are or who you are)"],
      },
      {
        heading: "Thoughts of self-harm",
        points: ["If they talk about hurting themselves or not wanting to live, stay with them and call or text 988 (Suicide & Crisis Lifeline). Call 911 if they are in immediate danger."],
      },
    ],
  };
}
