"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { History, KeyRound, ShieldQuestion } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { UseQueryResult } from "@tanstack/react-query";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Field } from "@clearwell/ui/field";
import { Textarea } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { applyServerError } from "@clearwell/ui/form";
import type { ZPrescriberItem } from "@clearwell/validators/output/prescribing-admin";
import type { TEpcsEnterChangeInput } from "@clearwell/validators/prescribing-admin";
import type { ZEpcsEnterChangeInput } from "@clearwell/validators/prescribing-admin";
import type { z } from "zod";

import { lazyZodResolver } from "~/lib/lazy-zod-resolver";
import { linkClass } from "~/components/auth-card";
import { AdminsOnly } from "~/components/admin-states";
import { RetryAlert } from "~/components/query-states";
import { useMe } from "~/components/shell/use-me";
import { formatInstant } from "~/lib/format";
import { isAdmin } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { Decision, EpcsChange } from "./decide-dialog";
import { DecideDialog, changeWords } from "./decide-dialog";

type Prescriber = z.infer<typeof ZPrescriberItem>;

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

const STATUS: Record<EpcsChange["status"], { label: string; variant: "warning" | "success" | "danger" | "neutral" }> = {
  pending: { label: "Waiting for approval", variant: "warning" },
  approved: { label: "Approved", variant: "success" },
  rejected: { label: "Rejected", variant: "danger" },
  withdrawn: { label: "Withdrawn", variant: "neutral" },
};

/**
 * EPCS logical access control (21 CFR 1311.125; DOMAIN.md §1): an admin enters a grant or revoke;
 * a second person who is a DEA registrant approves or rejects it with an authenticator code.
 */
