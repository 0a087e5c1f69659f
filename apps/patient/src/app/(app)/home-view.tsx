"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Avatar } from "@clearwell/ui/avatar";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { EmptyState } from "@clearwell/ui/empty-state";
import { Skeleton } from "@clearwell/ui/skeleton";
import { US_STATES } from "@clearwell/validators/us-states";
import { useQuery } from "@tanstack/react-query";
import { LifeBuoy, Mail, Phone, Stethoscope } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

import { CARE_TEAM_ROLE_LABEL, formatCalendarDate } from "~/lib/format";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

import { CheckInCard } from "./check-in-card";
import { DecisionCard } from "./decision-card";
import { NextStepCard } from "./next-step-card";
import { PrescriptionCard } from "./prescription-card";
import { TreatmentCard } from "./treatment-card";

type Profile = PatientOutputs["profile"]["get"];
type PatientRow = Profile["patient"];

function stateName(code: string | null | undefined) {
  if (!code) return null;
  return (US_STATES as Record<string, string>)[code] ?? code;
}

function NotProvided({ children = "Not provided" }: { children?: React.ReactNode }) {
  return <span className="text-slate-500">{children}</span>;
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-3 sm:grid sm:grid-cols-[11rem_1fr] sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="text-base break-words text-slate-900">{children}</dd>
    </div>
  );
}

function Contact({ name, relationship, phone }: { name: string | null; relationship: string | null; phone: string | null }) {
  if (!name) return null;
  return (
    <>
      {name}
      {relationship ? <span className="text-slate-600"> ({relationship})</span> : null}
      {phone ? <span className="block text-slate-700">{phone}</span> : null}
    </>
  );
}

