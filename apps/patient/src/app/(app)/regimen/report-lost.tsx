"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { Field, TextField } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { ZRegimenReportLostInput } from "@clearwell/validators/regimen";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChevronDown, PackageX } from "lucide-react";
import { useId, useRef, useState } from "react";

import { type FieldErrors, focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { useTRPC } from "~/trpc/react";

import type { Regimen } from "./regimen-view";
import { unitsText } from "./words";
import { refusalByField, refusalMessage } from "../refusal";

/** Report lost or stolen medicine (DOMAIN.md §7 A6): the prescriber is told; the patient is told what happens next. */
export function ReportLost({ regimen }: { regimen: Regimen }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const report = useMutation(trpc.regimen.reportLostOrStolen.mutationOptions());
  const [open, setOpen] = useState(false);
  const [units, setUnits] = useState("");
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const formRef = useRef<HTMLFormElement>(null);
  const panelId = useId();

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (report.isPending) return;
    setFormError(null);
    const parsed = ZRegimenReportLostInput.safeParse({ regimenId: regimen.id, units: units.trim() === "" ? undefined : Number(units), description, idempotencyKey });
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error));
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    try {
      const res = await report.mutateAsync(parsed.data);
      setDone(res.message);
      setUnits("");
      setDescription("");
      setKey(crypto.randomUUID());
      void queryClient.invalidateQueries({ queryKey: trpc.regimen.mine.queryKey() });
    } catch (err) {
      const fromServer = refusalByField(err);
      if (Object.keys(fromServer).length) {
        setErrors(fromServer);
        focusFirstInvalid(formRef.current);
      } else setFormError(refusalMessage(err, "We couldn't send your report. Please try again, or call your care team."));
    }
  }

  return (
    <Card>
      <CardContent className="flex flex-col gap-3 py-4">
        <h3>
          <button
            type="button"
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((o) => !o)}
            className="flex min-h-11 w-full items-center gap-2 rounded-md text-left text-base font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            <PackageX aria-hidden="true" className="size-5 shrink-0 text-brand-700" />
            <span className="flex-1">Report lost or stolen medicine</span>
            <ChevronDown aria-hidden="true" className={`size-5 shrink-0 transition-transform ${open ? "rotate-180" : ""}`} />
          </button>
        </h3>
        <div id={panelId} hidden={!open} className="flex flex-col gap-4">
          {done ? (
            <Alert variant="success" title="Report received">
              {done}
            </Alert>
          ) : null}
          <p className="text-base text-slate-700">
            Tell us as soon as you can. Your prescriber is told and will contact you. Do not take extra doses to make up for missing medicine.
          </p>
          <form ref={formRef} noValidate onSubmit={(e) => void onSubmit(e)} className="flex flex-col gap-4">
            {formError ? <Alert variant="error">{formError}</Alert> : null}
            <TextField
              label={`How many ${regimen.unitLabel === "mL" ? "mL" : `${regimen.unitLabel}s`} are missing?`}
              hint={`You have ${unitsText(regimen.unitsOnHand, regimen.unitLabel)} on record.`}
              name="units"
              type="text"
              inputMode="decimal"
              autoComplete="off"
              value={units}
              onChange={(e) => setUnits(e.target.value)}
              error={errors.units}
              required
              className="h-12 max-w-40 sm:h-11"
            />
            <Field label="What happened?" hint="A sentence or two is enough: when and where you last had it." error={errors.description} required>
              <Textarea name="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={3} />
            </Field>
            <Button type="submit" size="lg" variant="secondary" loading={report.isPending} className="self-stretch sm:self-start">
              Send report
            </Button>
          </form>
        </div>
      </CardContent>
    </Card>
  );
}
