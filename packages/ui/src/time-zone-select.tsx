"use client";

import type { KeyboardEvent, Ref } from "react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { Check, ChevronDown } from "lucide-react";

import { timeZoneLabel } from "@clearwell/validators/time-zone-list";

import { cn } from "./cn";
import { controlClasses } from "./input";
import type { TimeZoneOption } from "./time-zone-options";
import { buildTimeZoneOptions, filterTimeZones } from "./time-zone-options";

export interface TimeZoneSelectProps {
  id?: string;
  name?: string;
  /** An IANA zone id ("America/Denver"), or "" for none chosen yet. */
  value?: unknown;
  onChange?: (value: string) => void;
  onBlur?: () => void;
  disabled?: boolean;
  placeholder?: string;
  className?: string;
  /** Classes for the text box itself (e.g. a taller touch target). */
  inputClassName?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true | boolean;
  "aria-required"?: true | boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the input element's ref, whatever the caller holds
  ref?: Ref<any>;
}

/**
 * A searchable time zone picker (ARIA 1.2 editable combobox with a list popup): the common US
 * zones first by their everyday names ("Eastern Time (New York)"), then every other zone, found
 * by city, region, abbreviation or IANA id. Keyboard: type to filter, ↓/↑ to move (Alt+↓ opens),
 * Page Down/Up by ten, Enter to choose, Escape to close. Works with the form layer's `controlled`.
 */
