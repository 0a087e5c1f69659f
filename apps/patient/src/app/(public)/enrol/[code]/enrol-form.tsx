"use client";

import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { TextField } from "@clearwell/ui/field";
import { Skeleton } from "@clearwell/ui/skeleton";
import { ZEnrolmentSignUpInput } from "@clearwell/validators/account";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";

import { AuthCard } from "~/components/auth-card";
import { CheckboxField } from "~/components/checkbox-field";
import { StateSelect } from "~/components/state-select";
import type { FieldErrors } from "~/lib/form-errors";
import { focusFirstInvalid, issuesByPath } from "~/lib/form-errors";
import { todayIso } from "~/lib/format";
import { fieldErrorsOf, trpcCode } from "~/trpc/query-client";
import { useTRPC } from "~/trpc/react";

const EMPTY = {
  givenName: "",
  familyName: "",
  email: "",
  password: "",
  confirmPassword: "",
  dateOfBirth: "",
  stateOfResidence: "",
  phone: "",
  acceptTerms: false,
};

type FormState = typeof EMPTY;

export function EnrolForm({ code }: { code: string }) {
  const trpc = useTRPC();
  const formRef = useRef<HTMLFormElement>(null);
  const lookup = useQuery(trpc.enrolment.lookup.queryOptions({ code }, { retry: false }));
  const signUp = useMutation(trpc.enrolment.signUp.mutationOptions());
  const [form, setForm] = useState<FormState>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));

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

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFormError(null);
    const { confirmPassword, ...fields } = form;
    const parsed = ZEnrolmentSignUpInput.safeParse({ ...fields, code });
    const next: FieldErrors = parsed.success ? {} : issuesByPath(parsed.error);
    if (form.password && confirmPassword !== form.password) next.confirmPassword = ["The passwords don't match."];
    // An empty date input reads better as "missing" than as a format problem.
    if (!form.dateOfBirth) next.dateOfBirth = ["Enter your date of birth."];
    setErrors(next);
    if (!parsed.success || next.confirmPassword) {
      focusFirstInvalid(formRef.current);
      return;
    }
    try {
      const sent = await signUp.mutateAsync(parsed.data);
      setSentTo(sent.email);
    } catch (err) {
      const fromServer = fieldErrorsOf(err);
      if (Object.keys(fromServer).length) {
        setErrors(fromServer);
        setFormError("Please check the highlighted fields.");
        focusFirstInvalid(formRef.current);
        return;
      }
      const code = trpcCode(err);
      // UNPROCESSABLE_CONTENT (under 18), NOT_FOUND (link closed) and TOO_MANY_REQUESTS carry a message written for patients.
      setFormError(
        code === "UNPROCESSABLE_CONTENT" || code === "NOT_FOUND" || code === "TOO_MANY_REQUESTS"
          ? (err as Error).message
          : "We couldn't create your account right now. Please try again.",
      );
    }
  }

  const busy = signUp.isPending;
  const fieldError = (key: string) => errors[key] ?? null;

  return (
    <AuthCard
      title="Create your account"
      description={
        <>
          You&apos;re joining <strong className="font-semibold text-slate-900">{clinic.clinicName}</strong> on Clearwell.
        </>
      }
    >
      <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-5">
        {formError ? <Alert variant="error">{formError}</Alert> : null}
        <div className="grid gap-5 sm:grid-cols-2">
          <TextField
            label="First name"
            name="givenName"
            autoComplete="given-name"
            value={form.givenName}
            onChange={(e) => set("givenName", e.target.value)}
            error={fieldError("givenName")}
            required
            className="h-12 sm:h-11"
          />
          <TextField
            label="Last name"
            name="familyName"
            autoComplete="family-name"
            value={form.familyName}
            onChange={(e) => set("familyName", e.target.value)}
            error={fieldError("familyName")}
            required
            className="h-12 sm:h-11"
          />
        </div>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={form.email}
          onChange={(e) => set("email", e.target.value)}
          error={fieldError("email")}
          required
          className="h-12 sm:h-11"
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => set("password", e.target.value)}
          error={fieldError("password")}
          hint="At least 12 characters."
          required
          className="h-12 sm:h-11"
        />
        <TextField
          label="Confirm password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          value={form.confirmPassword}
          onChange={(e) => set("confirmPassword", e.target.value)}
          error={fieldError("confirmPassword")}
          required
          className="h-12 sm:h-11"
        />
        <TextField
          label="Date of birth"
          name="dateOfBirth"
          type="date"
          autoComplete="bday"
          max={todayIso()}
          value={form.dateOfBirth}
          onChange={(e) => set("dateOfBirth", e.target.value)}
          error={fieldError("dateOfBirth")}
          required
          className="h-12 sm:h-11"
        />
        <StateSelect
          label="State of residence"
          name="stateOfResidence"
          value={form.stateOfResidence}
          onChange={(v) => set("stateOfResidence", v)}
          error={fieldError("stateOfResidence")}
          hint="Where you live and will take part in care. Your clinician must be licensed there."
          required
        />
        <TextField
          label="Mobile phone (optional)"
          name="phone"
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          value={form.phone}
          onChange={(e) => set("phone", e.target.value)}
          error={fieldError("phone")}
          className="h-12 sm:h-11"
        />
        <CheckboxField name="acceptTerms" checked={form.acceptTerms} onChange={(v) => set("acceptTerms", v)} error={fieldError("acceptTerms")} required>
          I agree to receive care by telehealth from {clinic.clinicName} and to Clearwell&apos;s terms of use, and the details above are
          true.
        </CheckboxField>
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
