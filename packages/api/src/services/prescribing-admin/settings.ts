import { type AckMapping, DEFAULT_PRESCRIBING_CONFIG, type PrescribingConfig, ackMappingWith, clinicToday } from "@clearwell/clinical";
import type { Database, DbOrTx } from "@clearwell/db/client";
import { schema } from "@clearwell/db/client";
import { type TAckMappingOverrides, type TPrescribingSettingsUpdateInput, ZAckMappingOverrides } from "@clearwell/validators/prescribing-admin";
import { eq } from "drizzle-orm";

import type { Actor } from "../../actor";
import { DomainError } from "../../errors";
import { recordAudit } from "../audit/record-audit";
import { clinicZone } from "./clinic-day";

type Row = typeof schema.clinicPrescribingSettings.$inferSelect;
type Values = Omit<Row, "clinicId" | "createdAt" | "updatedAt" | "updatedByUserId">;

const DEFAULT_FLEXIBILITY = DEFAULT_PRESCRIBING_CONFIG.legalBasis.temporaryFlexibility!;

/** The values a clinic without a settings row has (the table's defaults, DEFAULT_PRESCRIBING_CONFIG). */
export const DEFAULT_SETTINGS: Values = {
  flexibilityRule: DEFAULT_FLEXIBILITY.rule,
  flexibilityValidUntil: DEFAULT_FLEXIBILITY.validUntil,
  specialRegistrationEnabled: false,
  telemedicineExceptionEnabled: false,
  requireDeaInPatientState: DEFAULT_PRESCRIBING_CONFIG.requireDeaRegistrationInPatientState,
  maxRefills: DEFAULT_PRESCRIBING_CONFIG.maxRefills,
  defaultRefills: DEFAULT_PRESCRIBING_CONFIG.defaultRefills,
  fillableMonths: DEFAULT_PRESCRIBING_CONFIG.fillableMonths,
  pdmpRequiredByState: {},
  pdmpRequiredByDefault: DEFAULT_PRESCRIBING_CONFIG.pdmp.requiredByDefault,
  pdmpMaxAgeHours: DEFAULT_PRESCRIBING_CONFIG.pdmp.maxAgeHours,
  pdmpMinAttemptsWhenUnavailable: DEFAULT_PRESCRIBING_CONFIG.pdmp.minAttemptsWhenUnavailable,
  pdmpUnavailableMaxDaysSupply: DEFAULT_PRESCRIBING_CONFIG.pdmp.unavailableMaxDaysSupply,
  allowProviderDrafts: true,
  ackStatusMap: null,
  pendingAlertMinutes: 5,
};

/** Stored overrides that no longer parse (written by hand) count as none: the defaults apply. */
function overridesOf(raw: unknown): TAckMappingOverrides | null {
  if (raw === null || raw === undefined) return null;
  const parsed = ZAckMappingOverrides.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

async function loadRow(db: DbOrTx, clinicId: string, lock = false) {
  const s = schema.clinicPrescribingSettings;
  const q = db.select().from(s).where(eq(s.clinicId, clinicId));
  const [row] = lock ? await q.for("update") : await q;
  return row ?? null;
}

/**
 * The clinic's prescribing configuration for packages/clinical checkPrescription (PrescribingConfig)
 * and the rest of issue 12 (provider drafts, acknowledgement mapping, pending alert). A clinic that
 * never saved settings gets the defaults. The flexibility's rule text defaults when only its date is set;
 * a null date is no flexibility (fails closed, DOMAIN.md §4.4).
 */
export async function prescribingSettingsOf(db: DbOrTx, clinicId: string) {
  const row = await loadRow(db, clinicId);
  const v: Values = row ?? DEFAULT_SETTINGS;
  const config: PrescribingConfig = {
    maxRefills: v.maxRefills,
    defaultRefills: v.defaultRefills,
    fillableMonths: v.fillableMonths,
    requireDeaRegistrationInPatientState: v.requireDeaInPatientState,
    legalBasis: {
      temporaryFlexibility: v.flexibilityValidUntil ? { rule: v.flexibilityRule ?? DEFAULT_FLEXIBILITY.rule, validUntil: v.flexibilityValidUntil } : null,
      specialRegistrationEnabled: v.specialRegistrationEnabled,
      telemedicineExceptionEnabled: v.telemedicineExceptionEnabled,
    },
    pdmp: {
      requiredByState: v.pdmpRequiredByState ?? {},
      requiredByDefault: v.pdmpRequiredByDefault,
      maxAgeHours: v.pdmpMaxAgeHours,
      minAttemptsWhenUnavailable: v.pdmpMinAttemptsWhenUnavailable,
      unavailableMaxDaysSupply: v.pdmpUnavailableMaxDaysSupply,
    },
  };
  const overrides = overridesOf(v.ackStatusMap);
  const ackMapping: AckMapping = ackMappingWith(overrides ?? undefined);
  return { row, values: v, config, ackOverrides: overrides, ackMapping, allowProviderDrafts: v.allowProviderDrafts, pendingAlertMinutes: v.pendingAlertMinutes };
}

async function view(db: DbOrTx, clinicId: string, now: Date) {
  const s = await prescribingSettingsOf(db, clinicId);
  const today = clinicToday(now, await clinicZone(db, clinicId));
  const updatedBy = s.row?.updatedByUserId
    ? ((await db.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, s.row.updatedByUserId)))[0]?.name ?? null)
    : null;
  const v = s.values;
  return {
    flexibilityRule: v.flexibilityValidUntil ? (v.flexibilityRule ?? DEFAULT_FLEXIBILITY.rule) : v.flexibilityRule,
    flexibilityValidUntil: v.flexibilityValidUntil,
    // RX16: in force through its last day, in the clinic's calendar; none from the next day (fails closed).
    flexibilityInForce: !!v.flexibilityValidUntil && today <= v.flexibilityValidUntil,
    specialRegistrationEnabled: v.specialRegistrationEnabled,
    telemedicineExceptionEnabled: v.telemedicineExceptionEnabled,
    requireDeaInPatientState: v.requireDeaInPatientState,
    maxRefills: v.maxRefills,
    defaultRefills: v.defaultRefills,
    fillableMonths: v.fillableMonths,
    pdmpRequiredByState: v.pdmpRequiredByState ?? {},
    pdmpRequiredByDefault: v.pdmpRequiredByDefault,
    pdmpMaxAgeHours: v.pdmpMaxAgeHours,
    pdmpMinAttemptsWhenUnavailable: v.pdmpMinAttemptsWhenUnavailable,
    pdmpUnavailableMaxDaysSupply: v.pdmpUnavailableMaxDaysSupply,
    allowProviderDrafts: v.allowProviderDrafts,
    ackStatusMap: s.ackOverrides,
    ackMapping: s.ackMapping,
    pendingAlertMinutes: v.pendingAlertMinutes,
    updatedAt: s.row?.updatedAt ?? null,
    updatedByName: updatedBy,
  };
}

