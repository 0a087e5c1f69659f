"use client";

import type { PatientOutputs } from "@clearwell/api/patient";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent } from "@clearwell/ui/card";
import { TextField } from "@clearwell/ui/field";
import { PageHeader } from "@clearwell/ui/page-header";
import { Skeleton } from "@clearwell/ui/skeleton";
import { ZProfileUpdateInput } from "@clearwell/validators/patient";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";

import { StateSelect } from "~/components/state-select";
import type { FieldErrors } from "~/lib/form-errors";
import { focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { fieldErrorsOf, trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

type PatientRow = PatientOutputs["profile"]["get"]["patient"];

function toForm(p: PatientRow) {
  return {
    preferredName: p.preferredName ?? "",
    phone: p.phone ?? "",
    addressLine1: p.addressLine1 ?? "",
    addressLine2: p.addressLine2 ?? "",
    city: p.city ?? "",
    stateOfResidence: p.stateOfResidence,
    postalCode: p.postalCode ?? "",
    supportPerson: { name: p.supportPersonName ?? "", relationship: p.supportPersonRelationship ?? "", phone: p.supportPersonPhone ?? "" },
    emergencyContact: {
      name: p.emergencyContactName ?? "",
      relationship: p.emergencyContactRelationship ?? "",
      phone: p.emergencyContactPhone ?? "",
    },
  };
}

type FormState = ReturnType<typeof toForm>;
type ContactKey = "supportPerson" | "emergencyContact";

const BackLink = () => (
  <Link href="/" className="inline-flex min-h-11 items-center gap-1.5 font-medium text-brand-700 underline-offset-4 hover:underline">
    <ArrowLeft aria-hidden="true" className="size-4" />
    Back to home
  </Link>
);

const inputClass = "h-12 sm:h-11";

function ContactFieldset({
  legend,
  description,
  prefix,
  value,
  onChange,
  errors,
}: {
  legend: string;
  description: React.ReactNode;
  prefix: ContactKey;
  value: FormState[ContactKey];
  onChange: (field: keyof FormState[ContactKey], v: string) => void;
  errors: FieldErrors;
}) {
  const label = legend.charAt(0).toUpperCase() + legend.slice(1).toLowerCase();
  const groupErrors = errors[prefix];
  return (
    <fieldset className="flex flex-col gap-4">
      <legend className="mb-2 text-lg font-semibold text-slate-900">{legend}</legend>
      <div className="text-base text-slate-700">{description}</div>
      {groupErrors ? <p className="text-sm font-medium text-red-700">{groupErrors.join(" ")}</p> : null}
      <TextField
        label={`${label} name`}
        name={`${prefix}.name`}
        autoComplete="off"
        value={value.name}
        onChange={(e) => onChange("name", e.target.value)}
        error={errors[`${prefix}.name`]}
        required
        className={inputClass}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label={`${label} relationship`}
          name={`${prefix}.relationship`}
          placeholder="e.g. Spouse, friend"
          autoComplete="off"
          value={value.relationship}
          onChange={(e) => onChange("relationship", e.target.value)}
          error={errors[`${prefix}.relationship`]}
          required
          className={inputClass}
        />
        <TextField
          label={`${label} phone`}
          name={`${prefix}.phone`}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={value.phone}
          onChange={(e) => onChange("phone", e.target.value)}
          error={errors[`${prefix}.phone`]}
          required
          className={inputClass}
        />
      </div>
    </fieldset>
  );
}

function ProfileForm({ patient }: { patient: PatientRow }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const update = useMutation(trpc.profile.update.mutationOptions());
  const [form, setForm] = useState<FormState>(() => toForm(patient));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setContact = (key: ContactKey) => (field: keyof FormState[ContactKey], value: string) =>
    setForm((f) => ({ ...f, [key]: { ...f[key], [field]: value } }));

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const parsed = ZProfileUpdateInput.safeParse(form);
    if (!parsed.success) {
      setErrors(issuesByPath(parsed.error));
      setFormError("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    try {
      await update.mutateAsync(parsed.data);
      await queryClient.invalidateQueries({ queryKey: trpc.profile.get.queryKey() });
      router.push("/?saved=profile");
    } catch (err) {
      const fromServer = fieldErrorsOf(err);
      if (Object.keys(fromServer).length) {
        setErrors(fromServer);
        setFormError("Please check the highlighted fields.");
        focusFirstInvalid(formRef.current);
        return;
      }
      setFormError(trpcCode(err) === "NOT_FOUND" ? (err as Error).message : "We couldn't save your changes. Please try again.");
    }
  }

  const fieldError = (key: string) => errors[key] ?? null;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-6">
      {formError ? <Alert variant="error">{formError}</Alert> : null}

      <Card aria-labelledby="about-you-heading">
        <CardContent className="flex flex-col gap-4 py-5">
          <h2 id="about-you-heading" className="text-lg font-semibold text-slate-900">
            About you
          </h2>
          <p className="text-base text-slate-700">
            To change your legal name or date of birth ({patient.givenName} {patient.familyName}), contact your clinic.
          </p>
          <TextField
            label="Preferred name (optional)"
            name="preferredName"
            hint="What you'd like us to call you."
            autoComplete="nickname"
            value={form.preferredName}
            onChange={(e) => set("preferredName", e.target.value)}
            error={fieldError("preferredName")}
            className={inputClass}
          />
          <TextField
            label="Mobile phone (optional)"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            value={form.phone}
            onChange={(e) => set("phone", e.target.value)}
            error={fieldError("phone")}
            className={inputClass}
          />
        </CardContent>
      </Card>

      <Card aria-labelledby="address-heading">
        <CardContent className="flex flex-col gap-4 py-5">
          <h2 id="address-heading" className="text-lg font-semibold text-slate-900">
            Home address
          </h2>
          <TextField
            label="Address line 1"
            name="addressLine1"
            autoComplete="address-line1"
            value={form.addressLine1}
            onChange={(e) => set("addressLine1", e.target.value)}
            error={fieldError("addressLine1")}
            className={inputClass}
          />
          <TextField
            label="Address line 2 (optional)"
            name="addressLine2"
            autoComplete="address-line2"
            value={form.addressLine2}
            onChange={(e) => set("addressLine2", e.target.value)}
            error={fieldError("addressLine2")}
            className={inputClass}
          />
          <TextField
            label="City"
            name="city"
            autoComplete="address-level2"
            value={form.city}
            onChange={(e) => set("city", e.target.value)}
            error={fieldError("city")}
            className={inputClass}
          />
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <StateSelect
              label="State of residence"
              name="stateOfResidence"
              value={form.stateOfResidence}
              onChange={(v) => set("stateOfResidence", v)}
              error={fieldError("stateOfResidence")}
              hint="If you move, tell your clinic: your clinician must be licensed where you live."
              required
            />
            <TextField
              label="ZIP code"
              name="postalCode"
              inputMode="numeric"
              autoComplete="postal-code"
              value={form.postalCode}
              onChange={(e) => set("postalCode", e.target.value)}
              error={fieldError("postalCode")}
              className={inputClass}
            />
          </div>
        </CardContent>
      </Card>

      <Card>
        <CardContent className="py-5">
          <ContactFieldset
            legend="Support person"
            prefix="supportPerson"
            value={form.supportPerson}
            onChange={setContact("supportPerson")}
            errors={errors}
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
            legend="Emergency contact"
            prefix="emergencyContact"
            value={form.emergencyContact}
            onChange={setContact("emergencyContact")}
            errors={errors}
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
        <ProfileForm patient={profile.data.patient} />
      )}
    </div>
  );
}
