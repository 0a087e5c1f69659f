import { DEFAULT_PRESCRIBING_CONFIG, type PrescribingConfig } from "@clearwell/clinical";
import type { DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { eq } from "drizzle-orm";

import { DomainError } from "../../errors";

export interface ClinicPrescribing {
  config: PrescribingConfig;
  /** DOMAIN.md §1 "Create Rx draft: Provider A (C)": providers without the prescriber role may prepare drafts. */
  allowProviderDrafts: boolean;
  /** The clinic's IANA zone: "today", expiry days and the legal-basis date are its calendar days. */
  timeZone: string;
}

const s = schema.clinicPrescribingSettings;

/**
 * The clinic's prescribing configuration (clinic_prescribing_settings) as packages/clinical's
 * PrescribingConfig, in one query. A clinic without a settings row gets the defaults
 * (DEFAULT_PRESCRIBING_CONFIG, every "(C)" of DOMAIN.md §4). A null flexibility expiry means no
 * flexibility is in force: RX16 then fails closed (DOMAIN.md §4.4).
 */
export async function clinicPrescribing(tx: DbOrTx, clinicId: string): Promise<ClinicPrescribing> {
  const [row] = await tx
    .select({ timeZone: schema.clinic.timezone, settings: s })
    .from(schema.clinic)
    .leftJoin(s, eq(s.clinicId, schema.clinic.id))
    .where(eq(schema.clinic.id, clinicId));
  if (!row) throw new DomainError("NOT_FOUND", "Clinic not found.");
  const st = row.settings;
  if (!st) return { config: DEFAULT_PRESCRIBING_CONFIG, allowProviderDrafts: true, timeZone: row.timeZone };
  const defaultFlex = DEFAULT_PRESCRIBING_CONFIG.legalBasis.temporaryFlexibility;
  return {
    timeZone: row.timeZone,
    allowProviderDrafts: st.allowProviderDrafts,
    config: {
      maxRefills: st.maxRefills,
      defaultRefills: st.defaultRefills,
      fillableMonths: st.fillableMonths,
      requireDeaRegistrationInPatientState: st.requireDeaInPatientState,
      legalBasis: {
        temporaryFlexibility: st.flexibilityValidUntil ? { rule: st.flexibilityRule?.trim() || defaultFlex?.rule || "DEA/HHS temporary telemedicine flexibilities", validUntil: st.flexibilityValidUntil } : null,
        specialRegistrationEnabled: st.specialRegistrationEnabled,
        telemedicineExceptionEnabled: st.telemedicineExceptionEnabled,
      },
      pdmp: {
        requiredByState: st.pdmpRequiredByState ?? {},
        requiredByDefault: st.pdmpRequiredByDefault,
        maxAgeHours: st.pdmpMaxAgeHours,
        minAttemptsWhenUnavailable: st.pdmpMinAttemptsWhenUnavailable,
        unavailableMaxDaysSupply: st.pdmpUnavailableMaxDaysSupply,
      },
    },
  };
}
