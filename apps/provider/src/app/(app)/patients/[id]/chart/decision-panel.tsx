"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Checkbox } from "@clearwell/ui/checkbox";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";

import { RadioGroup } from "~/components/notes/radio-group";
import { useMe } from "~/components/shell/use-me";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";
import { CoSignBlock, OverridesList } from "./co-sign-block";

type Outcome = "eligible_at_home" | "in_office_only" | "not_eligible" | "deferred";
type ReasonCode = "condition_controlled" | "specialist_clearance" | "history_remote_in_remission" | "risk_mitigation_plan" | "benefit_outweighs_risk";

const OUTCOME_LABEL: Record<Outcome, string> = {
  eligible_at_home: "Eligible at home",
  in_office_only: "In-office only",
  not_eligible: "Not eligible",
  deferred: "Deferred",
};
const EFFECT_LABEL: Record<string, [string, "danger" | "warning" | "neutral"]> = {
  not_eligible: ["Not eligible", "danger"],
  in_office_only: ["In-office only", "danger"],
  deferred: ["Deferred", "warning"],
  override_required: ["Override needed", "warning"],
  warning: ["Warning", "neutral"],
};
const REASONS: [ReasonCode, string][] = [
  ["condition_controlled", "Condition now controlled"],
  ["specialist_clearance", "Specialist clearance on file"],
  ["history_remote_in_remission", "Remote history, in remission"],
  ["risk_mitigation_plan", "Risk mitigation plan in place"],
  ["benefit_outweighs_risk", "Benefit outweighs the risk"],
];
const STATUS_TEXT = {
  current: "Current",
  expired: "Expired",
  invalidated: "No longer valid",
  pending: "Waiting on a recheck",
  awaiting_co_sign: "Awaiting co-signature · not in effect",
  co_sign_declined: "Co-signature declined · not in effect",
} as const;

/** False while a decision waits for (or was refused) its co-signature: it never took effect (issue 11 §3). */
const inEffectOrLapsed = (status: keyof typeof STATUS_TEXT) => status !== "awaiting_co_sign" && status !== "co_sign_declined";

/**
 * DOMAIN.md §2-§3 eligibility: the current decision, and a decision from the signed evaluation note.
 * The server re-runs the rules; this form only shows the proposal and collects the clinician's choice.
 */
export function DecisionPanel({ patientId }: { patientId: string }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const current = useQuery(trpc.decision.current.queryOptions({ patientId }));
  const notes = useQuery(trpc.note.list.queryOptions({ patientId }));
  const [deciding, setDeciding] = useState(false);
  const evaluation = notes.data?.notes.find((n) => n.kind === "evaluation" && n.status === "signed");
  const decision = current.data?.decision ?? null;
  const ref = useRef<HTMLDivElement>(null);
  const loaded = current.isSuccess;
  // The dashboard's "awaiting your co-signature" links here (#eligibility): scroll once it has loaded.
  useEffect(() => {
    if (loaded && window.location.hash === "#eligibility") ref.current?.scrollIntoView({ block: "start" });
  }, [loaded]);

  return (
    <Card aria-labelledby="decision-heading" id="eligibility" ref={ref} className="scroll-mt-20">
      <CardHeader>
        <CardTitle id="decision-heading">Eligibility</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {current.isPending ? <Skeleton className="h-16" /> : null}
        {current.isError ? <Alert variant="error">{errorMessage(current.error)}</Alert> : null}
        {decision ? (
          <div className="flex flex-col gap-2">
            <p className="flex flex-wrap items-center gap-2">
              <Badge variant={!inEffectOrLapsed(decision.status.status) ? "neutral" : decision.outcome === "eligible_at_home" ? "success" : decision.outcome === "deferred" ? "warning" : "danger"}>
                {OUTCOME_LABEL[decision.outcome]}
              </Badge>
              <span className="text-sm text-slate-700">{STATUS_TEXT[decision.status.status]}</span>
            </p>
            {decision.status.reasons.length ? (
              <ul className="list-disc pl-5 text-sm text-amber-900">
                {decision.status.reasons.map((r) => (
                  <li key={`${r.code}-${r.ruleId}`}>{r.message}</li>
                ))}
              </ul>
            ) : null}
            {/* Co-signature states are explained by the co-signature block below. */}
            {decision.status.reason && inEffectOrLapsed(decision.status.status) ? <p className="text-sm text-amber-900">{decision.status.reason}</p> : null}
            <p className="text-xs text-slate-600">
              {decision.decider.name} · {formatDateTime(decision.decidedAt)} · valid until {formatDateTime(decision.expiresAt)}
            </p>
            <OverridesList decision={decision} />
            <p className="truncate font-mono text-xs text-slate-500" title={decision.evidenceSha256}>
              Evidence SHA-256 {decision.evidenceSha256.slice(0, 16)}…
            </p>
            <CoSignBlock decision={decision} patientId={patientId} />
          </div>
        ) : current.isSuccess ? (
          <p className="text-sm text-slate-600">No eligibility decision yet.</p>
        ) : null}
        {evaluation && !deciding ? (
          <div>
            <Button variant="secondary" onClick={() => setDeciding(true)}>
              {decision ? "Decide again" : "Decide eligibility"}
            </Button>
          </div>
        ) : null}
        {!evaluation && notes.isSuccess ? <p className="text-sm text-slate-600">A decision follows a signed evaluation note.</p> : null}
        {evaluation && deciding ? <DecisionForm patientId={patientId} noteId={evaluation.id} onDone={() => setDeciding(false)} /> : null}
      </CardContent>
    </Card>
  );
}

