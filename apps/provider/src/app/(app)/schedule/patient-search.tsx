"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { Button } from "@clearwell/ui/button";
import { cn, focusRing } from "@clearwell/ui/cn";
import { Field } from "@clearwell/ui/field";
import { Input } from "@clearwell/ui/input";

import { RetryAlert } from "~/components/query-states";
import { stateName } from "~/lib/format";
import { fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export interface FoundPatient {
  id: string;
  givenName: string;
  familyName: string;
  preferredName: string | null;
  mrn: string;
  dateOfBirth: string;
  stateOfResidence: string;
  timezone: string;
}

const birthDate = (iso: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
export const patientName = (p: Pick<FoundPatient, "givenName" | "familyName" | "preferredName">) => `${p.preferredName ?? p.givenName} ${p.familyName}`;

/**
 * Finds a patient of the clinic by name, MRN or date of birth (searched on submit, so each search is
 * one audited read). Shows demographics only.
 */
export function PatientSearch({ onPick }: { onPick: (patient: FoundPatient) => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState("");
  const [term, setTerm] = useState<string | null>(null);
  const [tooShort, setTooShort] = useState(false);
  const found = useQuery({ ...trpc.booking.findPatients.queryOptions({ q: term ?? "" }), enabled: term !== null, staleTime: 30_000 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    setTooShort(q.length < 2);
    if (q.length >= 2) setTerm(q);
  };
  const serverError = fieldErrorsOf(found.error).q?.[0];

  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} noValidate className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <Field
          label="Find the patient"
          hint="Name, MRN or date of birth (e.g. 7/21/1987)"
          error={tooShort ? "Enter at least 2 characters of a name, an MRN or a date of birth." : (serverError ?? null)}
          className="flex-1"
        >
          <Input value={text} onChange={(e) => setText(e.target.value)} maxLength={100} autoComplete="off" autoFocus />
        </Field>
        <Button type="submit" variant="secondary" loading={found.isFetching} className="sm:mb-6">
          <Search aria-hidden="true" className="size-4" />
          Search
        </Button>
      </form>
      {term === null ? null : found.isPending ? (
        <p className="text-sm text-slate-600" role="status">
          Searching…
        </p>
      ) : found.isError ? (
        serverError ? null : <RetryAlert title="The search did not work" error={found.error} onRetry={() => void found.refetch()} retrying={found.isFetching} />
      ) : found.data.length === 0 ? (
        <p className="text-sm text-slate-700" role="status">
          No patient in this clinic matches “{term}”. Check the spelling, or try the MRN or date of birth.
        </p>
      ) : (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-slate-600" role="status">
            {found.data.length === 10 ? "The first 10 matches; add more of the name to narrow them." : `${found.data.length} ${found.data.length === 1 ? "match" : "matches"}`}
          </p>
          <ul className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200">
            {found.data.map((p) => (
              <li key={p.id}>
                <button type="button" onClick={() => onPick(p)} className={cn("flex w-full flex-col items-start gap-0.5 px-3 py-2.5 text-left hover:bg-slate-50", focusRing)}>
                  <span className="text-sm font-semibold text-slate-900">{patientName(p)}</span>
                  <span className="text-sm text-slate-600">
                    MRN <span className="font-mono">{p.mrn}</span> · born {birthDate(p.dateOfBirth)} · {stateName(p.stateOfResidence)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export { birthDate };
