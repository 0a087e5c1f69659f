"use client";

import type { FormEvent } from "react";
import { useState } from "react";
import { UserMinus } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Avatar } from "@clearwell/ui/avatar";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { Field } from "@clearwell/ui/field";
import { Select } from "@clearwell/ui/select";

import { linkClass } from "~/components/auth-card";
import { CARE_TEAM_ROLE, isAdmin, isClinician } from "~/lib/roles";
import { errorMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Role = "primary_provider" | "prescriber" | "care_coordinator";
interface Member {
  userId: string;
  // on_call: added by the alert engine when a critical alert was routed to them (issue 13).
  role: Role | "on_call";
  name: string;
  email: string;
  credentials: string | null;
}

/** Clinic roles that may hold each care-team role (the server checks the same). */
const HOLDERS: Record<Role, string[]> = { primary_provider: ["provider"], prescriber: ["prescriber"], care_coordinator: ["staff", "provider", "prescriber"] };

/**
 * Whether this person may take the patient on (the server's rule, care_team.claim): a clinician
 * who is not an admin, for a new intake awaiting review that no clinician looks after yet.
 */
export const canTakeOn = (roles: readonly string[], status: string, members: readonly { role: string }[]) =>
  !isAdmin(roles) && isClinician(roles) && status === "intake_submitted" && !members.some((m) => m.role !== "care_coordinator");

/**
 * Who looks after the patient. Being on the care team is what opens the chart to a clinician
 * (DOMAIN.md §1 "A"): admins assign and remove; a clinician may take on a patient nobody has yet.
 */
export function CareTeamCard({ patientId, members, roles, status }: { patientId: string; members: Member[]; roles: readonly string[]; status: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const admin = isAdmin(roles);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.patient.get.queryKey({ patientId }) });
  const staff = useQuery({ ...trpc.staff.list.queryOptions(), enabled: admin });
  const assign = useMutation(trpc.careTeam.assign.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.careTeam.remove.mutationOptions({ onSuccess: refresh }));
  const claim = useMutation(trpc.careTeam.claim.mutationOptions({ onSuccess: refresh }));
  const [role, setRole] = useState<Role>("primary_provider");
  const [userId, setUserId] = useState("");

  const candidates = (staff.data?.members ?? []).filter((m) => m.roles.some((r) => HOLDERS[role].includes(r)) && !members.some((x) => x.userId === m.userId && x.role === role));
  const failure = assign.error ?? remove.error ?? claim.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!userId) return;
    assign.mutate({ patientId, userId, role }, { onSuccess: () => setUserId("") });
  };

  return (
    <Card className="self-start">
      <CardHeader>
        <CardTitle>Care team</CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {failure ? <Alert variant="error">{errorMessage(failure)}</Alert> : null}
        {members.length ? (
          <ul className="flex flex-col gap-4">
            {members.map((m) => (
              <li key={`${m.userId}-${m.role}`} className="flex items-start gap-3">
                <Avatar name={m.name} size="md" decorative />
                <div className="min-w-0 flex-1">
                  <p className="text-sm font-medium text-slate-900">
                    {m.name}
                    {m.credentials ? <span className="font-normal text-slate-600">, {m.credentials}</span> : null}
                  </p>
                  <p className="text-sm text-slate-600">{CARE_TEAM_ROLE[m.role] ?? m.role}</p>
                  <a className={`${linkClass} text-sm break-all`} href={`mailto:${m.email}`}>
                    {m.email}
                  </a>
                </div>
                {/* An on-call member is added and released by the alert engine, not by hand. */}
                {admin && m.role !== "on_call" ? (
                  <Button
                    variant="ghost"
                    size="icon"
                    aria-label={`Remove ${m.name} as ${(CARE_TEAM_ROLE[m.role] ?? m.role).toLowerCase()}`}
                    loading={remove.isPending && remove.variables.userId === m.userId && remove.variables.role === m.role}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate({ patientId, userId: m.userId, role: m.role as Role })}
                  >
                    <UserMinus aria-hidden="true" />
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">No one is assigned yet.</p>
        )}

        {canTakeOn(roles, status, members) ? (
          <Button variant="secondary" loading={claim.isPending} onClick={() => claim.mutate({ patientId })}>
            Take on this patient
          </Button>
        ) : null}

        {admin ? (
          <form onSubmit={submit} className="flex flex-col gap-3 border-t border-slate-100 pt-4" aria-label="Add to care team">
            <Field label="Role">
              <Select
                value={role}
                onChange={(e) => {
                  setRole(e.target.value as Role);
                  setUserId("");
                }}
              >
                {(Object.keys(HOLDERS) as Role[]).map((r) => (
                  <option key={r} value={r}>
                    {CARE_TEAM_ROLE[r]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Person" hint={staff.isError ? "Staff could not be loaded." : undefined}>
              <Select value={userId} onChange={(e) => setUserId(e.target.value)} disabled={staff.isPending || !candidates.length}>
                <option value="">{staff.isPending ? "Loading staff…" : candidates.length ? "Choose someone" : "No one else can hold this role"}</option>
                {candidates.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.name}
                    {m.credentials ? `, ${m.credentials}` : ""}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" variant="secondary" loading={assign.isPending} disabled={!userId}>
              Add to care team
            </Button>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}