export function TimeZoneSelect({
  id,
  name,
  value,
  onChange,
  onBlur,
  disabled,
  placeholder = "Search by city, region or zone",
  className,
  inputClassName,
  ref,
  ...aria
}: TimeZoneSelectProps) {
  const generated = useId();
  const inputId = id ?? `tz-${generated}`;
  const listId = `${inputId}-listbox`;
  const current = typeof value === "string" ? value : "";
  const currentLabel = current ? timeZoneLabel(current) : "";

  const [open, setOpen] = useState(false);
  const [text, setText] = useState(currentLabel);
  const [typed, setTyped] = useState(false);
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLDivElement>(null);

  // The list is built only once opened (Intl work, and the runtime's list differs from the server's).
  const [built, setBuilt] = useState(false);
  const options = useMemo(() => (built ? buildTimeZoneOptions(current) : []), [built, current]);
  const shown = useMemo(() => (typed ? filterTimeZones(options, text) : options), [options, typed, text]);
  const common = shown.filter((o) => o.common);
  const rest = shown.filter((o) => !o.common);
  const ordered = [...common, ...rest];

  // Outside edits (a reset, a saved value) show in the box while it is closed.
  useEffect(() => {
    if (!open) setText(currentLabel);
  }, [currentLabel, open]);

  useEffect(() => {
    if (!open || active < 0) return;
    listRef.current?.querySelector(`#${CSS.escape(`${listId}-${active}`)}`)?.scrollIntoView({ block: "nearest" });
  }, [open, active, listId]);

  function openList(moveToSelection: boolean) {
    if (!built) setBuilt(true);
    setOpen(true);
    if (moveToSelection) {
      // Active starts on the chosen zone; computed against the unfiltered list once built.
      const all = built ? options : buildTimeZoneOptions(current);
      setActive(Math.max(0, all.findIndex((o) => o.id === current)));
    }
  }

  function close() {
    setOpen(false);
    setTyped(false);
    setActive(-1);
    setText(currentLabel);
  }

  function choose(option: TimeZoneOption | undefined) {
    if (!option) return;
    onChange?.(option.id);
    setOpen(false);
    setTyped(false);
    setActive(-1);
    setText(option.label);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    const last = ordered.length - 1;
    switch (e.key) {
      case "ArrowDown":
        e.preventDefault();
        if (!open) openList(!e.altKey);
        else if (!e.altKey) setActive((i) => Math.min(last, i + 1));
        break;
      case "ArrowUp":
        e.preventDefault();
        if (!open) openList(true);
        else if (e.altKey) choose(ordered[active]);
        else setActive((i) => Math.max(0, i - 1));
        break;
      case "PageDown":
        if (open) {
          e.preventDefault();
          setActive((i) => Math.min(last, i + 10));
        }
        break;
      case "PageUp":
        if (open) {
          e.preventDefault();
          setActive((i) => Math.max(0, i - 10));
        }
        break;
      case "Enter":
        // Enter chooses; it never submits the form while the list is open.
        if (open) {
          e.preventDefault();
          choose(ordered[active]);
        }
        break;
      case "Escape":
        if (open) {
          e.preventDefault();
          close();
        }
        break;
      default:
        break;
    }
  }

  const count = ordered.length;
  const renderOption = (o: TimeZoneOption) => {
    const index = ordered.indexOf(o);
    const isActive = index === active;
    const isCurrent = o.id === current;
    return (
      <div
        key={o.id}
        id={`${listId}-${index}`}
        role="option"
        aria-selected={isActive}
        // Keeps focus in the input, so the click chooses rather than blurring first.
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => choose(o)}
        onMouseMove={() => (isActive ? undefined : setActive(index))}
        className={cn(
          "flex min-h-11 cursor-pointer items-center gap-2 px-3 py-2 text-base sm:min-h-9 sm:text-sm",
          isActive ? "bg-brand-50 text-slate-900 outline-2 -outline-offset-2 outline-brand-600" : "text-slate-900",
        )}
      >
        <Check aria-hidden="true" className={cn("size-4 shrink-0 text-brand-700", isCurrent ? "visible" : "invisible")} />
        <span className={cn("min-w-0 flex-1", isCurrent && "font-semibold")}>
          {o.label}
          <span className="block truncate text-xs text-slate-600">{o.id}</span>
        </span>
        {o.offset ? <span className="shrink-0 text-xs text-slate-600 tabular-nums">{o.offset}</span> : null}
      </div>
    );
  };

  return (
    <div className={cn("relative", className)}>
      <input
        ref={ref}
        id={inputId}
        name={name}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 && active < count ? `${listId}-${active}` : undefined}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        disabled={disabled}
        placeholder={placeholder}
        value={text}
        {...aria}
        onChange={(e) => {
          setText(e.target.value);
          setTyped(true);
          if (!built) setBuilt(true);
          setOpen(true);
          setActive(0);
        }}
        onClick={() => (open ? undefined : openList(true))}
        onFocus={(e) => e.currentTarget.select()}
        onBlur={() => {
          // Typed a zone and moved on: an exact name, or the only match, is taken as the choice.
          const exact = typed ? ordered.find((o) => o.id.toLowerCase() === text.trim().toLowerCase() || o.label.toLowerCase() === text.trim().toLowerCase()) : undefined;
          const only = typed && ordered.length === 1 ? ordered[0] : undefined;
          if (exact ?? only) choose(exact ?? only);
          else close();
          onBlur?.();
        }}
        onKeyDown={onKeyDown}
        className={cn(controlClasses, "h-10 pr-9", inputClassName)}
      />
      <button
        type="button"
        tabIndex={-1}
        aria-label="Show time zones"
        aria-expanded={open}
        aria-controls={listId}
        disabled={disabled}
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          const input = document.getElementById(inputId) as HTMLInputElement | null;
          input?.focus();
          if (open) close();
          else openList(true);
        }}
        className="absolute inset-y-0 right-0 flex w-9 items-center justify-center text-slate-500"
      >
        <ChevronDown aria-hidden="true" className="size-4" />
      </button>
      <div
        ref={listRef}
        id={listId}
        role="listbox"
        aria-label="Time zones"
        hidden={!open || count === 0}
        className="absolute z-50 mt-1 max-h-72 w-full min-w-64 overflow-auto rounded-lg border border-slate-200 bg-white py-1 shadow-lg"
      >
        {open && common.length ? (
          <div role="group" aria-labelledby={`${listId}-common`}>
            <div role="presentation" id={`${listId}-common`} className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              Common in the US
            </div>
            {common.map(renderOption)}
          </div>
        ) : null}
        {open && rest.length ? (
          <div role="group" aria-labelledby={`${listId}-rest`}>
            <div role="presentation" id={`${listId}-rest`} className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">
              {typed ? "Other time zones" : "All other time zones"}
            </div>
            {rest.map(renderOption)}
          </div>
        ) : null}
      </div>
      {open && count === 0 ? (
        <p className="absolute z-50 mt-1 w-full rounded-lg border border-slate-200 bg-white px-3 py-2 text-sm text-slate-700 shadow-lg">
          No time zone matches “{text}”. Try a city or region, like Denver or Europe.
        </p>
      ) : null}
      <p role="status" className="sr-only">
        {open ? (count === 0 ? "No time zones match." : `${count} time zone${count === 1 ? "" : "s"} available.`) : ""}
      </p>
    </div>
  );
}
