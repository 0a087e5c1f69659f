"use client";

import QRCode from "qrcode";
import { ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Alert } from "@clearwell/ui/alert";
import { Badge } from "@clearwell/ui/badge";
import { Button } from "@clearwell/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@clearwell/ui/card";
import { CopyButton } from "@clearwell/ui/copy-button";
import { TextField } from "@clearwell/ui/field";
import { Skeleton } from "@clearwell/ui/skeleton";

import { useMe } from "~/components/shell/use-me";
import { loadAuthClient, preloadAuthClient } from "~/lib/load-auth-client";
import { useTRPC } from "~/trpc/react";

type Step = { kind: "idle" } | { kind: "password" } | { kind: "scan"; totpURI: string; backupCodes: string[] } | { kind: "done"; backupCodes: string[] };

function secretFromUri(uri: string): string {
  try {
    return new URL(uri).searchParams.get("secret") ?? "";
  } catch {
    return "";
  }
}

/** Groups of four make a 32-character secret readable and typeable. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, "$1 ");

function QrCode({ uri }: { uri: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } }).then(
      (s) => live && setSvg(s),
      () => live && setSvg(""),
    );
    return () => {
      live = false;
    };
  }, [uri]);
  if (svg === null) return <Skeleton className="size-48" />;
  if (!svg) return <p className="text-sm text-slate-600">The QR code couldn't be drawn. Use the setup key instead.</p>;
  return (
    <div
      role="img"
      aria-label="QR code for your authenticator app. If you can't scan it, use the setup key below."
      className="size-48 rounded-lg border border-slate-200 bg-white p-2 [&_svg]:size-full"
      // Generated locally by the qrcode package from the otpauth URI; contains no user HTML.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}

/** One numbered setup step; the number is visual, the <ol> gives the order to screen readers. */
function Step({ n, children }: { n: number; children: React.ReactNode }) {
  return (
    <li className="flex gap-3">
      <span aria-hidden="true" className="flex size-6 shrink-0 items-center justify-center rounded-full bg-teal-700 text-xs font-semibold text-white">
        {n}
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-3">{children}</div>
    </li>
  );
}

function BackupCodes({ codes }: { codes: string[] }) {
  return (
    <div className="flex flex-col gap-2">
      <h3 className="text-sm font-medium text-slate-900">Save your backup codes</h3>
      <p className="text-sm text-slate-600">
        Each code signs you in once if you lose your phone. Store them somewhere safe, such as a password manager; they won't be shown again.
      </p>
      <ul className="grid grid-cols-2 gap-2 rounded-lg bg-slate-50 p-3 font-mono text-sm sm:grid-cols-3" aria-label="Backup codes">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div>
        <CopyButton value={codes.join("\n")} label="Copy backup codes" />
      </div>
    </div>
  );
}