export function EpcsAccess() {
  const trpc = useTRPC();
  const me = useMe();
  const admin = isAdmin(me.roles);
  const prescriber = me.roles.includes("prescriber");
  // Always fresh on arrival: the other person of the two may just have acted.
  const changes = useQuery({ ...trpc.epcs.changes.queryOptions(), staleTime: 0, enabled: me.isSuccess && (admin || prescriber) });

  const header = (
    <PageHeader
      className="mb-0"
      title="EPCS access"
      description="Who may sign controlled-substance prescriptions. Granting or revoking takes two people: an admin enters the change, then a prescriber who holds a verified DEA registration approves it with their authenticator code (21 CFR 1311.125)."
    />
  );

  if (me.isPending) {
    return (
      <div aria-busy="true">
        {header}
        <span className="sr-only" role="status">
          Loading EPCS access…
        </span>
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  if (!admin && !prescriber) {
    return (
      <div>
        {header}
        <AdminsOnly />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-8">
      {header}
      {admin ? <EnterChangeCard onEntered={() => void changes.refetch()} /> : null}
      <ChangesSection query={changes} myId={me.data?.user.id ?? null} admin={admin} prescriber={prescriber} />
    </div>
  );
}

// ------------------------------------------------------------------ enter (the admin, "enterer")

function EnterChangeCard({ onEntered }: { onEntered: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const search = useSearchParams();
  const people = useQuery({ ...trpc.prescriber.list.queryOptions(), staleTime: 0 });
  const enter = useMutation(trpc.epcs.enterChange.mutationOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const prescribers = (people.data?.items ?? []).filter((p) => p.roles.includes("prescriber"));
  const wanted = search.get("subject");
  const initial = prescribers.find((p) => p.userId === wanted) ?? null;

  return (
    <Card aria-labelledby="enter-heading">
      <CardHeader>
        <CardTitle id="enter-heading">Enter a change</CardTitle>
        <CardDescription>You enter it; it takes effect only when a second person, a DEA registrant, approves it. You cannot approve what you entered.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {people.isPending ? (
          <div aria-busy="true">
            <span className="sr-only" role="status">
              Loading prescribers…
            </span>
            <Skeleton className="h-40 w-full" />
          </div>
        ) : people.isError ? (
          <RetryAlert title="We couldn't load the prescribers" error={people.error} onRetry={() => void people.refetch()} retrying={people.isFetching} />
        ) : prescribers.length === 0 ? (
          <p className="text-sm text-slate-600">
            Nobody in this clinic has the prescriber role. Give a clinician the role on the{" "}
            <Link href="/admin/staff" className={linkClass}>
              Staff
            </Link>{" "}
            page first.
          </p>
        ) : (
          <EnterForm
            key={initial?.userId ?? "none"}
            prescribers={prescribers}
            initial={initial}
            error={error}
            onSubmit={async (values, setFieldError) => {
              setNotice(null);
              setError(null);
              try {
                const entered = await enter.mutateAsync(values);
                setNotice(`Entered: ${lowerFirst(changeWords(entered))}. It now waits for a DEA registrant to approve it with their authenticator code.`);
                await qc.invalidateQueries({ queryKey: trpc.prescriber.list.queryKey() });
                onEntered();
                return true;
              } catch (err) {
                setError(setFieldError(err));
                return false;
              }
            }}
          />
        )}
      </CardContent>
    </Card>
  );
}

// The schema (zod) loads on the form's first check, not with the page.
const enterResolver = lazyZodResolver(() => import("@clearwell/validators/prescribing-admin").then((m) => m.ZEpcsEnterChangeInput));
type EnterValues = z.output<typeof ZEpcsEnterChangeInput>;

/** What stands in the way of a grant, seen from the prescriber list (the server checks it again). */
function grantGaps(p: Prescriber): string[] {
  const gaps: string[] = [];
  if (!p.deaRegistrant) gaps.push("no DEA registration verified as current");
  if (!p.totpEnrolled) gaps.push("no authenticator app set up");
  return gaps;
}

function permissionWords(p: Prescriber) {
  const now = p.epcs.permission === "granted" ? "may sign" : p.epcs.permission === "revoked" ? "permission revoked" : "no permission yet";
  return p.epcs.pending ? `${now}; a ${p.epcs.pending.action} is waiting for approval` : now;
}

function EnterForm({
  prescribers,
  initial,
  error,
  onSubmit,
}: {
  prescribers: Prescriber[];
  initial: Prescriber | null;
  error: string | null;
  onSubmit: (v: EnterValues, setFieldError: (err: unknown) => string | null) => Promise<boolean>;
}) {
  const form = useForm<TEpcsEnterChangeInput, unknown, EnterValues>({
    resolver: enterResolver,
    mode: "onTouched",
    defaultValues: { subjectUserId: initial?.userId ?? "", action: initial?.epcs.permission === "granted" ? "revoke" : "grant", reason: "" },
  });
  const { register, formState, control, setValue } = form;
  const subjectId = useWatch({ control, name: "subjectUserId" });
  const action = useWatch({ control, name: "action" });
  const subject = prescribers.find((p) => p.userId === subjectId) ?? null;
  const gaps = subject && action === "grant" ? grantGaps(subject) : [];

  const submit = form.handleSubmit(async (values) => {
    const ok = await onSubmit(values, (err) => applyServerError({ setError: form.setError }, err, { fields: { subjectUserId: "subjectUserId", action: "action", reason: "reason" }, message: errorMessage }));
    if (ok) form.reset({ subjectUserId: "", action: "grant", reason: "" });
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Enter an EPCS access change" className="flex flex-col gap-4">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Prescriber" required error={formState.errors.subjectUserId?.message} hint={subject ? `Now: ${permissionWords(subject)}.` : undefined}>
          <Select
            {...register("subjectUserId", {
              onChange: (e: React.ChangeEvent<HTMLSelectElement>) => {
                const p = prescribers.find((x) => x.userId === e.target.value);
                if (p) setValue("action", p.epcs.permission === "granted" ? "revoke" : "grant");
              },
            })}
          >
            <option value="">Choose a prescriber</option>
            {prescribers.map((p) => (
              <option key={p.userId} value={p.userId}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Change" required error={formState.errors.action?.message}>
          <Select {...register("action")}>
            <option value="grant">Grant permission to sign</option>
            <option value="revoke">Revoke permission to sign</option>
          </Select>
        </Field>
      </div>
      {gaps.length ? (
        <Alert variant="warning" title="This grant will be refused for now">
          {subject?.name} has {gaps.join(" and ")}. Record and verify their DEA registration on the{" "}
          <Link href="/admin/prescribers" className={linkClass}>
            Prescribers
          </Link>{" "}
          page first{subject && !subject.totpEnrolled ? ", and ask them to set up two-step sign-in" : ""}.
        </Alert>
      ) : null}
      <Field label="Reason" required error={formState.errors.reason?.message} hint="Kept with the change and shown to the approver, e.g. “Credentials verified; starts seeing patients Monday.”">
        <Textarea rows={2} {...register("reason")} />
      </Field>
      <div>
        <Button type="submit" loading={formState.isSubmitting}>
          <KeyRound aria-hidden="true" />
          Enter change for approval
        </Button>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------ pending + history

function ChangesSection({
  query,
  myId,
  admin,
  prescriber,
}: {
  query: UseQueryResult<{ items: EpcsChange[] }, unknown>;
  myId: string | null;
  admin: boolean;
  prescriber: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [deciding, setDeciding] = useState<{ change: EpcsChange; decision: Decision } | null>(null);
  const [withdrawing, setWithdrawing] = useState<EpcsChange | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const withdraw = useMutation(trpc.epcs.withdrawChange.mutationOptions());
  const refresh = async () => {
    await query.refetch();
    if (admin) await qc.invalidateQueries({ queryKey: trpc.prescriber.list.queryKey() });
  };

  if (query.isPending) {
    return (
      <div aria-busy="true">
        <span className="sr-only" role="status">
          Loading access changes…
        </span>
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  if (query.isError) return <RetryAlert title="We couldn't load the EPCS access changes" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;

  const pending = query.data.items.filter((c) => c.status === "pending");
  const history = query.data.items.filter((c) => c.status !== "pending");

  return (
    <>
      <DecideDialog
        change={deciding?.change ?? null}
        decision={deciding?.decision ?? "approve"}
        onOpenChange={(open) => !open && setDeciding(null)}
        onDone={(c) => {
          setDeciding(null);
          setNotice(c.status === "approved" ? `Approved. ${c.subjectName ?? "The prescriber"} ${c.action === "grant" ? "may now sign controlled-substance prescriptions" : "can no longer sign controlled-substance prescriptions"}.` : `Rejected. Nothing changes for ${c.subjectName ?? "the prescriber"}.`);
          void refresh();
        }}
      />
      <ConfirmDialog
        open={withdrawing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setWithdrawing(null);
            withdraw.reset();
          }
        }}
        title="Withdraw this change?"
        description={withdrawing ? `${changeWords(withdrawing)}. It will not take effect; the record stays in the history.` : undefined}
        confirmLabel="Withdraw"
        destructive
        pending={withdraw.isPending}
        onConfirm={() =>
          withdrawing &&
          withdraw.mutate(
            { id: withdrawing.id },
            {
              onSuccess: () => {
                setNotice("Withdrawn. It will not take effect.");
                setWithdrawing(null);
                void refresh();
              },
            },
          )
        }
      >
        {withdraw.isError ? <Alert variant="error">{errorMessage(withdraw.error)}</Alert> : null}
      </ConfirmDialog>

      <section aria-labelledby="pending-heading" className="flex flex-col gap-3">
        <h2 id="pending-heading" className="text-lg font-semibold text-slate-900">
          Waiting for approval <span className="text-sm font-normal text-slate-600">({pending.length})</span>
        </h2>
        {notice ? <Alert variant="success">{notice}</Alert> : null}
        {pending.length === 0 ? (
          <EmptyState
            icon={ShieldQuestion}
            headingLevel="h3"
            title="Nothing waits for approval"
            description={admin ? "Changes you or another admin enter appear here until a DEA registrant approves or rejects them." : "When an admin enters a grant or revocation, it appears here for you to approve or reject."}
          />
        ) : (
          <ul className="flex flex-col gap-3">
            {pending.map((c) => (
              <PendingItem
                key={c.id}
                c={c}
                myId={myId}
                prescriber={prescriber}
                onDecide={(decision) => {
                  setNotice(null);
                  setDeciding({ change: c, decision });
                }}
                onWithdraw={() => {
                  setNotice(null);
                  setWithdrawing(c);
                }}
              />
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="history-heading" className="flex flex-col gap-3">
        <h2 id="history-heading" className="text-lg font-semibold text-slate-900">
          History
        </h2>
        {history.length === 0 ? (
          <EmptyState icon={History} headingLevel="h3" title="No decided changes yet" description="Approved, rejected and withdrawn changes are kept here, newest first." />
        ) : (
          <ul className="flex flex-col gap-2">
            {history.map((c) => (
              <li key={c.id} className="rounded-card border border-line bg-white p-4 text-sm shadow-sm">
                <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between">
                  <p className="font-medium text-slate-900">{changeWords(c)}</p>
                  <Badge variant={STATUS[c.status].variant}>{STATUS[c.status].label}</Badge>
                </div>
                <p className="text-slate-600">
                  Entered by {c.enteredByName ?? "unknown"} on {formatInstant(c.enteredAt)}: “{c.reason}”
                </p>
                {c.decidedAt ? (
                  <p className="text-slate-600">
                    {STATUS[c.status].label} by {c.decidedByName ?? "unknown"} on {formatInstant(c.decidedAt)}
                    {c.decisionNote ? `: “${c.decisionNote}”` : ""}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function PendingItem({ c, myId, prescriber, onDecide, onWithdraw }: { c: EpcsChange; myId: string | null; prescriber: boolean; onDecide: (d: Decision) => void; onWithdraw: () => void }) {
  const mine = c.enteredByUserId === myId;
  const aboutMe = c.subjectUserId === myId;
  // Why this person cannot decide, said before they try (the server refuses it regardless).
  const why = mine
    ? "You entered this change, so you cannot approve or reject it: a second person who is a DEA registrant must (21 CFR 1311.125)."
    : aboutMe
      ? "This change is about your own permission: another DEA registrant must decide it."
      : !prescriber
        ? "Waiting for a prescriber who holds a verified DEA registration to approve or reject it with their authenticator code."
        : null;
  return (
    <li className="rounded-card border border-amber-200 bg-white p-4 shadow-sm">
      <div className="flex flex-col gap-1 sm:flex-row sm:items-start sm:justify-between">
        <p className="font-medium text-slate-900">{changeWords(c)}</p>
        <Badge variant="warning">Waiting for approval</Badge>
      </div>
      <p className="text-sm text-slate-600">
        Entered by {c.enteredByName ?? "unknown"}
        {mine ? " (you)" : ""} on {formatInstant(c.enteredAt)}
      </p>
      <p className="mt-1 text-sm text-slate-800">Reason: {c.reason}</p>
      <div className="mt-3 flex flex-col gap-2 border-t border-slate-100 pt-3 sm:flex-row sm:items-center sm:justify-between">
        {why ? <p className="text-sm text-slate-700">{why}</p> : <p className="text-sm text-slate-700">You can decide this with your authenticator code.</p>}
        <div className="flex flex-wrap gap-2">
          {!why ? (
            <>
              <Button size="sm" onClick={() => onDecide("approve")} aria-label={`Approve: ${changeWords(c)}`}>
                <span aria-hidden="true">Approve</span>
              </Button>
              <Button size="sm" variant="secondary" onClick={() => onDecide("reject")} aria-label={`Reject: ${changeWords(c)}`}>
                <span aria-hidden="true">Reject</span>
              </Button>
            </>
          ) : null}
          {mine ? (
            <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={onWithdraw} aria-label={`Withdraw: ${changeWords(c)}`}>
              <span aria-hidden="true">Withdraw</span>
            </Button>
          ) : null}
        </div>
      </div>
    </li>
  );
}
