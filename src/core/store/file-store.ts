/**
 * The ResultStore in a folder (`.costlab/` by default, chosen by the caller):
 *
 *   lock                          the holder's pid while a process has the store open
 *   store.json                    lowdb document {version: 1, runs: [run summaries]}: small, rarely
 *                                 rewritten (on createRun and setRunStatus), always atomically
 *   runs/<runId>.plan.json        the run's candidates and trials, written once, atomically
 *   runs/<runId>.results.ndjson   one {v: 1, ...TrialResult} per line, appended + fsynced per (grouped) write
 *   cache.ndjson                  the response cache, one {v: 1, key, value} per line, last write wins
 *
 * Results and cache entries are never rewritten, so an append costs the same on the 100,000th result as
 * on the first. On close the cache log is compacted (rewritten atomically with its live entries) when
 * more than half of its lines are superseded; the results logs hold no superseded lines and are left as is.
 */
import { Low } from 'lowdb';
import type { Adapter } from 'lowdb';
import { CostlabError } from '../errors.ts';
import type { TrialResult } from '../runner/trial.ts';
import { AppendLog, readLog, repairLog } from './ndjson-log.ts';
import type { CachedResponse, ResultStore, RunRecord, RunSummary } from './result-store.ts';
import {
  RECORD_VERSION, STORE_VERSION, cacheLineSchema, checkRecord, corrupt, parseJson, planSchema, resultLineSchema, storeDocSchema,
} from './schemas.ts';
import type { PlanFile, StoreDoc } from './schemas.ts';
import { storePaths } from './store-files.ts';
import type { StoreFiles, StoreLock, StorePaths } from './store-files.ts';
import { checkCacheEntry, checkNewRun, checkResult, runNotFound, storeClosed } from './checks.ts';

/** Reads and writes store.json for lowdb through the port: zod-checked on read, atomic on write. */
class DocAdapter implements Adapter<StoreDoc> {
  constructor(
    private readonly files: StoreFiles,
    private readonly path: string,
  ) {}

  async read(): Promise<StoreDoc | null> {
    const text = await this.files.readText(this.path);
    if (text === null) return null;
    const where = { file: this.path };
    return checkRecord(parseJson(text, where), storeDocSchema, 'version', STORE_VERSION, where);
  }

  async write(data: StoreDoc): Promise<void> {
    await this.files.writeAtomic(this.path, `${JSON.stringify(data, null, 2)}\n`);
  }
}

interface RunLog {
  log: AppendLog;
  trialIds: Set<string>;
  done: Set<string>;
}

interface CacheLog {
  log: AppendLog;
  entries: Map<string, CachedResponse>;
  lines: number;
}

