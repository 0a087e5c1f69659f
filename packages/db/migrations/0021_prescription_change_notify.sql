-- Live prescription status (issue 12: the chart's prescriptions with live status) is pushed, not polled:
-- a new prescription or a status change notifies channel prescription_changed on commit, whoever made
-- it (the signing transaction, the relay, an inbound Status or CancelRxResponse). The payload carries
-- ids only (clinic, prescription, patient), never content. Pattern of 0012 (visit_changed).
CREATE FUNCTION notify_prescription_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('prescription_changed', json_build_object('c', NEW.clinic_id, 'p', NEW.id, 'pt', NEW.patient_id)::text);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER prescription_notify_change AFTER INSERT OR UPDATE OF status, version ON prescription FOR EACH ROW EXECUTE FUNCTION notify_prescription_changed();
