"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { FormError, FormField, applyServerError, useZodForm } from "@clearwell/ui/form";
import { Input } from "@clearwell/ui/input";
import { Select } from "@clearwell/ui/select";
import { Skeleton } from "@clearwell/ui/skeleton";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { US_STATES } from "@clearwell/validators/us-states";
import type { ReactNode } from "react";
import { useState } from "react";
import { useController } from "react-hook-form";

import { AuthCard } from "~/components/auth-card";
import { CheckboxField } from "~/components/checkbox-field";
import { todayIso } from "~/lib/format";
import { trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

import type { ZEnrolForm } from "./enrol-schema";

const EMPTY = {
  givenName: "",
  familyName: "",
  email: "",
  password: "",
  confirmPassword: "",
  dateOfBirth: "",
  stateOfResidence: "" as never,
  phone: "",
  acceptTerms: false as never,
};

const inputClass = "h-12 sm:h-11";
const STATE_OPTIONS = Object.entries(US_STATES).sort((a, b) => a[1].localeCompare(b[1]));

type EnrolForm = ReturnType<typeof useZodForm<typeof ZEnrolForm>>;

/** The terms box bound to the form: its message from the schema, focused when it must be ticked. */
function TermsCheckbox({ form, children }: { form: EnrolForm; children: ReactNode }) {
  const { field, fieldState } = useController({ control: form.control, name: "acceptTerms" });
  return (
    <div ref={(el) => field.ref({ focus: () => el?.querySelector("input")?.focus() })}>
      <CheckboxField name="acceptTerms" checked={field.value === true} onChange={field.onChange} error={fieldState.error?.message} required>
        {children}
      </CheckboxField>
    </div>
  );
}

export function EnrolForm({ code }: { code: string }) {
  const trpc = useTRPC();
  const lookup = useQuery(trpc.enrolment.lookup.queryOptions({ code }, { retry: false }));
  const signUp = useMutation(trpc.enrolment.signUp.mutationOptions());
  const form = useZodForm({ schema: () => import("./enrol-schema").then((m) => m.ZEnrolForm), defaultValues: EMPTY });
  const [sentTo, setSentTo] = useState<string | null>(null);

  if (lookup.isPending) {
    return (
      <AuthCard title="Create your account">
        <div aria-busy="true" className="flex flex-col gap-3">
          <span className="sr-only">Loading</span>
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      </AuthCard>
    );
  }

  if (lookup.isError) {
    const code = trpcCode(lookup.error);
    const invalid = code === "NOT_FOUND" || code === "BAD_REQUEST";
    return (
      <AuthCard title={invalid ? "This link isn't working" : "Something went wrong"}>
        <div className="flex flex-col gap-4">
          <Alert
            variant="error"
            action={
              invalid ? null : (
                <Button variant="secondary" size="sm" onClick={() => void lookup.refetch()}>
                  Try again
                </Button>
              )
            }
          >
            {invalid ? "This enrolment link is not valid. Ask your clinic for a new one." : "We couldn't load this page. Check your connection and try again."}
          </Alert>
          <p className="text-base text-slate-700">
            Already have an account?{" "}
            <Link href="/sign-in" className="font-medium text-brand-700 underline underline-offset-4">
              Sign in
            </Link>
          </p>
        </div>
      </AuthCard>
    );
  }

  const clinic = lookup.data;

  // The same screen whether or not the address already had an account: the inbox says which.
  if (sentTo) {
    return (
      <AuthCard title="Check your e-mail">
        <div className="flex flex-col gap-4">
          <Alert variant="success">
            We sent a message to <strong className="font-semibold">{sentTo}</strong>. Open the link in it within 24 hours to finish joining{" "}
            {clinic.clinicName}.
          </Alert>
          <p className="text-base text-slate-700">
            Nothing there after a few minutes? Check your spam folder, or{" "}
            <button type="button" className="font-medium text-brand-700 underline underline-offset-4" onClick={() => setSentTo(null)}>
              check the address and try again
            </button>
            .
          </p>
          <p className="text-base text-slate-700">
            Already have an account?{" "}
            <Link href="/sign-in" className="font-medium text-brand-700 underline underline-offset-4">
              Sign in
            </Link>
          </p>
        </div>
      </AuthCard>
    );
  }

  const onSubmit = form.handleSubmit(async ({ confirmPassword: _confirm, ...values }) => {
    try {
      const sent = await signUp.mutateAsync({ ...values, code });
      setSentTo(sent.email);
    } catch (err) {
      // Refusals (under 18, link closed, too many tries) carry a message written for patients.
      applyServerError(form, err, { fallback: "We couldn't create your account right now. Please try again." });
    }
  });

  const busy = signUp.isPending;

  return (
    <AuthCard
      title="Create your account"
      description={
        <>
          You&apos;re joining <strong className="font-semibold text-slate-900">{clinic.clinicName}</strong> on Clearwell.
        </>
      }
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        <FormError form={form} />
        <div className="grid gap-5 sm:grid-cols-2">
          <FormField form={form} name="givenName" label="First name" required>
            <Input autoComplete="given-name" className={inputClass} />
          </FormField>
          <FormField form={form} name="familyName" label="Last name" required>
            <Input autoComplete="family-name" className={inputClass} />
          </FormField>
        </div>
        <FormField form={form} name="email" label="Email" required>
          <Input type="email" autoComplete="email" inputMode="email" autoCapitalize="none" spellCheck={false} className={inputClass} />
        </FormField>
        <FormField form={form} name="password" label="Password" hint="At least 12 characters." required>
          <Input type="password" autoComplete="new-password" className={inputClass} />
        </FormField>
        <FormField form={form} name="confirmPassword" label="Confirm password" required>
          <Input type="password" autoComplete="new-password" className={inputClass} />
        </FormField>
        <FormField form={form} name="dateOfBirth" label="Date of birth" required>
          <Input type="date" autoComplete="bday" max={todayIso()} className={inputClass} />
        </FormField>
        <FormField
          form={form}
          name="stateOfResidence"
          label="State of residence"
          hint="Where you live and will take part in care. Your clinician must be licensed there."
          required
        >
          <Select autoComplete="address-level1" className={inputClass}>
            <option value="">Choose a state</option>
            {STATE_OPTIONS.map(([stateCode, name]) => (
              <option key={stateCode} value={stateCode}>
                {name}
              </option>
            ))}
          </Select>
        </FormField>
        <FormField form={form} name="phone" label="Mobile phone (optional)" messageLabel="Mobile phone">
          <Input type="tel" autoComplete="tel" inputMode="tel" className={inputClass} />
        </FormField>
        <TermsCheckbox form={form}>
          I agree to receive care by telehealth from {clinic.clinicName} and to Clearwell&apos;s terms of use, and the details above are
          true.
        </TermsCheckbox>
        <Button type="submit" size="lg" loading={busy} className="w-full">
          Create account
        </Button>
        <p className="text-center text-base text-slate-700">
          Already have an account?{" "}
          <Link href="/sign-in" className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4">
            Sign in
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
