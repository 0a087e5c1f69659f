"use client";

import { CircleCheck, CircleX, Info } from "lucide-react";
import { Badge } from "@clearwell/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Spinner } from "@clearwell/ui/spinner";

import type { RxCheck, RxFinding } from "./rx-labels";
import { focusControl, plural, targetOf } from "./rx-labels";

/**
 * The hard-block checklist (DOMAIN.md §4.5, packages/clinical RX01–RX19), re-run by the server as the
 * prescriber types. Each line names its rule and source; a line about a field moves focus to it.
 */
export function Checklist({ check, checking, error }: { check: RxCheck | undefined; checking: boolean; error: string | null }) {
  const blocking = check?.findings.filter((f) => !f.passed && f.severity === "block") ?? [];
  const ordered = check ? [...check.findings].sort((a, b) => rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId)) : [];
  const open = ordered.filter((f) => !f.passed);
  const passed = ordered.filter((f) => f.passed);
  return (
    <Card aria-labelledby="checklist-heading">
      <CardHeader>
        <CardTitle id="checklist-heading" className="flex items-center gap-2">
          Checklist
          {checking ? <Spinner size="sm" className="text-slate-500" /> : null}
        </CardTitle>
        <CardDescription>Checked by the server as you type. Every block must pass before the prescription can be marked ready or signed.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-3">
        <p role="status" aria-live="polite" className={`text-sm font-medium ${!check ? "text-slate-600" : check.ok ? "text-green-800" : "text-red-800"}`} data-testid="checklist-summary">
          {error
            ? `The checklist could not be run: ${error}`
            : !check
              ? "Checking…"
              : check.ok
                ? "All checks pass."
                : `${plural(blocking.length, "check")} still ${blocking.length === 1 ? "blocks" : "block"} this prescription.`}
        </p>
        {open.length ? (
          <ul className="flex flex-col gap-2" aria-label="Checks to resolve">
            {open.map((f) => (
              <ChecklistLine key={f.ruleId} finding={f} />
            ))}
          </ul>
        ) : null}
        {passed.length ? (
          // Passed lines stay one click away while something still blocks, so the blocks are what shows.
          <details open={!blocking.length} className="group">
            <summary className="cursor-pointer rounded-md py-1 text-sm font-medium text-slate-700 outline-none focus-visible:ring-2 focus-visible:ring-brand-600">
              {plural(passed.length, "check")} {passed.length === 1 ? "passes" : "pass"}
            </summary>
            <ul className="mt-2 flex flex-col gap-2" aria-label="Checks that pass">
              {passed.map((f) => (
                <ChecklistLine key={f.ruleId} finding={f} />
              ))}
            </ul>
          </details>
        ) : null}
      </CardContent>
    </Card>
  );
}

const rank = (f: RxFinding) => (!f.passed && f.severity === "block" ? 0 : !f.passed ? 1 : 2);

function ChecklistLine({ finding: f }: { finding: RxFinding }) {
  const target = targetOf(f);
  const failedBlock = !f.passed && f.severity === "block";
  const Icon = f.passed ? CircleCheck : failedBlock ? CircleX : Info;
  const body = (
    <>
      <span className="flex items-start gap-2">
        <Icon aria-hidden="true" className={`mt-0.5 size-4 shrink-0 ${f.passed ? "text-green-700" : failedBlock ? "text-red-700" : "text-amber-700"}`} />
        <span className="min-w-0 flex-1">
          <span className="mr-2 font-mono text-xs text-slate-600">{f.ruleId}</span>
          <span className="font-medium text-slate-900">{f.title}</span>
        </span>
        <Badge variant={f.passed ? "success" : failedBlock ? "danger" : "warning"}>{f.passed ? "Pass" : failedBlock ? "Blocks" : "Note"}</Badge>
      </span>
      <span className="mt-1 block text-slate-700">{f.message}</span>
      <span className="mt-0.5 block text-xs text-slate-600">{f.source}</span>
    </>
  );
  return (
    <li data-rule={f.ruleId} data-passed={f.passed} className={`rounded-lg text-sm ${failedBlock ? "bg-red-50" : f.passed ? "bg-slate-50" : "bg-amber-50"}`}>
      {target && !f.passed ? (
        <button type="button" onClick={() => focusControl(target)} className="block w-full rounded-lg p-2 text-left outline-none hover:bg-white/60 focus-visible:ring-2 focus-visible:ring-brand-600">
          {body}
          <span className="mt-1 block text-xs font-medium text-brand-700 underline underline-offset-2">Go to the field</span>
        </button>
      ) : (
        <div className="p-2">{body}</div>
      )}
    </li>
  );
}
