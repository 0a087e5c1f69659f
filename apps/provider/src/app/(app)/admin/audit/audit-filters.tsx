"use client";

import { Filter, SlidersHorizontal } from "lucide-react";
import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@clearwell/ui/button";
import { cn } from "@clearwell/ui/cn";
import { Field, TextField } from "@clearwell/ui/field";
import { Select } from "@clearwell/ui/select";

import { fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export interface Filters {
  action: string;
  outcome: "" | "success" | "denied" | "error";
  actorUserId: string;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: Filters = { action: "", outcome: "", actorUserId: "", from: "", to: "" };
export const activeFilterCount = (f: Filters) => Object.values(f).filter(Boolean).length;

/** Who, what, outcome and when; applied together with the button (the patient applies on choosing). */
export function AuditFilters({
  applied,
  onApply,
  onClear,
  busy,
  serverError,
  extraActive,
}: {
  applied: Filters;
  onApply: (f: Filters) => void;
  onClear: () => void;
  busy: boolean;
  serverError: unknown;
  extraActive: number;
}) {
  const trpc = useTRPC();
  const gridId = useId();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const [draft, setDraft] = useState<Filters>(applied);
  const [errors, setErrors] = useState<Partial<Record<keyof Filters, string>>>({});
  // Phones: the events come first; the other filters open on request. Wider screens show them always.
  const [open, setOpen] = useState(false);
  const server = serverError ? fieldErrorsOf(serverError) : {};
  const active = activeFilterCount(applied) + extraActive;

  function apply(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const errs: Partial<Record<keyof Filters, string>> = {};
    if (draft.from && draft.to && draft.from > draft.to) errs.to = "Choose an end date on or after the start date.";
    setErrors(errs);
    if (Object.keys(errs).length) return;
    onApply(draft);
  }

  const set = (key: keyof Filters) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  return (
    <form onSubmit={apply} aria-label="Filter audit events" className="flex flex-col gap-4">
      <Button type="button" variant="secondary" className="self-start md:hidden" aria-expanded={open} aria-controls={gridId} onClick={() => setOpen((o) => !o)}>
        <SlidersHorizontal aria-hidden="true" />
        {open ? "Hide filters" : "More filters"}
      </Button>
      <div id={gridId} className={cn("grid gap-4 sm:grid-cols-2 lg:grid-cols-3", !open && "max-md:hidden")}>
        <Field label="Staff member" hint={staff.isError ? "The staff list could not be loaded." : undefined}>
          <Select name="actorUserId" value={draft.actorUserId} onChange={set("actorUserId")}>
            <option value="">Anyone</option>
            {staff.data?.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </Select>
        </Field>
        <TextField
          label="Event code starts with"
          name="action"
          placeholder="e.g. chart. or auth.sign_in"
          value={draft.action}
          onChange={set("action")}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          error={server.action}
        />
        <Field label="Outcome">
          <Select name="outcome" value={draft.outcome} onChange={set("outcome")}>
            <option value="">Any outcome</option>
            <option value="success">Success</option>
            <option value="denied">Denied</option>
            <option value="error">Error</option>
          </Select>
        </Field>
        <TextField label="From (clinic date)" type="date" name="from" value={draft.from} onChange={set("from")} error={server.from} />
        <TextField label="To (clinic date)" type="date" name="to" value={draft.to} onChange={set("to")} error={errors.to ?? server.to} />
      </div>
      <div className={cn("flex flex-wrap items-center gap-2", !open && active === 0 && "max-md:hidden")}>
        <Button type="submit" loading={busy} className={cn(!open && "max-md:hidden")}>
          <Filter aria-hidden="true" />
          Apply filters
        </Button>
        <Button
          variant="ghost"
          disabled={active === 0 && !Object.values(draft).some(Boolean)}
          onClick={() => {
            setDraft(EMPTY_FILTERS);
            setErrors({});
            onClear();
          }}
        >
          Clear all
        </Button>
        <p className="text-sm text-slate-600" role="status">
          {active ? `${active} filter${active === 1 ? "" : "s"} applied` : "Showing all events"}
        </p>
      </div>
    </form>
  );
}
