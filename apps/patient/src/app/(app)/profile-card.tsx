"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@clearwell/ui/card";
import { US_STATES } from "@clearwell/validators/us-states";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { formatCalendarDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

import { LoadError, Loading } from "./load-states";

export type Profile = PatientOutputs["profile"]["get"];
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

/** The patient's details as the clinic has them, with Edit; on the profile page under its own h1. */
export function ProfileCard({ patient, title = "Your profile" }: { patient: PatientRow; title?: string }) {
  const lines = address(patient);
  return (
    <Card aria-labelledby="profile-heading">
      <CardHeader className="flex-row items-center justify-between gap-3">
        <CardTitle id="profile-heading" className="text-lg">
          {title}
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
            <Link href="/support" className="mt-1 flex min-h-11 w-fit items-center text-base font-medium text-brand-700 underline underline-offset-4">
              {patient.supportPersonName ? "Manage your support person" : "Add your support person"}
            </Link>
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

/** The Profile page (main navigation): the patient's details, their support person and the way to edit. */
export function ProfileView() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.profile.get.queryOptions());
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-3xl">Your profile</h1>
      {profile.isPending ? (
        <Loading label="Loading your profile" rows={1} />
      ) : profile.isError ? (
        <LoadError title="We couldn't load your profile" error={profile.error} retry={() => void profile.refetch()} retrying={profile.isFetching} />
      ) : (
        <ProfileCard patient={profile.data.patient} title="Your details" />
      )}
    </div>
  );
}
