// Synthetic demo data only: invented people, reserved .test email domains, 555-01xx phone
// numbers, and DEA/NPI values made up to pass the check digits (registered to no one).
import type { UsState } from "@clearwell/validators/us-states";

export const DEMO_PASSWORD = "Clearwell-demo-2026";

export const CLINICS = [
  {
    key: "demo",
    name: "Clearwater Ketamine Care (demo)",
    slug: "clearwater-demo",
    timezone: "America/Denver",
    phone: "(555) 010-0100",
    email: "frontdesk@clearwater.test",
    enrolmentCode: "clearwater-demo-enrol",
  },
  {
    key: "second",
    name: "Harbor Light Wellness (demo)",
    slug: "harbor-light-demo",
    timezone: "America/New_York",
    phone: "(555) 010-0200",
    email: "hello@harborlight.test",
    enrolmentCode: "harbor-light-demo-enrol",
  },
] as const;

type Role = "admin" | "provider" | "prescriber" | "staff";

/**
 * A demo staff member. A clinician's NPI, state licences and DEA registrations are recorded in the
 * clinic's credential record (prescriber_profile, prescriber_licence, prescriber_dea_registration)
 * through the Prescribers page's services (demo-credentials.ts): the one store booking, admission,
 * decisions and signing read. NPIs and DEA numbers are synthetic but pass their check digits (the
 * services check them).
 */
export interface DemoStaff {
  clinic: "demo" | "second";
  name: string;
  email: string;
  roles: Role[];
  credentials?: string;
  npi?: string;
  licenses?: UsState[];
  dea?: { state: UsState; number: string }[];
}

export const STAFF: DemoStaff[] = [
  { clinic: "demo", name: "Avery Lindqvist", email: "admin@clearwater.test", roles: ["admin"] },
  {
    clinic: "demo",
    name: "Dr. Jordan Whitfield",
    email: "provider@clearwater.test",
    roles: ["provider"],
    credentials: "PMHNP",
    npi: "1300000001",
    licenses: ["CO", "NM", "UT"],
  },
  {
    clinic: "demo",
    name: "Dr. Samira Okonkwo-Hale",
    email: "prescriber@clearwater.test",
    roles: ["provider", "prescriber"],
    credentials: "MD",
    // The demo prescriber: licensed and DEA-registered in every demo patient's state (she prescribes for
    // Dash in CO); 1234567893 is the common documentation example of an NPI.
    npi: "1234567893",
    licenses: ["CO", "NM", "UT"],
    dea: [
      { state: "CO", number: "FO1000013" },
      { state: "NM", number: "FO1000025" },
      { state: "UT", number: "FO1000037" },
    ],
  },
  { clinic: "second", name: "Morgan Tremblay", email: "admin@harborlight.test", roles: ["admin"] },
  {
    clinic: "second",
    name: "Dr. Riley Castellanos",
    email: "provider@harborlight.test",
    roles: ["provider", "prescriber"],
    credentials: "DO",
    npi: "1400000000",
    licenses: ["MA", "NY"],
    dea: [{ state: "MA", number: "FC3000003" }],
  },
  // Issue 12 (EPCS, 21 CFR 1311.125): a second admin who records prescriber credentials (the first
  // admin verifies them: never the recorder), and a second DEA registrant who approves EPCS access.
  { clinic: "demo", name: "Casey Nakamura", email: "office@clearwater.test", roles: ["admin"] },
  {
    clinic: "demo",
    name: "Dr. Lena Holloway",
    email: "prescriber2@clearwater.test",
    roles: ["prescriber"],
    credentials: "MD",
    npi: "1555555550",
    licenses: ["CO"],
    dea: [{ state: "CO", number: "FH2000014" }],
  },
  // Issue 15: the front desk, who books, moves and cancels visits for patients (no clinical content).
  { clinic: "demo", name: "Robin Ferreira", email: "desk@clearwater.test", roles: ["staff"] },
];

export interface DemoPatient {
  clinic: "demo" | "second";
  givenName: string;
  familyName: string;
  email: string;
  dateOfBirth: string;
  state: string;
  city: string;
  support: [string, string, string];
  emergency: [string, string, string];
  careTeam: string[];
}

export const PATIENTS: DemoPatient[] = [
  { clinic: "demo", givenName: "Quinn", familyName: "Arbogast", email: "patient1@clearwater.test", dateOfBirth: "1986-04-12", state: "CO", city: "Fort Collins", support: ["Tess Arbogast", "Spouse", "(555) 010-1101"], emergency: ["Lee Arbogast", "Brother", "(555) 010-1102"], careTeam: ["provider@clearwater.test", "prescriber@clearwater.test"] },
  { clinic: "demo", givenName: "Marisol", familyName: "Penhallow", email: "patient2@clearwater.test", dateOfBirth: "1979-09-30", state: "NM", city: "Santa Fe", support: ["Ines Penhallow", "Sister", "(555) 010-1201"], emergency: ["Ines Penhallow", "Sister", "(555) 010-1201"], careTeam: ["prescriber@clearwater.test"] },
  { clinic: "demo", givenName: "Dashiell", familyName: "Okafor-Brandt", email: "patient3@clearwater.test", dateOfBirth: "1992-01-18", state: "CO", city: "Boulder", support: ["Priya Raman", "Partner", "(555) 010-1301"], emergency: ["Helga Brandt", "Mother", "(555) 010-1302"], careTeam: ["provider@clearwater.test"] },
  { clinic: "demo", givenName: "Wren", familyName: "Castellano", email: "patient4@clearwater.test", dateOfBirth: "1968-06-05", state: "UT", city: "Provo", support: ["Abel Castellano", "Son", "(555) 010-1401"], emergency: ["Abel Castellano", "Son", "(555) 010-1401"], careTeam: ["provider@clearwater.test"] },
  { clinic: "demo", givenName: "Ottilie", familyName: "Marchetti", email: "patient5@clearwater.test", dateOfBirth: "2001-11-02", state: "CO", city: "Denver", support: ["June Marchetti", "Roommate", "(555) 010-1501"], emergency: ["Carlo Marchetti", "Father", "(555) 010-1502"], careTeam: ["prescriber@clearwater.test"] },
  { clinic: "second", givenName: "Bram", familyName: "Oyelaran", email: "patient1@harborlight.test", dateOfBirth: "1975-03-21", state: "MA", city: "Salem", support: ["Ada Oyelaran", "Spouse", "(555) 010-2101"], emergency: ["Ada Oyelaran", "Spouse", "(555) 010-2101"], careTeam: ["provider@harborlight.test"] },
];