function DecisionForm({ patientId, noteId, onDone }: { patientId: string; noteId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useMe();
  const prescriber = me.roles.includes("prescriber");
  const [cuff, setCuff] = useState(false);
  // Ticked is a confirmation; unticked is "not confirmed yet" (the rules defer), never "no cuff".
  const attestations = cuff ? { homeBpCuffConfirmed: true } : {};
  const propose = useQuery(trpc.decision.propose.queryOptions({ patientId, noteId, attestations }));
  const proposal = propose.data?.proposal;
  const [chosen, setChosen] = useState<Outcome | undefined>(undefined);
  const outcome = chosen ?? proposal?.outcome;
  const [acknowledged, setAcknowledged] = useState<string[]>([]);
  const [overrides, setOverrides] = useState<Record<string, { reasonCode: ReasonCode | ""; text: string }>>({});
  const [coSignerUserId, setCoSignerUserId] = useState("");
  const [coSignerError, setCoSignerError] = useState<string | null>(null);
  // One key per form: a double click or a retry records one decision.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const record = useMutation(
    trpc.decision.record.mutationOptions({
      onSuccess: async () => {
        await qc.invalidateQueries({ queryKey: trpc.decision.current.queryKey({ patientId }) });
        await qc.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) });
        onDone();
      },
    }),
  );

  const needsOverride = outcome === "eligible_at_home" ? (proposal?.overridable ?? []) : [];
  // Issue 11 §3: the clinic requires a second prescriber on the care team to co-sign overrides (C).
  const coSignRequired = !!propose.data?.overrideCoSignRequired && needsOverride.length > 0 && prescriber;
  const coSigners = useQuery({ ...trpc.decision.coSigners.queryOptions({ patientId }), enabled: coSignRequired });

  if (propose.isPending) return <Skeleton className="h-40" />;
  if (propose.isError || !proposal) return <Alert variant="error">{errorMessage(propose.error)}</Alert>;
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!outcome) return;
    if (coSignRequired && !coSignerUserId) {
      setCoSignerError("Choose the prescriber who will co-sign the override.");
      return;
    }
    record.mutate({
      patientId,
      noteId,
      outcome,
      attestations,
      acknowledgedWarnings: acknowledged,
      overrides: needsOverride.flatMap((ruleId) => {
        const o = overrides[ruleId];
        return o?.reasonCode ? [{ ruleId, reasonCode: o.reasonCode, text: o.text.trim(), ...(coSignRequired ? { coSignerUserId } : {}) }] : [];
      }),
      idempotencyKey,
    });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-4 border-t border-slate-200 pt-4" aria-label="Eligibility decision">
      <Checkbox
        label="The patient has a working home blood-pressure cuff (E17)"
        checked={cuff}
        onChange={(e) => setCuff(e.target.checked)}
      />
      <div className="flex flex-col gap-2" aria-live="polite">
        <p className="text-sm text-slate-800">
          The rules propose: <strong>{OUTCOME_LABEL[proposal.outcome]}</strong>
          {proposal.atHomeByOverride ? " (at home only with a prescriber's override)" : ""}
        </p>
        {proposal.rules.length ? (
          <ul className="flex flex-col gap-2">
            {proposal.rules.map((r) => {
              const [label, variant] = EFFECT_LABEL[r.effect] ?? [r.effect, "neutral"];
              return (
                <li key={r.ruleId} className="rounded-lg bg-slate-50 p-2 text-sm">
                  <span className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-xs text-slate-600">{r.ruleId}</span>
                    <Badge variant={variant}>{label}</Badge>
                    <span className="font-medium text-slate-900">{r.title}</span>
                  </span>
                  <span className="mt-1 block text-slate-700">{r.reason}</span>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No screening rule fired.</p>
        )}
      </div>
      <RadioGroup<Outcome>
        legend="Your decision"
        hint="A more permissive decision than the rules allow is refused unless a prescriber overrides each override-needed rule."
        options={(Object.keys(OUTCOME_LABEL) as Outcome[]).map((o) => [o, OUTCOME_LABEL[o]] as const)}
        value={outcome}
        onChange={setChosen}
      />
      {needsOverride.length ? (
        prescriber ? (
          needsOverride.map((ruleId) => (
            <fieldset key={ruleId} className="flex flex-col gap-2 rounded-lg border border-amber-200 p-3">
              <legend className="px-1 text-sm font-semibold text-slate-900">Override {ruleId}</legend>
              <Field label="Reason">
                <Select
                  value={overrides[ruleId]?.reasonCode ?? ""}
                  onChange={(e) => setOverrides({ ...overrides, [ruleId]: { text: overrides[ruleId]?.text ?? "", reasonCode: e.target.value as ReasonCode } })}
                >
                  <option value="">Choose a reason</option>
                  {REASONS.map(([code, text]) => (
                    <option key={code} value={code}>
                      {text}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Justification" hint="The evidence and how the risk is managed (at least 30 characters).">
                <Textarea
                  rows={3}
                  value={overrides[ruleId]?.text ?? ""}
                  onChange={(e) => setOverrides({ ...overrides, [ruleId]: { reasonCode: overrides[ruleId]?.reasonCode ?? "", text: e.target.value } })}
                />
              </Field>
            </fieldset>
          ))
        ) : (
          <Alert variant="warning">At-home treatment here needs a prescriber&apos;s override of {needsOverride.join(", ")}. Ask a prescriber on the care team to decide.</Alert>
        )
      ) : null}
      {coSignRequired ? (
        coSigners.isPending ? (
          <Skeleton className="h-16" />
        ) : coSigners.isError ? (
          <Alert variant="error" title="Co-signers not loaded">
            {errorMessage(coSigners.error)}
          </Alert>
        ) : coSigners.data.coSigners.length ? (
          <Field
            label="Co-signing prescriber"
            required
            error={coSignerError}
            hint="This clinic requires a second prescriber on the patient's care team to co-sign overrides. The decision takes effect once they co-sign."
          >
            <Select
              value={coSignerUserId}
              onChange={(e) => {
                setCoSignerUserId(e.target.value);
                setCoSignerError(null);
              }}
            >
              <option value="">Choose a prescriber</option>
              {coSigners.data.coSigners.map((c) => (
                <option key={c.userId} value={c.userId}>
                  {c.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : (
          <Alert variant="warning" title="No one can co-sign yet">
            This clinic requires a second prescriber to co-sign overrides, and no other prescriber is on this patient&apos;s care team. Ask a clinic admin to add one, then record the override.
          </Alert>
        )
      ) : null}
      {outcome === "eligible_at_home" && proposal.warnings.length ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="text-sm font-medium text-slate-800">Warnings to acknowledge</legend>
          {proposal.warnings.map((w) => (
            <Checkbox
              key={w}
              label={`${w}: ${proposal.rules.find((r) => r.ruleId === w)?.title ?? "warning"} discussed with the patient`}
              checked={acknowledged.includes(w)}
              onChange={(e) => setAcknowledged(e.target.checked ? [...acknowledged, w] : acknowledged.filter((x) => x !== w))}
            />
          ))}
        </fieldset>
      ) : null}
      {record.isError ? (
        <Alert variant="error" role="alert" title="Decision not recorded">
          {errorMessage(record.error)}
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" loading={record.isPending} disabled={!outcome}>
          Record decision
        </Button>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
