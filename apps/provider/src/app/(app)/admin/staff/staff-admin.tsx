"use client";

import Link from "next/link";
import { MailPlus, Pencil, Trash2, UserPlus } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Avatar } from "@clearwell/ui/avatar";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { ConfirmDialog } from "@clearwell/ui/confirm-dialog";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TBody, TD, TH, THead, TR, Table } from "@clearwell/ui/table";

import { LoadError } from "~/components/admin-states";
import { linkClass } from "~/components/auth-card";
import { useMe } from "~/components/shell/use-me";
import { formatInstant, stateName } from "~/lib/format";
import { roleLabel } from "~/lib/roles";
import type { StaffRole } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { EditRolesDialog } from "./edit-roles-dialog";
import { InviteStaffDialog } from "./invite-staff-dialog";

interface Member {
  userId: string;
  name: string;
  email: string;
  roles: StaffRole[];
}

function StateList({ states }: { states: string[] }) {
  if (!states.length) return <span className="text-slate-500">None</span>;
  return (
    <span className="flex max-w-48 flex-wrap gap-1">
      {states.map((s) => (
        <abbr key={s} title={stateName(s)} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700 no-underline">
          {s}
        </abbr>
      ))}
    </span>
  );
}

/**
 * Licences, DEA registrations and the NPI are the clinic's credential record, edited (and verified) on
 * the Prescribers page only: a clinician's row links to their card there.
 */
function CredentialsLink({ m }: { m: { userId: string; name: string; roles: StaffRole[] } }) {
  if (!m.roles.some((r) => r === "provider" || r === "prescriber")) return null;
  return (
    <Link href={`/admin/prescribers#prescriber-${m.userId}`} className={`${linkClass} mt-1 inline-block text-xs`}>
      Licences and DEA<span className="sr-only"> of {m.name}</span>
    </Link>
  );
}

function StaffSkeleton() {
  return (
    <div aria-busy="true" className="flex flex-col gap-3">
      <span className="sr-only" role="status">Loading staff…</span>
      {Array.from({ length: 5 }, (_, i) => (
        <Skeleton key={i} className="h-14 w-full" />
      ))}
    </div>
  );
}

