// The demo logins as `start` and `pnpm db:seed` print them: columns measured from their contents
// (long names and emails never push a column out of line), and on a terminal too narrow for the
// columns each entry stacked on its own lines instead. Pure: no database, no console.

export interface LoginSheet {
  password: string;
  providerUrl: string;
  patientUrl: string;
  staff: { email: string; roles: string; clinic: string; totpSecret?: string }[];
  patients: { email: string; name: string; clinic: string }[];
  /** Labelled lines after the tables: the demo visits, the enrolment link, the support person's link. */
  notes: Note[];
}

export interface Note {
  label: string;
  text: string;
  /** Further lines under the text (hints, links), each wrapped on its own. */
  more?: string[];
}

const INDENT = "  ";
const GAP = "  ";
/** Below this a label column leaves too little room: labels go on their own line. */
const MIN_VALUE_WIDTH = 40;

/** Characters as a terminal counts them: escape sequences take no room, astral characters one. */
export function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\x1b\[[0-9;]*m/g, "")].length;
}

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - displayWidth(text)));

/**
 * Word-wraps to `width`. A word longer than a whole line (a URL) stays whole, on the line it
 * starts on: breaking before it would only leave its label alone above it.
 */
export function wrap(text: string, width: number): string[] {
  if (!Number.isFinite(width) || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && displayWidth(line) + 1 + displayWidth(word) > width && displayWidth(word) <= width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * A table with a header row when every column fits in `width`; otherwise each row stacked: its
 * first cell, then the others indented beneath it. `detail` lines sit under a row either way.
 */
export function table(headers: string[], rows: { cells: string[]; detail?: string[] }[], width: number): string[] {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r.cells[i] ?? ""))));
  const total = displayWidth(INDENT) + widths.reduce((a, b) => a + b, 0) + displayWidth(GAP) * (widths.length - 1);
  const out: string[] = [];
  if (total <= width) {
    const line = (cells: string[]) => (INDENT + cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join(GAP)).trimEnd();
    out.push(line(headers));
    for (const r of rows) {
      out.push(line(r.cells));
      for (const d of r.detail ?? []) out.push(...wrap(d, width - displayWidth(INDENT) * 2).map((l) => `${INDENT}${INDENT}${l}`));
    }
    return out;
  }
  const inner = `${INDENT}${INDENT}`;
  for (const r of rows) {
    const [first = "", ...rest] = r.cells;
    out.push(`${INDENT}${first}`);
    const others = rest.filter(Boolean).join(" · ");
    for (const text of [others, ...(r.detail ?? [])].filter(Boolean)) out.push(...wrap(text, width - displayWidth(inner)).map((l) => inner + l));
  }
  return out;
}

/** "Label   text" lines with the labels in one column; on a narrow terminal each label above its text. */
export function notes(items: Note[], width: number): string[] {
  const labelWidth = Math.max(0, ...items.map((n) => displayWidth(n.label))) + 2;
  const side = width - displayWidth(INDENT) - labelWidth >= MIN_VALUE_WIDTH;
  const out: string[] = [];
  for (const n of items) {
    if (side) {
      const hang = " ".repeat(displayWidth(INDENT) + labelWidth);
      const room = width - hang.length;
      wrap(n.text, room).forEach((l, i) => out.push(i === 0 ? `${INDENT}${pad(n.label, labelWidth)}${l}` : hang + l));
      for (const m of n.more ?? []) out.push(...wrap(m, room).map((l) => hang + l));
    } else {
      const inner = `${INDENT}${INDENT}`;
      out.push(`${INDENT}${n.label}`);
      for (const t of [n.text, ...(n.more ?? [])]) out.push(...wrap(t, width - inner.length).map((l) => inner + l));
    }
  }
  return out;
}

/** The whole sheet at `width` columns (Infinity: nothing wraps, e.g. output to a file). */
export function formatLogins(sheet: LoginSheet, width: number): string {
  const w = Math.max(width, 30);
  return [
    "",
    ...wrap(`Demo logins. Every account's password: ${sheet.password}`, w),
    ...wrap("Staff also give a 6-digit code at each sign-in: add their TOTP secret to an authenticator app, or run oathtool --totp -b <secret>.", w),
    "",
    `Provider portal  ${sheet.providerUrl}`,
    ...table(
      ["Email", "Role", "Clinic"],
      sheet.staff.map((s) => ({ cells: [s.email, s.roles, s.clinic], ...(s.totpSecret ? { detail: [`TOTP secret ${s.totpSecret}`] } : {}) })),
      w,
    ),
    "",
    `Patient app      ${sheet.patientUrl}`,
    ...table(
      ["Email", "Name", "Clinic"],
      sheet.patients.map((p) => ({ cells: [p.email, p.name, p.clinic] })),
      w,
    ),
    "",
    ...notes(sheet.notes, w),
    "",
  ].join("\n");
}

/** The width to print at: the terminal's, or unlimited when the output is not a terminal. */
export function outputWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns ? stream.columns : Number.POSITIVE_INFINITY;
}
