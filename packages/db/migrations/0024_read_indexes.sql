-- Issue 14: indexes that keep reads at the depth of what they show. A schedule reads only the
-- appointments overlapping its range (gist, btree_gist from 0000); the chart timeline reads a patient's
-- successful writes, never the audit rows of their reads; a clinic's care teams without another clinic's.
CREATE INDEX "care_team_member_clinic_patient_idx" ON "care_team_member" USING btree ("clinic_id","patient_id");--> statement-breakpoint
CREATE INDEX "audit_event_timeline_idx" ON "audit_event" USING btree ("patient_id","action","occurred_at" DESC NULLS LAST) WHERE "audit_event"."outcome" = 'success';--> statement-breakpoint
CREATE INDEX "appointment_clinic_during_idx" ON "appointment" USING gist ("clinic_id",tstzrange("starts_at", "ends_at", '[)'));--> statement-breakpoint
CREATE INDEX "appointment_provider_during_idx" ON "appointment" USING gist ("provider_user_id",tstzrange("starts_at", "ends_at", '[)'));