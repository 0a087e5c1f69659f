"use client";

import Link from "next/link";
import { BadgeCheck, IdCard, Pencil, Plus, ShieldCheck, Stethoscope, Trash2 } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";

import { linkClass } from "~/components/auth-card";
import { useMe } from "~/components/shell/use-me";
import { formatDate, formatInstant, stateName } from "~/lib/format";
import { roleLabel } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { PageError, PageLoading } from "../prescribing/_shared/page-states";
import type { CredentialDialog, Dea, Licence, Prescriber } from "./credential-dialogs";
import { CredentialDialogs } from "./credential-dialogs";

type Removing = { kind: "licence"; item: Licence; prescriber: Prescriber } | { kind: "dea"; item: Dea; prescriber: Prescriber };

/** Prescriber credentials (issue 12 §2; 21 CFR 1311.125(a)): recorded by one admin, verified as current by another. */
export function PrescribersAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useMe();
  // Always fresh on arrival: another admin or an approver may have changed a credential or a permission.
  const list = useQuery({ ...trpc.prescriber.list.queryOptions(), staleTime: 0 });
  const [dialog, setDialog] = useState<CredentialDialog | null>(null);
  const [removing, setRemoving] = useState<Removing | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const removeLicence = useMutation(trpc.prescriber.removeLicence.mutationOptions());
  const removeDea = useMutation(trpc.prescriber.removeDea.mutationOptions());
  const remove = removing?.kind === "dea" ? removeDea : removeLicence;
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.prescriber.list.queryKey() });

  const header = (
    <PageHeader
      title="Prescribers"
      description="Each clinician's NPI, state licences and DEA registrations. Someone other than the person who recorded a credential verifies it as current before it counts for EPCS access or signing (21 CFR 1311.125)."
    />
  );
  if (list.isPending) return <PageLoading header={header} label="Loading prescribers…" rows={2} />;
  if (list.isError) return <PageError header={header} error={list.error} what="prescribers" onRetry={() => void list.refetch()} retrying={list.isFetching} />;

  const myId = me.data?.user.id ?? null;
  const items = list.data.items;

  return (
    <div>
      {header}
      <CredentialDialogs
        open={dialog}
        onClose={() => setDialog(null)}
        onSaved={(message) => {
          setDialog(null);
          setNotice(message);
          void refresh();
        }}
      />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRemoving(null);
            removeLicence.reset();
            removeDea.reset();
          }
        }}
        title={removing?.kind === "dea" ? `Remove DEA registration ${removing.item.number}?` : `Remove the ${stateName(removing?.item.state)} licence?`}
        description="It stops counting at once: prescriptions needing it can no longer be signed. The record and who changed it stay in the audit trail."
        confirmLabel="Remove"
        destructive
        pending={remove.isPending}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { id: removing.item.id },
            {
              onSuccess: () => {
                setNotice(`Removed ${removing.kind === "dea" ? `DEA registration ${removing.item.number}` : `the ${stateName(removing.item.state)} licence`} of ${removing.prescriber.name}.`);
                setRemoving(null);
                void refresh();
              },
            },
          );
        }}
      >
        {remove.isError ? <Alert variant="error">{errorMessage(remove.error)}</Alert> : null}
      </ConfirmDialog>

      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}

      {items.length === 0 ? (
        <EmptyState
          icon={Stethoscope}
          title="No providers or prescribers yet"
          description="Invite clinicians from the Staff page with the provider or prescriber role; their credentials are recorded here."
          action={
            <Button asChild variant="secondary">
              <Link href="/admin/staff">Go to staff</Link>
            </Button>
          }
        />
      ) : (
        <ul className="flex flex-col gap-6" aria-label="Clinicians">
          {items.map((p) => (
            <li key={p.userId}>
              <PrescriberCard p={p} myId={myId} open={setDialog} onRemove={setRemoving} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function EpcsBadge({ p }: { p: Prescriber }) {
  const e = p.epcs;
  return (
    <span className="flex flex-wrap gap-1">
      {e.permission === "granted" ? (
        <Badge variant="success">EPCS signing granted{e.since ? ` ${e.since.toLocaleDateString("en-US", { dateStyle: "medium" })}` : ""}</Badge>
      ) : e.permission === "revoked" ? (
        <Badge variant="danger">EPCS signing revoked</Badge>
      ) : (
        <Badge variant="neutral">No EPCS signing permission</Badge>
      )}
      {e.pending ? <Badge variant="warning">{e.pending.action === "grant" ? "Grant" : "Revocation"} pending approval</Badge> : null}
    </span>
  );
}

function PrescriberCard({ p, myId, open, onRemove }: { p: Prescriber; myId: string | null; open: (d: CredentialDialog) => void; onRemove: (r: Removing) => void }) {
  const headingId = `prescriber-${p.userId}`;
  const isPrescriber = p.roles.includes("prescriber");
  return (
    <Card aria-labelledby={headingId}>
      <CardHeader>
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
          <div className="min-w-0">
            <CardTitle id={headingId}>{p.name}</CardTitle>
            <p className="truncate text-sm text-slate-600">{p.email}</p>
            <p className="mt-1 flex flex-wrap gap-1">
              {p.roles.map((r) => (
                <Badge key={r} variant={r === "admin" ? "info" : "brand"}>
                  {roleLabel(r)}
                </Badge>
              ))}
            </p>
          </div>
          <div className="flex flex-col gap-1 sm:items-end">
            <EpcsBadge p={p} />
            {p.totpEnrolled ? <Badge variant="success">Authenticator set up</Badge> : <Badge variant="warning">No authenticator app yet</Badge>}
          </div>
        </div>
        {p.epcs.pending ? (
          <p className="mt-2 text-sm text-slate-700">
            {p.epcs.pending.action === "grant" ? "A grant" : "A revocation"} entered by {p.epcs.pending.enteredByName ?? "an admin"} on {formatInstant(p.epcs.pending.enteredAt)} waits for a second person.{" "}
            <Link href="/admin/epcs" className={linkClass}>
              See EPCS access
            </Link>
          </p>
        ) : isPrescriber ? (
          <p className="mt-2 text-sm">
            <Link href={`/admin/epcs?subject=${encodeURIComponent(p.userId)}`} className={linkClass}>
              {p.epcs.permission === "granted" ? "Revoke EPCS signing permission" : "Grant EPCS signing permission"}
            </Link>
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-600">Not a prescriber: give them the prescriber role on the Staff page before granting EPCS signing.</p>
        )}
      </CardHeader>
      <CardContent className="flex flex-col gap-6">
        <section aria-labelledby={`${headingId}-details`}>
          <div className="mb-2 flex items-center justify-between gap-2">
            <h3 id={`${headingId}-details`} className="text-sm font-semibold text-slate-900">
              Prescriber details
            </h3>
            <Button size="sm" variant="secondary" onClick={() => open({ kind: "profile", prescriber: p })} aria-label={`${p.profile ? "Edit" : "Add"} details of ${p.name}`}>
              <IdCard aria-hidden="true" />
              <span aria-hidden="true">{p.profile ? "Edit details" : "Add details"}</span>
            </Button>
          </div>
          {p.profile ? (
            <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-slate-600">NPI</dt>
              <dd className="font-mono">{p.profile.npi}</dd>
              <dt className="text-slate-600">Address</dt>
              <dd>
                {p.profile.address.line1}
                {p.profile.address.line2 ? `, ${p.profile.address.line2}` : ""}, {p.profile.address.city}, {p.profile.address.state} {p.profile.address.postalCode}
              </dd>
              <dt className="text-slate-600">Phone</dt>
              <dd>{p.profile.phone}</dd>
            </dl>
          ) : (
            <p className="text-sm text-amber-900">Not recorded. A prescription carries the prescriber&apos;s NPI, address and phone: they cannot sign until these are added.</p>
          )}
        </section>

        <CredentialSection
          title="State licences"
          headingId={`${headingId}-licences`}
          empty="No state licence recorded."
          addLabel="Add a state licence"
          onAdd={() => open({ kind: "licence", prescriber: p, licence: null })}
          addAria={`Add a state licence for ${p.name}`}
        >
          {p.licences.map((l) => (
            <CredentialRow
              key={l.id}
              title={`${stateName(l.state)} licence`}
              number={l.number}
              item={l}
              holderId={p.userId}
              myId={myId}
              onEdit={() => open({ kind: "licence", prescriber: p, licence: l })}
              onVerify={() => open({ kind: "verify", prescriber: p, credential: { kind: "licence", item: l } })}
              onRemove={() => onRemove({ kind: "licence", item: l, prescriber: p })}
            />
          ))}
        </CredentialSection>

        <CredentialSection
          title="DEA registrations"
          headingId={`${headingId}-dea`}
          empty="No DEA registration recorded. One is needed for each state the prescriber prescribes into."
          addLabel="Add a DEA registration"
          onAdd={() => open({ kind: "dea", prescriber: p, dea: null })}
          addAria={`Add a DEA registration for ${p.name}`}
        >
          {p.deaRegistrations.map((d) => (
            <CredentialRow
              key={d.id}
              title={`DEA registration, ${stateName(d.state)}`}
              number={d.number}
              extra={`Schedules ${d.schedules.join(", ")}${d.schedules.includes("3N") ? "" : " (no 3N: cannot prescribe ketamine)"}`}
              item={d}
              holderId={p.userId}
              myId={myId}
              onEdit={() => open({ kind: "dea", prescriber: p, dea: d })}
              onVerify={() => open({ kind: "verify", prescriber: p, credential: { kind: "dea", item: d } })}
              onRemove={() => onRemove({ kind: "dea", item: d, prescriber: p })}
            />
          ))}
        </CredentialSection>
      </CardContent>
    </Card>
  );
}

function CredentialSection({
  title,
  headingId,
  empty,
  addLabel,
  addAria,
  onAdd,
  children,
}: {
  title: string;
  headingId: string;
  empty: string;
  addLabel: string;
  addAria: string;
  onAdd: () => void;
  children: React.ReactNode[];
}) {
  return (
    <section aria-labelledby={headingId}>
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <Button size="sm" variant="secondary" onClick={onAdd} aria-label={addAria}>
          <Plus aria-hidden="true" />
          <span aria-hidden="true">{addLabel}</span>
        </Button>
      </div>
      {children.length === 0 ? <p className="text-sm text-slate-600">{empty}</p> : <ul className="flex flex-col gap-2">{children}</ul>}
    </section>
  );
}

function CredentialRow({
  title,
  number,
  extra,
  item,
  holderId,
  myId,
  onEdit,
  onVerify,
  onRemove,
}: {
  title: string;
  number: string;
  extra?: string;
  item: Licence;
  holderId: string;
  myId: string | null;
  onEdit: () => void;
  onVerify: () => void;
  onRemove: () => void;
}) {
  // 1311.125(a): a second person verifies; the server refuses the recorder and the holder too.
  const cannotVerify = item.recordedByUserId === myId ? "You recorded this, so another admin must verify it." : holderId === myId ? "This is your own credential: another admin must verify it." : null;
  return (
    <li className="rounded-lg border border-slate-200 p-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 text-sm">
          <p className="font-medium text-slate-900">
            {title} <span className="font-mono font-normal text-slate-700">{number}</span>
          </p>
          <p className={item.expired ? "font-medium text-red-800" : "text-slate-600"}>
            {item.expired ? `Expired on ${formatDate(item.expiresOn)}: it no longer counts and blocks signing.` : `Expires ${formatDate(item.expiresOn)}`}
          </p>
          {extra ? <p className="text-slate-600">{extra}</p> : null}
          <p className="text-slate-600">Recorded by {item.recordedByName ?? "unknown"} on {formatInstant(item.createdAt)}</p>
          {item.verified ? (
            <p className="text-slate-700">
              <BadgeCheck aria-hidden="true" className="mr-1 inline size-4 text-green-700" />
              Verified by {item.verifiedByName ?? "unknown"}
              {item.verifiedAt ? ` on ${formatInstant(item.verifiedAt)}` : ""}
              {item.verificationNote ? `: “${item.verificationNote}”` : ""}
            </p>
          ) : null}
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-1 sm:justify-end">
          {item.expired ? <Badge variant="danger">Expired</Badge> : item.verified ? <Badge variant="success">Verified</Badge> : <Badge variant="warning">Not verified</Badge>}
        </div>
      </div>
      <div className="mt-2 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-2">
        {!item.verified && !item.expired ? (
          cannotVerify ? (
            <p className="text-sm text-slate-600">{cannotVerify}</p>
          ) : (
            <Button size="sm" onClick={onVerify} aria-label={`Verify ${title} ${number}`}>
              <ShieldCheck aria-hidden="true" />
              <span aria-hidden="true">Verify</span>
            </Button>
          )
        ) : null}
        <Button size="sm" variant="ghost" onClick={onEdit} aria-label={`Edit ${title} ${number}`}>
          <Pencil aria-hidden="true" />
          <span aria-hidden="true">Edit</span>
        </Button>
        <Button size="sm" variant="ghost" className="text-red-700 hover:bg-red-50 hover:text-red-800" onClick={onRemove} aria-label={`Remove ${title} ${number}`}>
          <Trash2 aria-hidden="true" />
          <span aria-hidden="true">Remove</span>
        </Button>
      </div>
    </li>
  );
}
