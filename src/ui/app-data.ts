/**
 * Everything the TUI's screens need, loaded by the CLI layer (src/cli/commands/tui.ts) and passed to <App> as
 * props. The UI imports core only: it never reads files, the environment or the clock itself. Side effects —
 * starting a run, reading the store, saving a rating — come in as callbacks.
 */
import type {
  Catalog, DryRunBill, HumanRating, ModelEntry, Plan, PromptSet, RunEvent, RunRecord, RunSummary, TokenCounter, Trial, TrialResult,
} from '../core/index.ts';
import type { FrontierSet, RouteDemo } from './demo-data.ts';
import type { ProfilesLoad } from './bill-model.ts';
import type { RouterExport } from './route-model.ts';

/** A problem to show in the status bar: what went wrong and what to do about it. */
export interface AppError {
  message: string;
  hint?: string;
}

/** Why a candidate cannot be run here, or null when it can (e.g. "needs OPENAI_API_KEY"). */
export type RunBlocker = (target: string) => string | null;

/** A human rating of one trial's output as typed: `+` / `-`, or 1–5 stars (HumanRating's `raw`). */
export type UiRating = HumanRating['raw'];

/** What the Run screen hands the CLI: a new run of a plan, a resume, or a replay of a recorded run. */
export type RunRequest =
  | { kind: 'plan'; set: PromptSet; plan: Plan; bill: DryRunBill }
  | { kind: 'resume'; runId: string; /** The run is a replay (answered from recorded results: nothing is called or paid). */ replay?: boolean }
  | { kind: 'replay'; runId: string };

/** One trial of a stored run with its quality (ratings, judges, labels, assertions, references) and rating. */
export interface ScoredTrialView {
  trial: Trial;
  result: TrialResult | undefined;
  quality: number | null;
  /** Where the quality came from (`rating`, `judge`, `label`, `assertions`, `reference`, …). */
  source: string | null;
  rating: UiRating | null;
}

export interface RunView {
  run: RunRecord;
  trials: ScoredTrialView[];
  /** Why some scores are missing (e.g. the prompt set is gone). */
  warnings: string[];
}

/** A run as listed: its summary, and for a run that has not finished, how many of its trials have a result. */
export type ListedRun = RunSummary & { resultCount?: number };

/** Ways to reach the result store (all async: the CLI reads the files, without the store's lock). */
export interface StoreAccess {
  /** The folder shown to the user (e.g. `.costlab`). */
  dir: string;
  listRuns(): Promise<ListedRun[]>;
  loadRun(runId: string): Promise<RunView>;
}

export interface AppData {
  catalog: Catalog;
  /** The bundled prompt sets (prompts/*.yaml), in file order. */
  sets: PromptSet[];
  /** Model references shown by default on the Prompts and Compress screens (resolved against the catalog). */
  defaultModels: string[];
  /** The token counter of a model (tokenizers load lazily; heavy ones after the first paint). */
  counterFor(model: ModelEntry): Promise<TokenCounter>;
  /** Why a target cannot be called here (no key, no provider), or null. */
  runBlocker: RunBlocker;
  /**
   * Starts a run (or resumes one, or replays a recorded one); events stream through onEvent; aborting `signal`
   * stops it (the trials left are resumable). Resolves with the run id once the run has ended.
   */
  startRun?(request: RunRequest, onEvent: (event: RunEvent) => void, signal: AbortSignal): Promise<string>;
  /** The catalog with entries for local model files (`gguf:PATH`), which the bundled one does not know. */
  catalogFor?(targets: readonly string[]): Promise<Catalog>;
  store?: StoreAccess;
  /** Saves a human rating of one trial (appended to the run's annotations log in the store). */
  saveRating?(runId: string, trialId: string, rating: UiRating): Promise<void>;
  /** Problems met while loading (a bad prompt set, an unreadable store): shown in the status bar. */
  loadErrors: AppError[];
  // Part 2 (Frontier, Route, Bill, Self-host screens) adds its recorded demo data here.
  /** Frontier sets for the Frontier screen: the recorded AlpacaEval demo (prompts/demo/recorded), then runs. */
  frontierSets?: FrontierSet[];
  /** The recorded RouteLLM demo priced with stated stand-ins, for the Route screen. */
  routeDemo?: RouteDemo;
  /** Writes the chosen router as costlab-router.json in the working directory; resolves to the path written. */
  exportRouter?(request: RouterExport): Promise<string>;
  /** Reads and measures the bundled traffic profiles (prompts/profiles) for the Bill screen; called on first show. */
  loadProfiles?(): Promise<ProfilesLoad>;
}
