"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import type { ZodForm } from "@clearwell/ui/form";
import { FormError, FormField, applyServerError, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import { PageHeader } from "@clearwell/ui/page-header";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { TimeZoneSelect } from "@clearwell/ui/time-zone-select";
import type { ZProfileUpdateInput } from "@clearwell/validators/patient";
import { US_STATES } from "@clearwell/validators/us-states";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";

import { useTRPC } from "~/trpc/react";

type PatientRow = PatientOutputs["profile"]["get"]["patient"];
type ProfileForm = ZodForm<typeof ZProfileUpdateInput>;

function toForm(p: PatientRow) {
  return {
    preferredName: p.preferredName ?? "",
    phone: p.phone ?? "",
    addressLine1: p.addressLine1 ?? "",
    addressLine2: p.addressLine2 ?? "",
    city: p.city ?? "",
    stateOfResidence: p.stateOfResidence as (typeof ZProfileUpdateInput)["shape"]["stateOfResidence"]["options"][number],
    postalCode: p.postalCode ?? "",
    supportPerson: { name: p.supportPersonName ?? "", relationship: p.supportPersonRelationship ?? "", phone: p.supportPersonPhone ?? "" },
    emergencyContact: {
      name: p.emergencyContactName ?? "",
      relationship: p.emergencyContactRelationship ?? "",
      phone: p.emergencyContactPhone ?? "",
    },
    timezone: p.timezone,
  };
}

const STATE_OPTIONS = Object.entries(US_STATES).sort((a, b) => a[1].localeCompare(b[1]));

const BackLink = () => (
  <Link href="/" className="inline-flex min-h-11 items-center gap-1.5 font-medium text-brand-700 underline-offset-4 hover:underline">
    <ArrowLeft aria-hidden="true" className="size-4" />
    Back to home
  </Link>
);

const inputClass = "h-12 sm:h-11";

function ContactFieldset({ form, legend, description, prefix }: { form: ProfileForm; legend: string; description: React.ReactNode; prefix: "supportPerson" | "emergencyContact" }) {
  const label = legend.charAt(0).toUpperCase() + legend.slice(1).toLowerCase();
  return (
    <fieldset className="flex flex-col gap-4">
      <legend className="mb-2 text-lg font-semibold text-slate-900">{legend}</legend>
      <div className="text-base text-slate-700">{description}</div>
      <FormField form={form} name={`${prefix}.name`} label={`${label} name`} required>
        <Input autoComplete="off" className={inputClass} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField form={form} name={`${prefix}.relationship`} label={`${label} relationship`} required>
          <Input placeholder="e.g. Spouse, friend" autoComplete="off" className={inputClass} />
        </FormField>
        <FormField form={form} name={`${prefix}.phone`} label={`${label} phone`} required>
          <Input type="tel" inputMode="tel" autoComplete="off" className={inputClass} />
        </FormField>
      </div>
    </fieldset>
  );
}

function ProfileFormView({ patient }: { patient: PatientRow }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.profile.update.mutationOptions());
  const form = useZodForm({ schema: () => import("@clearwell/validators/patient").then((m) => m.ZProfileUpdateInput), defaultValues: toForm(patient) });

  const onSubmit = form.handleSubmit(async (values) => {
    try {
      await update.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
      router.push("/?saved=profile");
    } catch (err) {
      applyServerError(form, err, { fallback: "We couldn't save your changes. Please try again." });
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      <FormError form={form} />

      <Card aria-labelledby="about-you-heading">
        <CardContent className="flex flex-col gap-4 py-5">
          <h2 id="about-you-heading" className="text-lg font-semibold text-slate-900">
            About you
          </h2>
          <p className="text-base text-slate-700">
            To change your legal name or date of birth ({patient.givenName} {patient.familyName}), contact your clinic.
          </p>
          <FormField form={form} name="preferredName" label="Preferred name (optional)" messageLabel="Preferred name" hint="What you'd like us to call you.">
            <Input autoComplete="nickname" className={inputClass} />
          </FormField>
          <FormField form={form} name="phone" label="Mobile phone (optional)" messageLabel="Mobile phone">
            <Input type="tel" inputMode="tel" autoComplete="tel" className={inputClass} />
          </FormField>
          <FormField
            form={form}
            name="timezone"
            label="Time zone"
            hint="Appointment times are shown in it. Search by city, region or abbreviation (e.g. Denver, PST)."
            required
            controlled
          >
            {(p) => <TimeZoneSelect {...p} inputClassName={inputClass} />}
          </FormField>
        </CardContent>
      </Card>

      <Card aria-labelledby="address-heading">
        <CardContent className="flex flex-col gap-4 py-5">
          <h2 id="address-heading" className="text-lg font-semibold text-slate-900">
            Home address
          </h2>
          <FormField form={form} name="addressLine1" label="Address line 1" messageLabel="Street address">
            <Input autoComplete="address-line1" className={inputClass} />
          </FormField>
          <FormField form={form} name="addressLine2" label="Address line 2 (optional)" messageLabel="Address line 2">
            <Input autoComplete="address-line2" className={inputClass} />
          </FormField>
          <FormField form={form} name="city" label="City">
            <Input autoComplete="address-level2" className={inputClass} />
          </FormField>
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <FormField
              form={form}
              name="stateOfResidence"
              label="State of residence"
              hint="If you move, tell your clinic: your clinician must be licensed where you live."
              required
            >
              <Select autoComplete="address-level1" className={inputClass}>
                <option value="">Choose a state</option>
                {STATE_OPTIONS.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </Select>
            </FormField>
            <FormField form={form} name="postalCode" label="ZIP code">
              <Input inputMode="numeric" autoComplete="postal-code" className={inputClass} />
            </FormField>
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardContent className="py-5">
          <ContactFieldset
            form={form}
            legend="Support person"
            prefix="supportPerson"
            description={
              <p>
                A responsible adult who <strong className="font-semibold">must be with you, in person, for every at-home dose</strong> and
                can help if you feel unwell afterwards.
              </p>
            }
          />
        </CardContent>
      </Card>

      <Card>
        <CardContent className="py-5">
          <ContactFieldset
            form={form}
            legend="Emergency contact"
            prefix="emergencyContact"
            description={<p>Someone your clinic can call in an emergency if they can&apos;t reach you. It can be your support person.</p>}
          />
        </CardContent>
      </Card>

      <div className="flex flex-col-reverse gap-3 sm:flex-row sm:justify-end">
        <Button asChild variant="secondary" size="lg">
          <Link href="/">Cancel</Link>
        </Button>
        <Button type="submit" size="lg" loading={update.isPending}>
          {update.isPending ? "Saving…" : "Save changes"}
        </Button>
      </div>
    </form>
  );
}

export function ProfileEdit() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.profile.get.queryOptions());

  return (
    <div>
      <PageHeader eyebrow={<BackLink />} title="Edit your profile" description="Keep your contact details current so your clinic can reach you." />
      {profile.isPending ? (
        <div aria-busy="true" className="flex flex-col gap-4">
          <span role="status" className="sr-only">
            Loading your profile
          </span>
          {[0, 1, 2].map((i) => (
            <div key={i} className="flex flex-col gap-4 rounded-card border border-line bg-white p-5">
              <Skeleton className="h-6 w-40" />
              <Skeleton className="h-12 w-full" />
              <Skeleton className="h-12 w-full" />
            </div>
          ))}
        </div>
      ) : profile.isError ? (
        <Alert
          variant="error"
          title="We couldn't load your profile"
          action={
            <Button variant="secondary" className="h-11" loading={profile.isFetching} onClick={() => void profile.refetch()}>
              Retry
            </Button>
          }
        >
          Check your connection and try again.
        </Alert>
      ) : (
        <ProfileFormView patient={profile.data.patient} />
      )}
    </div>
  );
}
