import { z } from "zod";

import { US_STATE_CODES } from "./us-states";

export const ZEmail = z.email("Enter a valid email address.").max(254).transform((s) => s.trim().toLowerCase());
export const ZPassword = z
  .string()
  .min(12, "Use at least 12 characters.")
  .max(128, "Use at most 128 characters.");
export const ZPersonName = z.string().trim().min(1, "Required.").max(100, "Too long.");
export const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()\-.]{7,20}$/, "Enter a phone number, e.g. (555) 010-0100.");
export const ZOptionalPhone = z.union([ZPhone, z.literal("").transform(() => undefined)]).optional();
export const ZState = z.enum(US_STATE_CODES, { message: "Choose a state." });
export const ZIsoDate = z.iso.date("Enter a date as YYYY-MM-DD.");
export const ZUuid = z.uuid("Not a valid id.");
export const ZToken = z.string().min(20).max(200);
export const ZStaffRole = z.enum(["admin", "provider", "prescriber", "staff"]);
