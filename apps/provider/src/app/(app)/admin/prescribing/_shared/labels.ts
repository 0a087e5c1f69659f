import type { FormularyForm, FormularyRoute } from "@clearwell/clinical/prescribing/formulary";

/** Forms and routes in words for the admin screens (DOMAIN.md §4.1). */
export const FORM_LABEL: Record<FormularyForm, string> = {
  troche: "Troche",
  rdt_odt: "Rapid-dissolve tablet (RDT/ODT)",
  nasal_spray: "Nasal spray",
};

export const ROUTE_LABEL: Record<FormularyRoute, string> = {
  sublingual: "Sublingual (under the tongue)",
  buccal: "Buccal (between cheek and gum)",
  intranasal: "Intranasal",
};

/** What one dose unit is called, for field labels ("mg per troche"). */
export const UNIT_OF_FORM: Record<FormularyForm, string> = {
  troche: "troche",
  rdt_odt: "tablet",
  nasal_spray: "spray",
};

/** Why nasal spray is off unless a clinic turns it on (DOMAIN.md §4.1 "Default not offered (C)"). */
export const NASAL_SPRAY_OFF_REASON =
  "Not offered by default: a multi-dose nasal spray device carries a higher risk of diversion than single-dose troches or tablets. Offer it only if your clinic and its compounding pharmacy have agreed to.";
