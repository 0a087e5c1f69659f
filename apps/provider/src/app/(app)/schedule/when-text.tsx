"use client";

const fmt = (d: Date, timeZone: string | undefined, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-US", { ...o, timeZone }).format(d);

/**
 * A visit's time as the patient will see it (their zone, named), and the same moment in this
 * browser's zone when that differs: the front desk and the patient may be in different zones.
 */
export function WhenText({ start, end, timeZone }: { start: Date; end: Date; timeZone: string }) {
  const day = fmt(start, timeZone, { weekday: "long", month: "long", day: "numeric" });
  const range = `${fmt(start, timeZone, { hour: "numeric", minute: "2-digit" })} – ${fmt(end, timeZone, { hour: "numeric", minute: "2-digit", timeZoneName: "short" })}`;
  const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const differs = fmt(start, here, { hour: "numeric", minute: "2-digit", day: "numeric" }) !== fmt(start, timeZone, { hour: "numeric", minute: "2-digit", day: "numeric" });
  return (
    <>
      {day}, {range} (the patient&apos;s time)
      {differs ? <span className="block text-sm font-normal text-slate-600">{fmt(start, here, { weekday: "short", hour: "numeric", minute: "2-digit", timeZoneName: "short" })} your time</span> : null}
    </>
  );
}
