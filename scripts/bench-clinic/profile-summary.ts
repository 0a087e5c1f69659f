// Summarises V8 .cpuprofile files (node --cpu-prof; BENCH_CPU_PROF=<dir> of `pnpm bench:clinic`, or
// scripts/bench-clinic/in-process.ts): the top functions by self time and by total time, and the
// same per package (node_modules package, workspace package, Node internals, V8's own entries).
// Total time counts a function once per sample however deep it recurses.
// Run: node --import tsx scripts/bench-clinic/profile-summary.ts <file.cpuprofile | dir> [top=25] [filter]
// filter: only samples whose stack holds a frame whose function or file contains it (e.g. "chart").
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The package a script belongs to: node_modules name, workspace folder, node internals or V8. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node";
  const file = url.replace(/^file:\/\//, "");
  const nm = file.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = file.slice(nm + "/node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const ws = /\/(packages|apps|scripts)\/([^/]+)\//.exec(file);
  if (ws) return ws[1] === "packages" ? `@clearwell/${ws[2]}` : `${ws[1]}/${ws[2]}`;
  if (/\/\.next[^/]*\/server\//.test(file)) return "(next server bundle)";
  return path.basename(file);
}

export interface Summary {
  totalMs: number;
  functions: { key: string; pkg: string; selfMs: number; totalMs: number }[];
  packages: { pkg: string; selfMs: number; totalMs: number }[];
}

export function summarise(profiles: CpuProfile[], filter?: string): Summary {
  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const fnPkg = new Map<string, string>();
  const pkgSelf = new Map<string, number>();
  const pkgTotal = new Map<string, number>();
  let totalMs = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const keyOf = (n: ProfileNode) => {
      const f = n.callFrame;
      const file = f.url ? `${f.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "")}:${f.lineNumber + 1}` : "";
      return `${f.functionName || "(anonymous)"} ${file}`.trim();
    };
    const stacks = new Map<number, ProfileNode[]>();
    const stackOf = (id: number) => {
      let s = stacks.get(id);
      if (!s) {
        s = [];
        for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) s.push(byId.get(cur)!);
        stacks.set(id, s);
      }
      return s;
    };
    for (let i = 0; i < profile.samples.length; i++) {
      // timeDeltas[i] is the time before sample i; the sample's own duration is the next delta.
      const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
      const stack = stackOf(profile.samples[i]!);
      const leaf = stack[0]!;
      if (leaf.callFrame.functionName === "(idle)") continue;
      if (filter && !stack.some((n) => n.callFrame.functionName.includes(filter) || n.callFrame.url.includes(filter))) continue;
      totalMs += ms;
      const leafKey = keyOf(leaf);
      const leafPkg = packageOf(leaf.callFrame.url, leaf.callFrame.functionName);
      add(fnSelf, leafKey, ms);
      add(pkgSelf, leafPkg, ms);
      const seenFn = new Set<string>();
      const seenPkg = new Set<string>();
      for (const n of stack) {
        const k = keyOf(n);
        const p = packageOf(n.callFrame.url, n.callFrame.functionName);
        fnPkg.set(k, p);
        if (!seenFn.has(k)) {
          seenFn.add(k);
          add(fnTotal, k, ms);
        }
        if (!seenPkg.has(p)) {
          seenPkg.add(p);
          add(pkgTotal, p, ms);
        }
      }
      fnPkg.set(leafKey, leafPkg);
    }
  }
  return {
    totalMs,
    functions: [...fnTotal.keys()].map((key) => ({ key, pkg: fnPkg.get(key)!, selfMs: fnSelf.get(key) ?? 0, totalMs: fnTotal.get(key)! })),
    packages: [...pkgTotal.keys()].map((pkg) => ({ pkg, selfMs: pkgSelf.get(pkg) ?? 0, totalMs: pkgTotal.get(pkg)! })),
  };
}

function load(target: string): CpuProfile[] {
  const files = statSync(target).isDirectory()
    ? readdirSync(target)
        .filter((f) => f.endsWith(".cpuprofile"))
        .map((f) => path.join(target, f))
    : [target];
  return files.map((f) => JSON.parse(readFileSync(f, "utf8")) as CpuProfile);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("profile-summary.ts")) {
  const [target, topArg, filter] = process.argv.slice(2);
  if (!target) {
    console.error("usage: profile-summary.ts <file.cpuprofile | dir> [top=25] [filter]");
    process.exit(2);
  }
  const top = Number(topArg || 25);
  const s = summarise(load(target), filter);
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1).padStart(5)} %`;
  const fmt = (ms: number) => `${ms.toFixed(0).padStart(7)} ms ${pct(ms)}`;
  console.log(`CPU time sampled (idle left out${filter ? `, stacks through "${filter}"` : ""}): ${s.totalMs.toFixed(0)} ms\n`);
  console.log(`Top ${top} functions by self time (self | total):`);
  for (const f of [...s.functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`${fmt(f.selfMs)} | ${fmt(f.totalMs)}  ${f.key}  [${f.pkg}]`);
  console.log(`\nTop ${top} functions by total time (self | total):`);
  for (const f of [...s.functions].sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) console.log(`${fmt(f.selfMs)} | ${fmt(f.totalMs)}  ${f.key}  [${f.pkg}]`);
  console.log("\nBy package (self | total):");
  for (const p of [...s.packages].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`${fmt(p.selfMs)} | ${fmt(p.totalMs)}  ${p.pkg}`);
}
