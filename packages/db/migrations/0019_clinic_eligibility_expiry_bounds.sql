-- DOMAIN.md §2 decision expiry N days (C): the admin form's 7-365 bounds (packages/validators decision.ts), so the
-- database refuses what the server refuses. Existing clinics hold the default 90.
ALTER TABLE "clinic" DROP CONSTRAINT "clinic_eligibility_expiry_ck";--> statement-breakpoint
ALTER TABLE "clinic" ADD CONSTRAINT "clinic_eligibility_expiry_ck" CHECK ("clinic"."eligibility_expiry_days" between 7 and 365);