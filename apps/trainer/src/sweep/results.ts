import { writeFileSync } from 'node:fs';
import { parseWithNonFinite } from '@spectromix/train';
import { foldRun, formatKFold, kFoldReportOf, type KFoldReport } from '../commands/kfold.js';
import { DataError } from '../errors.js';
import type { SweepJobResult } from './job.js';
import { parseQueueUrl } from './queue-url.js';
import { SweepStore, type SweepRecord } from './store.js';
import { sweepRows } from './status.js';

/** One group of a sweep's results: the k-fold result of its folds, or its single run's metrics. */
export interface GroupResult {
  readonly group: string;
  /** Jobs of the group and how many finished. */
  readonly jobs: number;
  readonly done: number;
  /** The k-fold result (AST's rule) once every fold is done. */
  readonly kfold: KFoldReport | null;
  /** For a recipe without folds: the run's final validation and test accuracy. */
  readonly run: { readonly validation: number | null; readonly test: number | null } | null;
}

/**
 * A sweep's results by group (variant x grid values x seed): the folds of each group combined by `spectromix
 * kfold`'s code, from the `result.json` each finished job returned through the queue (no shared folder needed).
 * @param results the finished jobs' results by label.
 */
export function groupResults(record: SweepRecord, results: ReadonlyMap<string, SweepJobResult>): GroupResult[] {
  const groups = new Map<string, SweepRecord['jobs'][number][]>();
  for (const j of record.jobs) groups.set(j.group, [...(groups.get(j.group) ?? []), j]);
  return [...groups].map(([group, jobs]) => {
    const finished = jobs.filter((j) => results.has(j.label));
    const all = finished.length === jobs.length;
    if (jobs.every((j) => j.fold != null)) {
      const runs = all ? finished.map((j) => foldRun((results.get(j.label) as SweepJobResult).runDir, (results.get(j.label) as SweepJobResult).result, `job ${record.id}.${j.label}`)) : [];
      return { group, jobs: jobs.length, done: finished.length, kfold: all && runs.length >= 2 ? kFoldReportOf(runs) : null, run: null };
    }
    const r = all && finished[0] != null ? (parseWithNonFinite((results.get(finished[0].label) as SweepJobResult).result) as { validation?: { accuracy: number } | null; test?: { accuracy: number } | null }) : null;
    return { group, jobs: jobs.length, done: finished.length, kfold: null, run: r != null ? { validation: r.validation?.accuracy ?? null, test: r.test?.accuracy ?? null } : null };
  });
}

/** The text `spectromix sweep results` prints: per group, the same table as `spectromix kfold`. */
export function formatResults(record: SweepRecord, groups: readonly GroupResult[]): string {
  const pct = (v: number | null): string => (v == null ? '-' : `${(100 * v).toFixed(2)}%`);
  const out = [`Sweep ${record.id}: ${groups.length} group(s)`];
  for (const g of groups) {
    out.push('', `== ${g.group} ==`);
    if (g.kfold != null) out.push(formatKFold(g.kfold));
    else if (g.run != null) out.push(`validation accuracy ${pct(g.run.validation)}, test accuracy ${pct(g.run.test)}`);
    else out.push(`${g.done}/${g.jobs} jobs done: no result until all are (see spectromix sweep status ${record.id})`);
  }
  return out.join('\n');
}

/** `spectromix sweep results <id>`: the k-fold table of every group whose folds are all done; `--out` writes them as JSON. */
export async function sweepResultsCommand(id: string, options: { queue?: string; out?: string }): Promise<void> {
  const address = parseQueueUrl(options.queue);
  const store = new SweepStore(address);
  try {
    const record = await store.record(id);
    const { rows, jobs } = await sweepRows(store, record);
    const results = new Map<string, SweepJobResult>();
    rows.forEach((r, i) => {
      const rv = jobs[i]?.returnvalue;
      if (r.state === 'done' && rv != null) results.set(r.label, rv);
    });
    if (results.size === 0) throw new DataError(`Sweep ${id} has no finished job yet (spectromix sweep status ${id} --queue ${address.display}).`);
    const groups = groupResults(record, results);
    console.log(formatResults(record, groups));
    if (options.out != null) {
      writeFileSync(options.out, `${JSON.stringify({ id: record.id, groups }, null, 2)}\n`);
      console.log(`Written to ${options.out}.`);
    }
  } finally {
    await store.close();
  }
}
