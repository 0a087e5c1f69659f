"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { ArrowLeft, UserRoundX } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Avatar } from "@clearwell/ui/avatar";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { PageHeader } from "@clearwell/ui/page-header";

import { linkClass } from "~/components/auth-card";
import { PatientLoadError, PatientLoadSkeleton } from "~/components/patient-load-states";
import { ageFrom, formatDate, patientStatus, stateName, zoneLabel } from "~/lib/format";
import { useMe } from "~/components/shell/use-me";
import { canInvitePatients, isClinician } from "~/lib/roles";
import { trpcCode } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { CareTeamCard, canTakeOn } from "./care-team-card";
import { ResendInvitation } from "./resend-invitation";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const backLink = (
  <Link href="/patients" className={`${linkClass} inline-flex items-center gap-1`}>
    <ArrowLeft aria-hidden="true" className="size-4" />
    Patients
  </Link>
);

/** A definition list row; empty values read as "Not recorded" rather than a blank. */
function Item({ label, children, narrow }: { label: string; children: ReactNode; narrow?: boolean }) {
  const empty = children === null || children === undefined || children === "";
  return (
    <div className={`flex flex-col gap-0.5 py-2 sm:grid sm:gap-4 ${narrow ? "sm:grid-cols-[7rem_1fr]" : "sm:grid-cols-[10rem_1fr]"}`}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-sm break-words text-slate-900">{empty ? <span className="text-slate-500">Not recorded</span> : children}</dd>
    </div>
  );
}

function ContactCard({ title, name, relationship, phone }: { title: string; name: string | null; relationship: string | null; phone: string | null }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        {name ? (
          <dl className="divide-y divide-slate-100">
            <Item narrow label="Name">{name}</Item>
            <Item narrow label="Relationship">{relationship}</Item>
            <Item narrow label="Phone">{phone ? <a className={linkClass} href={`tel:${phone.replace(/[^\d+]/g, "")}`}>{phone}</a> : null}</Item>
          </dl>
        ) : (
          <p className="text-sm text-slate-600">Not provided yet. The patient adds this during registration.</p>
        )}
      </CardContent>
    </Card>
  );
}

/**
 * A clinician who is not (yet) one of this patient's clinicians: the chart would be refused, so
 * say how to get access instead of offering a button that leads to "Chart not available".
 */
function ChartAccessNote({ canTakeOn }: { canTakeOn: boolean }) {
  return (
    <Alert variant="info" className="mb-6" title="You can't open this chart yet">
      {canTakeOn
        ? "The chart opens to the patient's care team and the clinicians of their visits. No clinician looks after this patient yet: take them on under Care team to open it."
        : "The chart opens to the patient's care team and the clinicians of their visits. Ask an admin to add you to the care team."}
    </Alert>
  );
}

function NotFoundState() {
  return (
    <div>
      <div className="mb-4 text-sm">{backLink}</div>
      <EmptyState
        icon={UserRoundX}
        headingLevel="h1"
        title="Patient not found"
        description="There's no patient with this link in your current clinic. They may belong to another clinic; switch clinic from the menu if you work at several."
        action={
          <Button asChild variant="secondary">
            <Link href="/patients">Back to patients</Link>
          </Button>
        }
      />
    </div>
  );
}

export function PatientDetail({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const valid = UUID.test(patientId);
  const patient = useQuery({ ...trpc.patient.get.queryOptions({ patientId }), enabled: valid });
  const { roles } = useMe();

  if (!valid) return <NotFoundState />;
  if (patient.isPending) return <PatientLoadSkeleton label="Loading patient…" eyebrow />;
  if (patient.isError) {
    if (trpcCode(patient.error) === "NOT_FOUND") return <NotFoundState />;
    return (
      <PatientLoadError
        backLink={backLink}
        heading="Patient"
        title="We couldn't load this patient"
        error={patient.error}
        onRetry={() => void patient.refetch()}
        retrying={patient.isFetching}
      />
    );
  }

  const p = patient.data;
  const status = patientStatus(p.status);
  const age = ageFrom(p.dateOfBirth);
  const fullName = `${p.givenName} ${p.familyName}`;
  const address = [p.addressLine1, p.addressLine2, [p.city, p.stateOfResidence, p.postalCode].filter(Boolean).join(", ")]
    .filter((line) => line && line.trim())
    .join("\n");

  return (
    <div>
      <PageHeader
        eyebrow={backLink}
        actions={
          p.chartAccess ? (
            <Button asChild>
              <Link href={`/patients/${patientId}/chart`}>Open chart</Link>
            </Button>
          ) : undefined
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            <Avatar name={fullName} size="lg" decorative />
            <span>{fullName}</span>
            <Badge variant={status.variant} className="text-sm">
              {status.label}
            </Badge>
          </span>
        }
        description={
          <>
            MRN <span className="font-mono">{p.mrn}</span>
            {age !== null ? ` · ${age} years old` : ""} · {stateName(p.stateOfResidence)}
          </>
        }
      />

      {p.status === "invited" && canInvitePatients(roles) ? <ResendInvitation patientId={p.id} email={p.email} /> : null}
      {isClinician(roles) && !p.chartAccess ? <ChartAccessNote canTakeOn={canTakeOn(roles, p.status, p.careTeam)} /> : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="flex flex-col gap-6 lg:col-span-2">
          <Card>
            <CardHeader>
              <CardTitle>Demographics</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y divide-slate-100">
                <Item label="Legal name">{fullName}</Item>
                <Item label="Preferred name">{p.preferredName}</Item>
                <Item label="Date of birth">
                  {formatDate(p.dateOfBirth)}
                  {age !== null ? <span className="text-slate-600"> (age {age})</span> : null}
                </Item>
                <Item label="MRN">
                  <span className="font-mono">{p.mrn}</span>
                </Item>
                <Item label="State of residence">{stateName(p.stateOfResidence)}</Item>
                <Item label="Time zone">{zoneLabel(p.timezone)}</Item>
              </dl>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Contact</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="divide-y divide-slate-100">
                <Item label="Email">
                  <a className={`${linkClass} break-all`} href={`mailto:${p.email}`}>
                    {p.email}
                  </a>
                </Item>
                <Item label="Phone">{p.phone ? <a className={linkClass} href={`tel:${p.phone.replace(/[^\d+]/g, "")}`}>{p.phone}</a> : null}</Item>
                <Item label="Address">{address ? <span className="whitespace-pre-line">{address}</span> : null}</Item>
              </dl>
            </CardContent>
          </Card>

          <div className="grid gap-6 md:grid-cols-2">
            <ContactCard title="Support person" name={p.supportPersonName} relationship={p.supportPersonRelationship} phone={p.supportPersonPhone} />
            <ContactCard title="Emergency contact" name={p.emergencyContactName} relationship={p.emergencyContactRelationship} phone={p.emergencyContactPhone} />
          </div>
        </div>

        <CareTeamCard patientId={patientId} members={p.careTeam} roles={roles} status={p.status} />
      </div>
    </div>
  );
}