/** Opens (creating when missing) the store in `dir`, taking its lock: a second process gets `store-locked`. */
export async function openFileStore(dir: string, files: StoreFiles): Promise<ResultStore> {
  const paths = storePaths(dir);
  const lock = await files.lock(paths.dir);
  try {
    const db = new Low<StoreDoc>(new DocAdapter(files, paths.doc), { version: STORE_VERSION, runs: [] });
    await db.read();
    return new FileStore(files, paths, lock, db);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

class FileStore implements ResultStore {
  private closed = false;
  private readonly inflight = new Set<Promise<unknown>>();
  private docQueue: Promise<unknown> = Promise.resolve();
  private readonly plans = new Map<string, Promise<PlanFile>>();
  private readonly runLogs = new Map<string, Promise<RunLog>>();
  private cacheLog: Promise<CacheLog> | null = null;

  constructor(
    private readonly files: StoreFiles,
    private readonly paths: StorePaths,
    private readonly lock: StoreLock,
    private readonly db: Low<StoreDoc>,
  ) {}

  createRun(run: RunRecord): Promise<void> {
    return this.op(async () => {
      const { summary, plan } = checkNewRun(run);
      await this.updateDoc(async (doc) => {
        if (doc.runs.some((r) => r.id === run.id)) {
          throw new CostlabError('run-exists', `a run named ${run.id} already exists`, { hint: 'pick another run id, or resume that run' });
        }
        // The plan first: a crash before the document names the run leaves only an unused plan file.
        await this.files.writeAtomic(this.paths.plan(run.id), `${JSON.stringify(plan)}\n`);
        this.plans.set(run.id, Promise.resolve(plan));
        return { ...doc, runs: [...doc.runs, summary] };
      });
    });
  }

  setRunStatus(runId: string, status: RunRecord['status']): Promise<void> {
    return this.op(() =>
      this.updateDoc((doc) => {
        if (!doc.runs.some((r) => r.id === runId)) throw runNotFound(runId);
        return { ...doc, runs: doc.runs.map((r) => (r.id === runId ? { ...r, status } : r)) };
      }),
    );
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    return this.op(async () => {
      const summary = this.summary(runId);
      return summary === undefined ? undefined : this.withPlan(summary);
    });
  }

  listRuns(): Promise<RunRecord[]> {
    return this.op(() => Promise.all(this.db.data.runs.map((summary) => this.withPlan(summary))));
  }

  runSummaries(): Promise<RunSummary[]> {
    return this.op(async () => structuredClone(this.db.data.runs));
  }

  appendResult(result: TrialResult): Promise<void> {
    return this.op(async () => {
      const checked = checkResult(result);
      if (this.summary(checked.runId) === undefined) throw runNotFound(checked.runId);
      const run = await this.runLog(checked.runId);
      if (!run.trialIds.has(checked.trialId)) {
        throw new CostlabError('unknown-trial', `run ${checked.runId} has no trial ${checked.trialId}`, { hint: 'append results only for trials of the run plan' });
      }
      if (run.done.has(checked.trialId)) {
        throw new CostlabError('duplicate-result', `trial ${checked.trialId} of run ${checked.runId} already has a result`, { hint: 'resume runs only the pending trials' });
      }
      run.done.add(checked.trialId);
      await run.log.append(`${JSON.stringify({ v: RECORD_VERSION, ...checked })}\n`);
    });
  }

  results(runId: string): Promise<TrialResult[]> {
    return this.op(async () => {
      if (this.summary(runId) === undefined) throw runNotFound(runId);
      await this.runLog(runId); // repairs a torn last line once, under the lock
      const read = await readLog(this.files, this.paths.results(runId), (value, where) => this.parseResult(value, where, runId));
      return read.entries.map((entry) => entry.value);
    });
  }

  cacheGet(key: string): Promise<CachedResponse | undefined> {
    return this.op(async () => {
      const value = (await this.cache()).entries.get(key);
      return value === undefined ? undefined : structuredClone(value);
    });
  }

  cachePut(key: string, value: CachedResponse): Promise<void> {
    return this.op(async () => {
      const checked = checkCacheEntry(key, value);
      const cache = await this.cache();
      cache.entries.set(key, checked);
      cache.lines += 1;
      await cache.log.append(`${JSON.stringify({ v: RECORD_VERSION, key, value: checked })}\n`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
      await this.docQueue;
      const cache = await this.cacheLog?.catch(() => null);
      if (cache) await this.compactCache(cache);
    } finally {
      await this.lock.release();
    }
  }

  /** Runs one public operation: refused after close, and awaited by close. */
  private op<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(storeClosed());
    const promise = fn();
    this.inflight.add(promise);
    const forget = () => this.inflight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  /** Serialises document writes; the in-memory document changes only once the atomic write succeeded. */
  private updateDoc(change: (doc: StoreDoc) => StoreDoc | Promise<StoreDoc>): Promise<void> {
    const next = this.docQueue.then(async () => {
      const before = this.db.data;
      this.db.data = await change(before);
      try {
        await this.db.write();
      } catch (error) {
        this.db.data = before;
        throw error;
      }
    });
    this.docQueue = next.catch(() => undefined);
    return next;
  }

  private summary(runId: string): RunSummary | undefined {
    return this.db.data.runs.find((r) => r.id === runId);
  }

  private async withPlan(summary: RunSummary): Promise<RunRecord> {
    const { trialCount: _t, candidateCount: _c, ...rest } = summary;
    const plan = await this.plan(summary.id);
    return structuredClone({ ...rest, candidates: plan.candidates, trials: plan.trials });
  }

  private plan(runId: string): Promise<PlanFile> {
    let plan = this.plans.get(runId);
    if (plan === undefined) {
      plan = this.loadPlan(runId);
      this.plans.set(runId, plan);
      plan.catch(() => this.plans.delete(runId));
    }
    return plan;
  }

  private async loadPlan(runId: string): Promise<PlanFile> {
    const path = this.paths.plan(runId);
    const text = await this.files.readText(path);
    if (text === null) throw corrupt(`the plan of run ${runId} is missing`, { file: path });
    const plan = checkRecord(parseJson(text, { file: path }), planSchema, 'v', RECORD_VERSION, { file: path });
    if (plan.runId !== runId) throw corrupt(`holds the plan of run ${plan.runId}, not ${runId}`, { file: path }, 'runId');
    return plan;
  }

  private parseResult(value: unknown, where: { file: string; line?: number }, runId: string): TrialResult {
    const { v: _v, ...result } = checkRecord(value, resultLineSchema, 'v', RECORD_VERSION, where);
    if (result.runId !== runId) throw corrupt(`line ${where.line} is a result of run ${result.runId}, not ${runId}`, where, 'runId');
    return result;
  }

  /** The run's results log, opened once per session: checked line by line, its tail repaired. */
  private runLog(runId: string): Promise<RunLog> {
    let run = this.runLogs.get(runId);
    if (run === undefined) {
      run = this.openRunLog(runId);
      this.runLogs.set(runId, run);
      run.catch(() => this.runLogs.delete(runId));
    }
    return run;
  }

  private async openRunLog(runId: string): Promise<RunLog> {
    const path = this.paths.results(runId);
    const trialIds = new Set((await this.plan(runId)).trials.map((t) => t.id));
    const read = await readLog(this.files, path, (value, where) => this.parseResult(value, where, runId));
    const done = new Set<string>();
    for (const { value, line } of read.entries) {
      const where = { file: path, line };
      if (!trialIds.has(value.trialId)) throw corrupt(`line ${line} is a result of trial ${value.trialId}, which the plan does not have`, where, 'trialId');
      if (done.has(value.trialId)) throw corrupt(`line ${line} is a second result of trial ${value.trialId}`, where, 'trialId');
      done.add(value.trialId);
    }
    await repairLog(this.files, path, read);
    return { log: new AppendLog(this.files, path), trialIds, done };
  }

  private cache(): Promise<CacheLog> {
    if (this.cacheLog === null) {
      const opening = this.openCache();
      this.cacheLog = opening;
      opening.catch(() => (this.cacheLog = null));
    }
    return this.cacheLog;
  }

  private async openCache(): Promise<CacheLog> {
    const path = this.paths.cache;
    const read = await readLog(this.files, path, (value, where) => checkRecord(value, cacheLineSchema, 'v', RECORD_VERSION, where));
    await repairLog(this.files, path, read);
    const entries = new Map(read.entries.map(({ value }) => [value.key, value.value]));
    return { log: new AppendLog(this.files, path), entries, lines: read.entries.length };
  }

  /** Rewrites the cache log with its live entries when more than half of its lines are superseded. */
  private async compactCache(cache: CacheLog): Promise<void> {
    await cache.log.idle();
    if (cache.lines <= 2 * cache.entries.size + 16) return;
    const text = [...cache.entries].map(([key, value]) => `${JSON.stringify({ v: RECORD_VERSION, key, value })}\n`).join('');
    await this.files.writeAtomic(this.paths.cache, text);
  }
}