export function TwoFactorCard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useMe();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [disabling, setDisabling] = useState(false);
  const [disabledNotice, setDisabledNotice] = useState(false);
  useEffect(preloadAuthClient, []);

  const enabled = me.data?.user.twoFactorEnabled ?? false;
  const router = useRouter();
  // The server-rendered page (and every page's second-factor check) follows the new state.
  const refreshMe = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.session.me.queryKey() });
    router.refresh();
  };

  function resetForm() {
    setPassword("");
    setCode("");
    setError(null);
  }

  async function start(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!password) return setError("Enter your current password.");
    setPending(true);
    setError(null);
    try {
      const { data, error: failure } = await (await loadAuthClient()).twoFactor.enable({ password });
      // Only TOTP is configured here; "otp" (emailed codes) would be a server misconfiguration.
      if (failure || !data || data.method !== "totp") {
        setError(failure?.status === 400 || failure?.status === 401 ? "That password is incorrect." : (failure?.message ?? "Setup couldn't start."));
        return;
      }
      setPassword("");
      setStep({ kind: "scan", totpURI: data.totpURI, backupCodes: data.backupCodes });
    } catch {
      setError("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  async function verify(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (step.kind !== "scan") return;
    const value = code.replace(/\s+/g, "");
    if (!/^\d{6}$/.test(value)) return setError("Enter the 6-digit code from the app.");
    setPending(true);
    setError(null);
    try {
      const { error: failure } = await (await loadAuthClient()).twoFactor.verifyTotp({ code: value });
      if (failure) {
        setError("That code didn't match. Check the time on your phone is correct and try the current code.");
        return;
      }
      setCode("");
      setStep({ kind: "done", backupCodes: step.backupCodes });
      await refreshMe();
    } catch {
      setError("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  async function disable(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!password) return setError("Enter your current password.");
    setPending(true);
    setError(null);
    try {
      const { error: failure } = await (await loadAuthClient()).twoFactor.disable({ password });
      if (failure) {
        setError(failure.status === 400 || failure.status === 401 ? "That password is incorrect." : (failure.message ?? "Couldn't turn off two-factor authentication."));
        return;
      }
      resetForm();
      setDisabling(false);
      setDisabledNotice(true);
      setStep({ kind: "idle" });
      await refreshMe();
    } catch {
      setError("We couldn't reach Clearwell. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  const errorAlert = error ? <Alert variant="error">{error}</Alert> : null;

  return (
    <Card>
      <CardHeader>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle>Two-factor authentication</CardTitle>
          {me.isPending ? null : enabled ? <Badge variant="success">On</Badge> : <Badge variant="warning">Off</Badge>}
        </div>
        <CardDescription>
          A 6-digit code from an authenticator app (such as 1Password, Google Authenticator or Microsoft Authenticator) is asked for after your password.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {me.isPending ? (
          <Skeleton className="h-10 w-48" />
        ) : step.kind === "done" ? (
          <>
            <Alert variant="success" title="Two-factor authentication is on">
              From now on you'll enter a code from your app when you sign in.
            </Alert>
            <BackupCodes codes={step.backupCodes} />
          </>
        ) : step.kind === "scan" ? (
          <form onSubmit={verify} className="flex flex-col gap-5" noValidate>
            <ol className="flex flex-col gap-6 text-sm text-slate-800">
              <Step n={1}>
                <span className="font-medium">Scan this QR code with your authenticator app.</span>
                <QrCode uri={step.totpURI} />
                <div className="flex flex-col gap-1">
                  <span className="text-slate-600">Can't scan? Enter this setup key:</span>
                  <div className="flex flex-wrap items-center gap-2">
                    <code className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all text-slate-900">{grouped(secretFromUri(step.totpURI))}</code>
                    <CopyButton value={secretFromUri(step.totpURI)} label="Copy key" />
                  </div>
                </div>
              </Step>
              <Step n={2}>
                <BackupCodes codes={step.backupCodes} />
              </Step>
              <Step n={3}>
                <span className="font-medium">Enter the 6-digit code the app shows to finish.</span>
                {errorAlert}
                <TextField
                  label="Authentication code"
                  name="code"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={7}
                  required
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  fieldClassName="max-w-48"
                  className="font-mono tracking-[0.3em]"
                />
              </Step>
            </ol>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" loading={pending}>
                Verify and turn on
              </Button>
              <Button
                variant="ghost"
                onClick={() => {
                  resetForm();
                  setStep({ kind: "idle" });
                }}
              >
                Cancel
              </Button>
            </div>
          </form>
        ) : enabled ? (
          disabling ? (
            <form onSubmit={disable} className="flex flex-col gap-4" noValidate>
              <Alert variant="warning">Turning this off makes your account easier to break into. Prescribers need it for controlled substances.</Alert>
              {errorAlert}
              <TextField
                label="Confirm your password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                fieldClassName="max-w-sm"
              />
              <div className="flex flex-wrap gap-2">
                <Button type="submit" variant="danger" loading={pending}>
                  Turn off two-factor
                </Button>
                <Button
                  variant="ghost"
                  onClick={() => {
                    resetForm();
                    setDisabling(false);
                  }}
                >
                  Cancel
                </Button>
              </div>
            </form>
          ) : (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="flex items-center gap-2 text-sm text-slate-800">
                <ShieldCheck aria-hidden="true" className="size-5 text-teal-700" />
                Your account asks for a code from your authenticator app at sign-in.
              </p>
              <Button variant="secondary" onClick={() => setDisabling(true)}>
                Turn off
              </Button>
            </div>
          )
        ) : step.kind === "password" ? (
          <form onSubmit={start} className="flex flex-col gap-4" noValidate>
            {errorAlert}
            <TextField
              label="Confirm your password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
              hint="We ask again before changing how you sign in."
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              fieldClassName="max-w-sm"
            />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" loading={pending}>
                Continue
              </Button>
              <Button
                variant="ghost"
                onClick={() => {
                  resetForm();
                  setStep({ kind: "idle" });
                }}
              >
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <>
            {disabledNotice ? <Alert variant="info">Two-factor authentication was turned off.</Alert> : null}
            <div>
              <Button onClick={() => setStep({ kind: "password" })}>Set up authenticator app</Button>
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