export function StaffAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const staff = useQuery(trpc.staff.list.queryOptions());
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.staff.list.queryKey() });

  const [inviteOpen, setInviteOpen] = useState(false);
  const [editing, setEditing] = useState<Member | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [revoking, setRevoking] = useState<{ id: string; email: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const remove = useMutation(trpc.staff.remove.mutationOptions());
  const revoke = useMutation(trpc.staff.revokeInvitation.mutationOptions());
  // The link goes to the invitee's inbox only; resending mails a new one and retires the old.
  const resend = useMutation(trpc.staff.resendInvitation.mutationOptions());
  const resendTo = (inv: { id: string; email: string }) =>
    resend.mutate(
      { invitationId: inv.id },
      {
        onSuccess: (res) => {
          setNotice(`Invitation sent again to ${res.sentTo}. The earlier link no longer works.`);
          void invalidate();
        },
        onError: (err) => setNotice(`Couldn't resend the invitation to ${inv.email}: ${errorMessage(err)}`),
      },
    );

  const header = (
    <PageHeader
      title="Staff"
      description="People who can sign in to this clinic, their roles and credentials. Licences and DEA registrations in force today are shown; they are recorded and verified on the Prescribers page."
      actions={
        staff.isSuccess ? (
          <Button onClick={() => setInviteOpen(true)}>
            <UserPlus aria-hidden="true" />
            Invite staff
          </Button>
        ) : null
      }
    />
  );

  if (staff.isPending) return <div>{header}<StaffSkeleton /></div>;
  if (staff.isError) {
    return (
      <div>
        {header}
        <LoadError error={staff.error} what="staff" onRetry={() => void staff.refetch()} retrying={staff.isFetching} />
      </div>
    );
  }

  const { members, invitations } = staff.data;

  return (
    <div>
      {header}
      <InviteStaffDialog open={inviteOpen} onOpenChange={setInviteOpen} onInvited={() => void invalidate()} />
      <EditRolesDialog
        member={editing}
        onOpenChange={(open) => !open && setEditing(null)}
        onSaved={(name) => {
          setNotice(`Roles updated for ${name}.`);
          void invalidate();
        }}
      />
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRemoving(null);
            remove.reset();
          }
        }}
        title={`Remove ${removing?.name ?? ""} from the clinic?`}
        description="They lose access to this clinic's patients immediately. Their account stays, and past activity remains in the audit log."
        confirmLabel="Remove"
        destructive
        pending={remove.isPending}
        onConfirm={() => {
          if (!removing) return;
          remove.mutate(
            { userId: removing.userId },
            {
              onSuccess: () => {
                setNotice(`${removing.name} was removed from the clinic.`);
                setRemoving(null);
                void invalidate();
              },
            },
          );
        }}
      >
        {remove.isError ? <Alert variant="error">{errorMessage(remove.error)}</Alert> : null}
      </ConfirmDialog>
      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => {
          if (!open) {
            setRevoking(null);
            revoke.reset();
          }
        }}
        title="Revoke this invitation?"
        description={`The link sent to ${revoking?.email ?? ""} will stop working.`}
        confirmLabel="Revoke"
        destructive
        pending={revoke.isPending}
        onConfirm={() => {
          if (!revoking) return;
          revoke.mutate(
            { invitationId: revoking.id },
            {
              onSuccess: () => {
                setNotice(`Invitation for ${revoking.email} revoked.`);
                setRevoking(null);
                void invalidate();
              },
            },
          );
        }}
      >
        {revoke.isError ? <Alert variant="error">{errorMessage(revoke.error)}</Alert> : null}
      </ConfirmDialog>

      {notice ? (
        <Alert variant="success" className="mb-4">
          {notice}
        </Alert>
      ) : null}

      <section aria-labelledby="members-heading" className="mb-10">
        <h2 id="members-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Members <span className="text-sm font-normal text-slate-600">({members.length})</span>
        </h2>
        {/* Phones get one card per person; wider screens the full table. */}
        <ul className="flex flex-col gap-3 md:hidden">
          {members.map((m) => {
            const self = m.userId === me.data?.user.id;
            return (
              <li key={m.userId} className="rounded-card border border-line bg-white p-4 shadow-sm">
                <div className="flex items-start gap-3">
                  <Avatar name={m.name} size="md" decorative />
                  <div className="min-w-0 flex-1">
                    <p className="font-medium text-slate-900">
                      {m.name}
                      {self ? <span className="ml-1 text-xs font-normal text-slate-600">(you)</span> : null}
                    </p>
                    <p className="truncate text-sm text-slate-600">{m.email}</p>
                    <p className="mt-2 flex flex-wrap gap-1">
                      {m.roles.map((r) => (
                        <Badge key={r} variant={r === "admin" ? "info" : "brand"}>
                          {roleLabel(r)}
                        </Badge>
                      ))}
                    </p>
                  </div>
                </div>
                <dl className="mt-3 grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
                  <dt className="text-slate-600">Credentials</dt>
                  <dd>
                    {m.credentials ?? "—"}
                    {m.npi ? <span className="text-slate-600"> · NPI {m.npi}</span> : null}
                  </dd>
                  <dt className="text-slate-600">Licensed in</dt>
                  <dd>
                    <StateList states={m.licensedStates} />
                    <CredentialsLink m={m} />
                  </dd>
                  <dt className="text-slate-600">DEA</dt>
                  <dd>
                    <StateList states={m.deaStates} />
                  </dd>
                  <dt className="text-slate-600">Two-factor</dt>
                  <dd>{m.twoFactorEnabled ? <Badge variant="success">On</Badge> : <Badge variant="warning">Off</Badge>}</dd>
                </dl>
                <div className="mt-3 flex gap-2 border-t border-slate-100 pt-3">
                  <Button size="sm" variant="secondary" onClick={() => setEditing(m)} aria-label={`Edit roles for ${m.name}`}>
                    <Pencil aria-hidden="true" />
                    <span aria-hidden="true">Edit roles</span>
                  </Button>
                  {self ? null : (
                    <Button size="sm" variant="secondary" className="text-red-700" onClick={() => setRemoving(m)} aria-label={`Remove ${m.name}`}>
                      <Trash2 aria-hidden="true" />
                      <span aria-hidden="true">Remove</span>
                    </Button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
        <div className="hidden md:block">
        <Table>
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Roles</TH>
              <TH>Credentials</TH>
              <TH>Licensed in</TH>
              <TH>DEA</TH>
              <TH>Two-factor</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {members.map((m) => {
              const self = m.userId === me.data?.user.id;
              return (
                <TR key={m.userId}>
                  <TD className="min-w-56">
                    <div className="flex items-center gap-3">
                      <Avatar name={m.name} size="sm" decorative />
                      <div className="min-w-0">
                        <p className="font-medium text-slate-900">
                          {m.name}
                          {self ? <span className="ml-1 text-xs font-normal text-slate-600">(you)</span> : null}
                        </p>
                        <p className="truncate text-xs text-slate-600">{m.email}</p>
                      </div>
                    </div>
                  </TD>
                  <TD>
                    <span className="flex flex-wrap gap-1">
                      {m.roles.map((r) => (
                        <Badge key={r} variant={r === "admin" ? "info" : "brand"}>
                          {roleLabel(r)}
                        </Badge>
                      ))}
                    </span>
                  </TD>
                  <TD className="whitespace-nowrap">
                    {m.credentials ?? <span className="text-slate-500">—</span>}
                    {m.npi ? <span className="block text-xs text-slate-600">NPI {m.npi}</span> : null}
                  </TD>
                  <TD>
                    <StateList states={m.licensedStates} />
                    <CredentialsLink m={m} />
                  </TD>
                  <TD>
                    <StateList states={m.deaStates} />
                  </TD>
                  <TD>
                    {m.twoFactorEnabled ? <Badge variant="success">On</Badge> : <Badge variant="warning">Off</Badge>}
                  </TD>
                  <TD className="w-px text-right whitespace-nowrap">
                    <div className="flex justify-end gap-1">
                      <Button size="icon" variant="ghost" className="size-8" onClick={() => setEditing(m)} aria-label={`Edit roles for ${m.name}`} title="Edit roles">
                        <Pencil aria-hidden="true" />
                      </Button>
                      {self ? (
                        <span className="size-8" aria-hidden="true" />
                      ) : (
                        <Button
                          size="icon"
                          variant="ghost"
                          className="size-8 text-red-700 hover:bg-red-50 hover:text-red-800"
                          onClick={() => setRemoving(m)}
                          aria-label={`Remove ${m.name}`}
                          title="Remove from clinic"
                        >
                          <Trash2 aria-hidden="true" />
                        </Button>
                      )}
                    </div>
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
        </div>
      </section>

      <section aria-labelledby="invitations-heading">
        <h2 id="invitations-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Pending invitations
        </h2>
        {invitations.length === 0 ? (
          <EmptyState
            icon={MailPlus}
            headingLevel="h3"
            title="No pending invitations"
            description="Invitations that haven't been accepted yet appear here until they expire."
          />
        ) : (
          <Table>
            <THead>
              <tr>
                <TH>Email</TH>
                <TH>Roles</TH>
                <TH>Sent</TH>
                <TH>Expires</TH>
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {invitations.map((inv) => (
                <TR key={inv.id}>
                  <TD className="font-medium break-all">{inv.email}</TD>
                  <TD>
                    <span className="flex flex-wrap gap-1">
                      {inv.roles.map((r) => (
                        <Badge key={r} variant="neutral">
                          {roleLabel(r)}
                        </Badge>
                      ))}
                    </span>
                  </TD>
                  <TD className="whitespace-nowrap">{formatInstant(inv.createdAt)}</TD>
                  <TD className="whitespace-nowrap">{formatInstant(inv.expiresAt)}</TD>
                  <TD className="text-right whitespace-nowrap">
                    <Button
                      size="sm"
                      variant="ghost"
                      loading={resend.isPending && resend.variables?.invitationId === inv.id}
                      onClick={() => resendTo(inv)}
                      aria-label={`Resend invitation to ${inv.email}`}
                    >
                      <span aria-hidden="true">Resend</span>
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-red-700 hover:bg-red-50 hover:text-red-800"
                      onClick={() => setRevoking({ id: inv.id, email: inv.email })}
                      aria-label={`Revoke invitation for ${inv.email}`}
                    >
                      <span aria-hidden="true">Revoke</span>
                    </Button>
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </section>
    </div>
  );
}
