"use client";

import type { FormEvent, ReactNode } from "react";
import { useState } from "react";
import type { TReauth } from "@clearwell/validators/note";
import { Alert } from "@clearwell/ui/alert";
import { Button } from "@clearwell/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@clearwell/ui/dialog";

import type { ReauthMethod } from "./reauth-fields";
import { ReauthFields, reauthOf } from "./reauth-fields";

/**
 * A signature behind re-authentication (DOMAIN.md §9 "re-auth before signing"): the idle session is
 * not enough. `children` come before the password (the addendum text, what signing means).
 * `validate` may refuse before anything is sent; the server's refusal arrives as `error`.
 */
export function ReauthDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  confirmLabel,
  pending,
  error,
  validate,
  onSubmit,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: string | null;
  validate?: () => string | null;
  onSubmit: (reauth: TReauth) => void;
}) {
  const [method, setMethod] = useState<ReauthMethod>("password");
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const change = (next: boolean) => {
    if (!next) {
      setValue("");
      setProblem(null);
    }
    onOpenChange(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const invalid = validate?.();
    if (invalid) return setProblem(invalid);
    const r = reauthOf(method, value);
    if ("problem" in r) return setProblem(r.problem);
    setProblem(null);
    onSubmit(r.reauth);
  };
  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogContent size="md">
        <form onSubmit={submit} noValidate>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          <div className="flex flex-col gap-4">
            {children}
            <ReauthFields method={method} onMethod={setMethod} value={value} onValue={setValue} error={problem} />
            {error ? (
              <Alert variant="error" title="Not signed">
                {error}
              </Alert>
            ) : null}
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" loading={pending}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
