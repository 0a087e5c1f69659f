-- Live visit updates (waiting rooms, "patient is waiting") are pushed, not polled: every change to a
-- visit or its participants notifies channel visit_changed on commit, to every app instance that
-- listens. The payload carries ids only (clinic, appointment, provider, patient), never names.
CREATE FUNCTION notify_visit_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_clinic uuid;
  v_appointment uuid;
  v_provider text;
  v_patient uuid;
BEGIN
  IF TG_TABLE_NAME = 'visit' THEN
    v_clinic := NEW.clinic_id; v_appointment := NEW.appointment_id; v_provider := NEW.provider_user_id; v_patient := NEW.patient_id;
  ELSE
    SELECT clinic_id, appointment_id, provider_user_id, patient_id INTO v_clinic, v_appointment, v_provider, v_patient FROM visit WHERE id = NEW.visit_id;
  END IF;
  IF v_appointment IS NOT NULL THEN
    -- Identical payloads in one transaction are delivered once: a burst of writes is one push.
    PERFORM pg_notify('visit_changed', json_build_object('c', v_clinic, 'a', v_appointment, 'p', v_provider, 'pt', v_patient)::text);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER visit_notify_change AFTER INSERT OR UPDATE ON visit FOR EACH ROW EXECUTE FUNCTION notify_visit_changed();
--> statement-breakpoint
CREATE TRIGGER visit_participant_notify_change AFTER INSERT OR UPDATE ON visit_participant FOR EACH ROW EXECUTE FUNCTION notify_visit_changed();
