-- Issue 12 (audit A2): one licence / DEA store. Booking, visit admission, the decision's licence notice
-- and the Staff page read the clinic-scoped credentials the Prescribers page records and verifies
-- (prescriber_licence, prescriber_dea_registration, migration 0020), as signing already did. The
-- clinic-less state_license and dea_registration (migration 0001) had no writer but the seed.
--
-- Their rows are copied into every clinic the person belongs to where that clinic has no row for the
-- same (person, state) yet, removed or not (a state the clinic's admins have recorded, or removed, is
-- theirs to keep). Copies are unverified (verification is a second person's act, 1311.125) and
-- recorded as entered by the person themself. States and DEA numbers are upper-cased and trimmed; rows
-- the new checks would still refuse (a state that is not two letters; a DEA number or schedule outside
-- the checks) are not copied. A person with no clinic membership has nowhere to copy to. Then the old
-- tables go (nothing writes or reads them).
INSERT INTO "prescriber_licence" ("clinic_id", "user_id", "state", "number", "expires_on", "created_by_user_id", "created_at")
SELECT m."clinic_id", s."user_id", upper(btrim(s."state")), s."license_number", s."expires_on", s."user_id", s."created_at"
FROM "state_license" s
JOIN (SELECT DISTINCT "clinic_id", "user_id" FROM "clinic_membership") m ON m."user_id" = s."user_id"
WHERE upper(btrim(s."state")) ~ '^[A-Z]{2}$'
  AND NOT EXISTS (
    SELECT 1 FROM "prescriber_licence" p
    WHERE p."clinic_id" = m."clinic_id" AND p."user_id" = s."user_id" AND p."state" = upper(btrim(s."state"))
  );
--> statement-breakpoint
INSERT INTO "prescriber_dea_registration" ("clinic_id", "user_id", "number", "state", "schedules", "expires_on", "created_by_user_id", "created_at")
SELECT m."clinic_id", r."user_id", upper(btrim(r."dea_number")), upper(btrim(r."state")), r."schedules", r."expires_on", r."user_id", r."created_at"
FROM "dea_registration" r
JOIN (SELECT DISTINCT "clinic_id", "user_id" FROM "clinic_membership") m ON m."user_id" = r."user_id"
WHERE upper(btrim(r."state")) ~ '^[A-Z]{2}$'
  AND upper(btrim(r."dea_number")) ~ '^[A-Z][A-Z9][0-9]{7}$'
  AND r."schedules" <@ array['2', '2N', '3', '3N', '4', '5']::text[]
  AND NOT EXISTS (
    SELECT 1 FROM "prescriber_dea_registration" p
    WHERE p."clinic_id" = m."clinic_id" AND p."user_id" = r."user_id" AND p."state" = upper(btrim(r."state"))
  );
--> statement-breakpoint
DROP TABLE "state_license" CASCADE;--> statement-breakpoint
DROP TABLE "dea_registration" CASCADE;
