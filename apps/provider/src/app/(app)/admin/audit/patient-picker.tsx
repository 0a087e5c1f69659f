"use client";

import { Search, UserRound, X } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@clearwell/ui/button";
import { Input } from "@clearwell/ui/input";
import { Label } from "@clearwell/ui/label";

import { formatDate } from "~/lib/format";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export interface AuditPatient {
  id: string;
  name: string;
  mrn: string;
  dateOfBirth: string;
}

/** Typing pauses this long before a search goes out (each search is itself audited). */
const DEBOUNCE_MS = 350;

/**
 * Finds the patient whose audit trail the admin wants by name, MRN or date of birth, in this
 * clinic only, instead of pasting an id. Demographics only.
 */
export function PatientPicker({
  selected,
  onSelect,
  missing,
  loading,
}: {
  selected: AuditPatient | null;
  onSelect: (p: AuditPatient | null) => void;
  /** The address names a patient who is not this clinic's. */
  missing?: boolean;
  /** The address names a patient whose name is still on its way. */
  loading?: boolean;
}) {
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState("");
  const [term, setTerm] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setTerm(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);
  const search = useQuery({ ...trpc.audit.findPatient.queryOptions({ q: term }), enabled: !selected && term.length >= 2, staleTime: 30_000 });

  if (selected || missing || loading) {
    return (
      <div className="flex flex-col gap-1.5">
        <span className="text-sm font-medium text-slate-800">Patient</span>
        <div className="flex items-center gap-3 rounded-lg border border-brand-200 bg-brand-50 px-3 py-2">
          <UserRound className="size-5 shrink-0 text-brand-700" aria-hidden="true" />
          <p className="min-w-0 flex-1 text-sm" aria-live="polite">
            {selected ? (
              <>
                <span className="font-medium text-slate-900">{selected.name}</span>
                <span className="block text-xs text-slate-700 sm:inline">
                  <span className="sm:before:content-['_·_']">MRN {selected.mrn}</span> · born {formatDate(selected.dateOfBirth)}
                </span>
              </>
            ) : loading ? (
              <span className="text-slate-700">Loading the patient…</span>
            ) : (
              <span className="text-slate-800">A patient who is not in this clinic (their events here are shown without a name).</span>
            )}
          </p>
          <Button variant="ghost" size="sm" onClick={() => onSelect(null)}>
            <X aria-hidden="true" />
            Change<span className="sr-only"> patient</span>
          </Button>
        </div>
      </div>
    );
  }

  const items = search.data?.items ?? [];
  const status =
    term.length < 2
      ? ""
      : search.isPending
        ? "Searching…"
        : search.isError
          ? errorMessage(search.error)
          : items.length === 0
            ? `No patient in this clinic matches “${term}”.`
            : `${items.length}${search.data?.more ? "+" : ""} patient${items.length === 1 ? "" : "s"} found${search.data?.more ? ": type more to narrow it down" : ""}.`;

  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={`${id}-q`}>Patient</Label>
      <div className="relative">
        <Search className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-slate-500" aria-hidden="true" />
        <Input
          id={`${id}-q`}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter picks the only match instead of submitting the other filters.
            if (e.key !== "Enter") return;
            e.preventDefault();
            if (items.length === 1) onSelect(items[0]!);
          }}
          placeholder="Name, MRN or date of birth"
          autoComplete="off"
          spellCheck={false}
          className="pl-9"
          aria-describedby={`${id}-hint ${id}-status`}
        />
      </div>
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        e.g. Rivera, CW-1042 or 05/14/1986.
      </p>
      <p id={`${id}-status`} role="status" className={search.isError ? "text-sm font-medium text-red-700" : "text-sm text-slate-600"}>
        {status}
      </p>
      {items.length ? (
        <ul className="flex flex-col divide-y divide-slate-100 overflow-hidden rounded-lg border border-line bg-white" aria-label="Matching patients">
          {items.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => onSelect(p)}
                className="flex w-full flex-wrap items-baseline gap-x-3 px-3 py-2 text-left text-sm hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
              >
                <span className="font-medium text-slate-900">{p.name}</span>
                <span className="font-mono text-xs text-slate-700">{p.mrn}</span>
                <span className="text-xs text-slate-700">born {formatDate(p.dateOfBirth)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
