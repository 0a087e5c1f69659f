"use client";

import type { ProviderOutputs } from "@clearwell/api/provider";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";

import { ReauthDialog } from "~/components/notes/reauth-dialog";
import { useMe } from "~/components/shell/use-me";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useClinicFormat } from "~/lib/use-clinic-time-zone";

type Decision = NonNullable<ProviderOutputs["decision"]["current"]["decision"]>;

export const REASON_LABEL: Record<string, string> = {
  condition_controlled: "Condition now controlled",
  specialist_clearance: "Specialist clearance on file",
  history_remote_in_remission: "Remote history, in remission",
  risk_mitigation_plan: "Risk mitigation plan in place",
  benefit_outweighs_risk: "Benefit outweighs the risk",
};

const DECLINE_MIN = 10;

/** Each overridden OV rule with what fired and the prescriber's structured justification (DOMAIN.md §3). */
export function OverridesList({ decision }: { decision: Decision }) {
  if (!decision.overrides.length) return null;
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold text-slate-900">{decision.overrides.length === 1 ? "Override" : "Overrides"}</h3>
      <ul className="flex flex-col gap-2">
        {decision.overrides.map((o) => {
          const rule = decision.rules.find((r) => r.ruleId === o.ruleId);
          return (
            <li key={o.ruleId} className="rounded-lg border border-amber-200 bg-amber-50/60 p-3 text-sm">
              <p className="font-medium text-slate-900">
                <span className="font-mono text-xs text-slate-600">{o.ruleId}</span> {rule?.finding ?? ""}
              </p>
              <p className="mt-1 text-slate-700">
                <span className="font-medium">Reason:</span> {REASON_LABEL[o.justification.reasonCode] ?? o.justification.reasonCode}
              </p>
              <p className="mt-1 break-words whitespace-pre-line text-slate-700">{o.justification.text}</p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * Co-signature of a decision's overrides (issue 11 §3): who it waits for, who co-signed or declined,
 * and, for the named prescriber, Co-sign and Decline behind re-authentication (DOMAIN.md §9).
 */
export function CoSignBlock({ decision, patientId }: { decision: Decision; patientId: string }) {
  const { dateTime: formatDateTime } = useClinicFormat();
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useMe();
  const myId = me.data?.user.id;
  const [dialog, setDialog] = useState<"co_sign" | "decline" | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: trpc.decision.current.queryKey({ patientId }) });
    await qc.invalidateQueries({ queryKey: trpc.decision.awaitingMyCoSign.queryKey() });
    await qc.invalidateQueries({ queryKey: trpc.chart.get.queryKey({ patientId }) });
  };
  const coSign = useMutation(trpc.decision.coSign.mutationOptions({ onSuccess: async () => { await refresh(); setDialog(null); } }));
  const decline = useMutation(trpc.decision.declineCoSign.mutationOptions({ onSuccess: async () => { await refresh(); setDialog(null); setReason(""); } }));

  if (!decision.coSigners.length) return null;
  const status = decision.status.status;
  const awaiting = decision.coSigners.filter((c) => c.state === "awaiting");
  const mine = decision.coSigners.find((c) => c.userId === myId);
  const canAct = status === "awaiting_co_sign" && mine?.state === "awaiting" && me.roles.includes("prescriber");
  const names = (list: typeof awaiting) => list.map((c) => c.name).join(" and ");

  return (
    <div className="flex flex-col gap-3" aria-live="polite">
      {canAct ? (
        <Alert variant="warning" title="Your co-signature is needed">
          {decision.decider.name} recorded this decision on {formatDateTime(decision.decidedAt)} and named you to co-sign the {decision.overrides.length === 1 ? "override" : "overrides"}. It takes
          effect only once you co-sign. Review the rule and the justification above, and the chart, first.
        </Alert>
      ) : status === "awaiting_co_sign" && awaiting.length ? (
        <Alert variant="info" title={`Waiting for ${names(awaiting)} to co-sign`}>
          Not in effect until then: no booking or prescription can rely on it.
        </Alert>
      ) : null}
      <ul className="flex flex-col gap-1 text-xs text-slate-600">
        {decision.coSigners
          .filter((c) => c.state !== "awaiting")
          .map((c) => (
            <li key={c.userId}>
              {c.state === "co_signed" ? (
                <>
                  Co-signed by {c.name} · {c.at ? formatDateTime(c.at) : ""} · {c.method === "totp" ? "authenticator code" : "password"}
                </>
              ) : (
                <span className="text-sm text-red-800">
                  {c.name} declined to co-sign{c.at ? ` on ${formatDateTime(c.at)}` : ""}: “{c.reason}”
                </span>
              )}
            </li>
          ))}
      </ul>
      {canAct ? (
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => setDialog("co_sign")}>Co-sign</Button>
          <Button variant="secondary" onClick={() => setDialog("decline")}>
            Decline
          </Button>
        </div>
      ) : null}
      <ReauthDialog
        open={dialog === "co_sign"}
        onOpenChange={(o) => {
          if (!o) {
            coSign.reset();
            setDialog(null);
          }
        }}
        title="Co-sign the override"
        description={`You confirm ${decision.decider.name}'s override of ${decision.overrides.map((o) => o.ruleId).join(", ")} for at-home treatment. Re-enter your password to sign, or use a code from your authenticator app.`}
        confirmLabel="Co-sign"
        pending={coSign.isPending}
        error={coSign.isError ? errorMessage(coSign.error) : null}
        onSubmit={(reauth) => coSign.mutate({ decisionId: decision.id, reauth })}
      >
        <p className="text-sm text-slate-700">
          Your co-signature covers the decision as recorded (evidence SHA-256 <span className="font-mono text-xs">{decision.evidenceSha256.slice(0, 16)}…</span>) and can&apos;t be withdrawn.
        </p>
      </ReauthDialog>
      <ReauthDialog
        open={dialog === "decline"}
        onOpenChange={(o) => {
          if (!o) {
            decline.reset();
            setDialog(null);
          }
        }}
        title="Decline to co-sign"
        description={`The decision will not take effect, and ${decision.decider.name} will need to record a new one. Re-enter your password, or use a code from your authenticator app.`}
        confirmLabel="Decline"
        pending={decline.isPending}
        error={decline.isError ? errorMessage(decline.error) : null}
        validate={() => {
          // The reason's own message sits beside it; the dialog's line points there.
          const problem = reason.trim().length >= DECLINE_MIN ? null : `Say why you decline in at least ${DECLINE_MIN} characters, so ${decision.decider.name} knows what to change.`;
          setReasonError(problem);
          return problem ? "Fix the reason above, then try again." : null;
        }}
        onSubmit={(reauth) => decline.mutate({ decisionId: decision.id, reason: reason.trim(), reauth })}
      >
        <Field label="Why you decline" required error={reasonError} hint={`${decision.decider.name} sees this. At least ${DECLINE_MIN} characters.`}>
          <Textarea
            rows={3}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setReasonError(null);
            }}
            maxLength={2000}
          />
        </Field>
      </ReauthDialog>
    </div>
  );
}
