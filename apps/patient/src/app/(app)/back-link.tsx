import { ArrowLeft } from "lucide-react";
import Link from "next/link";

/** The small "back" link above a page title, as on the prescription page. */
export function BackLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="inline-flex min-h-11 items-center gap-1 self-start text-base font-medium text-brand-700 underline underline-offset-4">
      <ArrowLeft aria-hidden="true" className="size-4" />
      {children}
    </Link>
  );
}

/** Page title block: optional back link, the h1, an optional line under it. */
export function PageTitle({ back, title, lead, titleRef }: { back?: { href: string; label: string }; title: React.ReactNode; lead?: React.ReactNode; titleRef?: React.Ref<HTMLHeadingElement> }) {
  return (
    <div className="flex flex-col gap-2">
      {back ? <BackLink href={back.href}>{back.label}</BackLink> : null}
      <h1 ref={titleRef} tabIndex={titleRef ? -1 : undefined} className="text-2xl font-semibold tracking-tight text-slate-900 outline-none sm:text-3xl">
        {title}
      </h1>
      {lead ? <p className="text-base text-slate-700">{lead}</p> : null}
    </div>
  );
}