/** prescribingSettings.get */
export async function getPrescribingSettings(db: Database, clinicId: string, now = new Date()) {
  return view(db, clinicId, now);
}

/**
 * prescribingSettings.update: each value on its own; values not sent stay. Refills: the default
 * may not exceed the maximum, itself at most 5 (21 CFR 1306.22(a); the table checks it too).
 * Audited with each changed value, from and to (configuration, no patient data).
 */
export async function updatePrescribingSettings(db: Database, actor: Actor, clinicId: string, input: TPrescribingSettingsUpdateInput, now = new Date()) {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<Values>;
  if (Object.keys(changes).length === 0) throw new DomainError("BAD_INPUT", "Choose a setting to change.");
  return db.transaction(async (tx) => {
    // FOR UPDATE: two admins saving at once each audit the value they replaced.
    const before = (await loadRow(tx, clinicId, true)) ?? DEFAULT_SETTINGS;
    const after: Values = { ...before, ...changes };
    if (after.defaultRefills > after.maxRefills) {
      throw new DomainError("BAD_INPUT", `The default refills (${after.defaultRefills}) cannot be more than the maximum (${after.maxRefills}).`, ["defaultRefills"]);
    }
    // Clearing the date ends the flexibility; setting it with no rule named keeps the known rule.
    if (after.flexibilityValidUntil && !after.flexibilityRule) after.flexibilityRule = DEFAULT_FLEXIBILITY.rule;
    const s = schema.clinicPrescribingSettings;
    const set = { ...pick(after), updatedAt: new Date(), updatedByUserId: actor.userId };
    await tx
      .insert(s)
      .values({ clinicId, ...set })
      .onConflictDoUpdate({ target: s.clinicId, set });
    const detail = Object.fromEntries(
      (Object.keys(changes) as (keyof Values)[])
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    await recordAudit(tx, actor, { action: "prescribing.settings.update", resourceType: "clinic", resourceId: clinicId, detail });
    return view(tx, clinicId, now);
  });
}

function pick(v: Values): Values {
  return {
    flexibilityRule: v.flexibilityRule,
    flexibilityValidUntil: v.flexibilityValidUntil,
    specialRegistrationEnabled: v.specialRegistrationEnabled,
    telemedicineExceptionEnabled: v.telemedicineExceptionEnabled,
    requireDeaInPatientState: v.requireDeaInPatientState,
    maxRefills: v.maxRefills,
    defaultRefills: v.defaultRefills,
    fillableMonths: v.fillableMonths,
    pdmpRequiredByState: v.pdmpRequiredByState,
    pdmpRequiredByDefault: v.pdmpRequiredByDefault,
    pdmpMaxAgeHours: v.pdmpMaxAgeHours,
    pdmpMinAttemptsWhenUnavailable: v.pdmpMinAttemptsWhenUnavailable,
    pdmpUnavailableMaxDaysSupply: v.pdmpUnavailableMaxDaysSupply,
    allowProviderDrafts: v.allowProviderDrafts,
    ackStatusMap: v.ackStatusMap,
    pendingAlertMinutes: v.pendingAlertMinutes,
  };
}