function address(p: PatientRow) {
  const cityLine = [p.city, [p.stateOfResidence, p.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", ");
  const hasAddress = Boolean(p.addressLine1 || p.addressLine2 || p.city || p.postalCode);
  return hasAddress ? ([p.addressLine1, p.addressLine2, cityLine].filter(Boolean) as string[]) : [];
}

function ProfileCard({ patient }: { patient: PatientRow }) {
  const lines = address(patient);
  return (
    <Card aria-labelledby="profile-heading">
      <CardHeader className="flex-row items-center justify-between gap-3">
        <CardTitle id="profile-heading" className="text-lg">
          Your profile
        </CardTitle>
        <Button asChild variant="secondary" className="h-11 px-4">
          <Link href="/profile/edit">
            Edit<span className="sr-only"> your profile</span>
          </Link>
        </Button>
      </CardHeader>
      <CardContent className="py-1">
        <dl className="divide-y divide-slate-100">
          <Row label="Name">
            {patient.givenName} {patient.familyName}
            {patient.preferredName ? <span className="block text-slate-600">Goes by {patient.preferredName}</span> : null}
          </Row>
          <Row label="Date of birth">{formatCalendarDate(patient.dateOfBirth)}</Row>
          <Row label="Medical record number">
            <span className="font-mono text-[0.95em] tracking-wide">{patient.mrn}</span>
          </Row>
          <Row label="State of residence">{stateName(patient.stateOfResidence)}</Row>
          <Row label="Phone">{patient.phone ?? <NotProvided />}</Row>
          <Row label="Address">
            {lines.length ? lines.map((l) => <span key={l} className="block">{l}</span>) : <NotProvided />}
          </Row>
          <Row label="Support person">
            {patient.supportPersonName ? (
              <Contact name={patient.supportPersonName} relationship={patient.supportPersonRelationship} phone={patient.supportPersonPhone} />
            ) : (
              <span className="font-medium text-amber-900">Not added yet: needed before any at-home dose.</span>
            )}
          </Row>
          <Row label="Emergency contact">
            {patient.emergencyContactName ? (
              <Contact name={patient.emergencyContactName} relationship={patient.emergencyContactRelationship} phone={patient.emergencyContactPhone} />
            ) : (
              <NotProvided>Not added yet</NotProvided>
            )}
          </Row>
        </dl>
      </CardContent>
    </Card>
  );
}

interface TeamMember {
  userId: string;
  name: string;
  credentials: string | null;
  roles: string[];
}

/** One entry per person: someone can be both primary provider and prescriber. */
function groupCareTeam(rows: Profile["careTeam"]): TeamMember[] {
  const byUser = new Map<string, TeamMember>();
  for (const r of rows) {
    const m = byUser.get(r.userId) ?? { userId: r.userId, name: r.name, credentials: r.credentials ?? null, roles: [] };
    m.roles.push(r.role);
    byUser.set(r.userId, m);
  }
  return [...byUser.values()];
}

function CareTeamCard({ careTeam, clinic }: { careTeam: Profile["careTeam"]; clinic: Profile["clinic"] }) {
  const team = groupCareTeam(careTeam);
  return (
    <Card aria-labelledby="care-team-heading">
      <CardHeader>
        <CardTitle id="care-team-heading" className="text-lg">
          Your care team
        </CardTitle>
        {clinic ? <p className="text-sm text-slate-600">{clinic.name}</p> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {team.length ? (
          <ul className="flex flex-col divide-y divide-slate-100">
            {team.map((m) => (
              <li key={m.userId} className="flex items-start gap-3 py-3 first:pt-0">
                <Avatar name={m.name} size="lg" decorative />
                <div className="flex min-w-0 flex-col gap-1.5">
                  <p className="text-base font-semibold text-slate-900">
                    {m.name}
                    {m.credentials ? <span className="font-normal text-slate-600">, {m.credentials}</span> : null}
                  </p>
                  <p className="flex flex-wrap gap-1.5">
                    {m.roles.map((role) => (
                      <Badge key={role} variant="brand" className="text-sm">
                        {CARE_TEAM_ROLE_LABEL[role] ?? role}
                      </Badge>
                    ))}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState
            icon={Stethoscope}
            headingLevel="h3"
            title="No care team yet"
            description="Your clinic will assign your care team after your evaluation."
            className="py-8"
          />
        )}
        {clinic && (clinic.phone || clinic.email) ? (
          <div className="rounded-lg bg-slate-50 px-4 py-3">
            <h3 className="text-sm font-semibold text-slate-800">Contact your clinic</h3>
            <ul className="mt-1 flex flex-col">
              {clinic.phone ? (
                <li>
                  <a href={`tel:${clinic.phone.replace(/[^\d+]/g, "")}`} className="inline-flex min-h-11 items-center gap-2 text-base font-medium text-brand-700 underline underline-offset-4">
                    <Phone aria-hidden="true" className="size-4" />
                    {clinic.phone}
                  </a>
                </li>
              ) : null}
              {clinic.email ? (
                <li>
                  <a href={`mailto:${clinic.email}`} className="inline-flex min-h-11 items-center gap-2 text-base font-medium break-all text-brand-700 underline underline-offset-4">
                    <Mail aria-hidden="true" className="size-4 shrink-0" />
                    {clinic.email}
                  </a>
                </li>
              ) : null}
            </ul>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Static and always visible: crisis resources never depend on data loading (DOMAIN.md §6). */
function SafetyCard() {
  return (
    <Card aria-labelledby="safety-heading" className="border-red-200 bg-red-50/60">
      <CardContent className="flex flex-col gap-3 py-5">
        <h2 id="safety-heading" className="flex items-center gap-2 text-lg font-semibold text-red-900">
          <LifeBuoy aria-hidden="true" className="size-5" />
          Need help now?
        </h2>
        <p className="text-base text-slate-900">
          In a crisis, call or text 988, or call 911 if you are in immediate danger.
        </p>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="danger" size="lg" className="flex-1 sm:flex-none">
            <a href="tel:988">Call 988</a>
          </Button>
          <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
            <a href="sms:988">Text 988</a>
          </Button>
          <Button asChild variant="secondary" size="lg" className="flex-1 sm:flex-none">
            <a href="tel:911">Call 911</a>
          </Button>
        </div>
        <p className="text-sm text-slate-700">
          You can also chat at{" "}
          <a href="https://988lifeline.org" target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline underline-offset-4">
            988lifeline.org
          </a>
          .
        </p>
      </CardContent>
    </Card>
  );
}

function LoadingHome() {
  return (
    <div aria-busy="true" className="flex flex-col gap-6">
      <span role="status" className="sr-only">
        Loading your profile
      </span>
      <Skeleton className="h-9 w-48" />
      {[0, 1].map((i) => (
        <div key={i} className="rounded-card border border-line bg-white p-5">
          <Skeleton className="h-6 w-36" />
          <div className="mt-5 flex flex-col gap-4">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-4 w-2/3" />
          </div>
        </div>
      ))}
    </div>
  );
}

export function HomeView({ saved }: { saved: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const profile = useQuery(trpc.profile.get.queryOptions());
  const savedRef = useRef<HTMLDivElement>(null);

  // After saving the profile we land here; move focus so the confirmation is announced.
  useEffect(() => {
    if (saved && profile.isSuccess) savedRef.current?.focus();
  }, [saved, profile.isSuccess]);

  let body: React.ReactNode;
  if (profile.isPending) body = <LoadingHome />;
  else if (profile.isError) {
    const code = trpcCode(profile.error);
    const permanent = code === "FORBIDDEN" || code === "NOT_FOUND";
    body = (
      <div className="flex flex-col gap-4">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Welcome</h1>
        <Alert
          variant="error"
          title="We couldn't load your profile"
          action={
            permanent ? null : (
              <Button variant="secondary" loading={profile.isFetching} onClick={() => void profile.refetch()} className="h-11">
                Retry
              </Button>
            )
          }
        >
          {permanent ? profile.error.message : "Check your connection and try again."}
        </Alert>
      </div>
    );
  } else {
    const { patient, careTeam, clinic } = profile.data;
    body = (
      <div className="flex flex-col gap-6">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Hi, {patient.preferredName || patient.givenName}</h1>
        {saved ? (
          <div ref={savedRef} tabIndex={-1} className="outline-none">
            <Alert
              variant="success"
              action={
                <Button variant="ghost" size="sm" className="h-11" onClick={() => router.replace("/", { scroll: false })}>
                  Dismiss
                </Button>
              }
            >
              Your profile was saved.
            </Alert>
          </div>
        ) : null}
        <TreatmentCard />
        <CheckInCard />
        <NextStepCard />
        <DecisionCard />
        <PrescriptionCard />
        <ProfileCard patient={patient} />
        <CareTeamCard careTeam={careTeam} clinic={clinic} />
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      {body}
      <SafetyCard />
    </div>
  );
}
