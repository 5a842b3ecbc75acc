/** The commander program: every command and option, each action loaded on demand. */
import { Command, InvalidArgumentError } from 'commander';

function nonNegativeInteger(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be a whole number of tokens (0 or more), got "${value}".`);
    return Number(value);
  };
}

function positiveInteger(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a whole number of 1 or more, got "${value}".`);
    return Number(value);
  };
}

function list(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

export function buildProgram(): Command {
  const program = new Command('costlab')
    .description('The LLM cost lab for the terminal: exact tokens, dated prices, and what every call costs.')
    .version('0.1.0')
    .exitOverride()
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .helpCommand(true) // `costlab help count` (a root with an action of its own gets no implicit help command)
    .action(async () => {
      if (program.args.length > 0) return unknownCommand(program); // `costlab cout README.md`: a mistyped command
      return (await import('./commands/demo.ts')).runDemo();
    });

  program
    .command('count')
    .description('Count the tokens of files (or stdin) per model, with the input cost of one call and context fit.')
    .argument('[files...]', 'text files to count; reads stdin when none is given')
    .option('-m, --model <models>', 'models, comma-separated (provider:model, provider/model or an alias)', list)
    .option('--messages <file>', 'count a chat request (OpenAI messages/tools JSON, or Anthropic Messages as an estimate)')
    .option('--json', 'print JSON: {"items":[{source,model,tokens,exact,inputCostUsd,contextWindow,fits}]}')
    .action(async (files: string[], options) => (await import('./commands/count.ts')).runCount(files, options));

  program
    .command('price')
    .description('Price the usage of one request on a model, per component (long-context tiers apply by input size).')
    .requiredOption('-m, --model <model>', 'the model')
    .option('--input <n>', 'uncached input tokens', nonNegativeInteger('--input'), 0)
    .option('--output <n>', 'output tokens (excluding reasoning)', nonNegativeInteger('--output'), 0)
    .option('--reasoning <n>', 'reasoning (thinking) tokens', nonNegativeInteger('--reasoning'), 0)
    .option('--cache-read <n>', 'input tokens read from the prompt cache', nonNegativeInteger('--cache-read'), 0)
    .option('--cache-write-5m <n>', 'input tokens written to a 5-minute cache', nonNegativeInteger('--cache-write-5m'), 0)
    .option('--cache-write-1h <n>', 'input tokens written to a 1-hour cache', nonNegativeInteger('--cache-write-1h'), 0)
    .option('--batch', 'price at the Batch API rates')
    .option('--json', 'print JSON: {model,totalUsd,components,asOf,source}')
    .action(async (options) => (await import('./commands/price.ts')).runPrice(options));

  const models = program
    .command('models')
    .description('List the catalog: per-million-token rates, context window, tokenizer, source and date.')
    .option('-p, --provider <provider>', 'only this provider')
    .option('--json', 'print JSON: an array of models with per-million rates (null when unknown or not offered)')
    .enablePositionalOptions()
    .allowExcessArguments(true)
    .action(async (options, command: Command) =>
      command.args.length > 0 ? unknownCommand(command) : (await import('./commands/models.ts')).runModels(options),
    );

  models
    .command('import')
    .description("Import a price file into the catalog (saved in the config folder; later commands use it)")
    .argument('<format>', 'the file format: litellm')
    .argument('<file>', "LiteLLM's model_prices_and_context_window.json")
    .option('--out <file>', 'write the imported catalog here instead of the config folder')
    .option('--json', 'print the import summary as JSON')
    .action(async (format: string, file: string, options) =>
      (await import('./commands/models-import.ts')).runModelsImport(format, file, options),
    );

  program
    .command('compress')
    .description('Compress a text file or each template of a prompt set; tokens and money saved per model, a word diff.')
    .argument('<path>', 'a text file, or a prompt set (.yaml / .json)')
    .option('-s, --strategy <names>', 'strategies in order, comma-separated: whitespace, filler, dedupe, minify, few-shot, importance (default: the first four)', list)
    .option('--rate <r>', 'keep this share of the tokens (0–1]; budgeted strategies aim at it')
    .option('--target-tokens <n>', 'aim at this many tokens')
    .option('-m, --model <models>', 'models to report savings for (the first one\'s tokenizer sets the budget)', list)
    .option('--variant <name>', 'which variant of a set to compress (default: base)')
    .option('--save-variant <name>', 'save the compressed templates into the set as this variant')
    .option('--rewrite-model <model>', 'the model llm-rewrite calls (e.g. openai:gpt-4o-mini; its key from the environment); its cost is reported')
    .option('--diff', 'show a word diff (character diff for CJK)')
    .option('--json', 'print one JSON object per prompt: {originalTokens,compressedTokens,ratio,requested,strategies,text,…}')
    .action(async (path: string, options) => (await import('./commands/compress.ts')).runCompress(path, options));

  program
    .command('validate')
    .description('Check prompt sets: schema, includes, and that every case renders for every variant (exit 2 on the first bad file).')
    .argument('[paths...]', 'prompt-set files or folders of them (*.yaml, *.yml, *.json directly inside); default: prompts/')
    .option('--json', 'print JSON: {"sets":[{file,name,cases,variants,models}]}')
    .action(async (paths: string[], options) => (await import('./commands/validate.ts')).runValidate(paths, options));

  const importCommand = program
    .command('import')
    .description('Import another tool\'s eval config as a costlab prompt set (validated; lists what was not carried over), or recorded results as a run.')
    .argument('<format>', 'the file format: promptfoo (for recorded results: import recorded alpaca-eval|routellm PATH)')
    .argument('<file>', 'the promptfooconfig.yaml')
    .option('--out <file>', 'write the set here (default: <name>.yaml beside the input)')
    .option('--name <name>', "the set's name (default: from the config's description)")
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print JSON: {written,name,cases,variants,models,notCarried}')
    .enablePositionalOptions()
    .helpCommand(false) // `import help x` stays a (bad) promptfoo format, as before the recorded subcommand
    .action(async (format: string, file: string, options) => (await import('./commands/import-promptfoo.ts')).runImport(format, file, options));

  importCommand
    .command('recorded')
    .description('Load results recorded elsewhere (AlpacaEval 2.0, RouteLLM) into the result store as one run (origin recorded).')
    .argument('<format>', 'alpaca-eval (a folder: instructions.jsonl + ae2_weighted_gpt4turbo/<model>.jsonl) or routellm (a JSONL file)')
    .argument('<path>', 'the dataset folder or file')
    .option('--store <dir>', 'the result store folder (default: .costlab)')
    .option('--json', 'print JSON: {runId,store,format,setName,origin,trials,candidates:[{id,name,model,trials,meanQuality,costUsd,…}],notes}')
    .action(async (format: string, path: string, options) =>
      (await import('./commands/import-recorded.ts')).runImportRecorded(format, path, options),
    );

  program
    .command('run')
    .description('Run a prompt set against models: the planned spend first, then every trial into the store (.costlab/).')
    .argument('[set]', 'a prompt-set file, or a set name found as prompts/<name>.yaml')
    .option('-m, --models <models>', "targets, comma-separated: openai:gpt-4o-mini, anthropic:claude-haiku-4-5, ollama:llama3.1:8b, vllm:NAME@http://host:8000/v1 (default: the set's models:)", list)
    .option('--variants <names>', 'variants to run, comma-separated (default: every variant, base first)', list)
    .option('--repeats <n>', 'run every (candidate, case) this many times', positiveInteger('--repeats'))
    .option('--concurrency <n>', 'calls in flight at once, over all providers (default 4)', positiveInteger('--concurrency'))
    .option('--budget <usd>', 'never spend more than this many US dollars: each call reserves its maximum cost first')
    .option('--max-tokens <n>', 'output tokens per call at most (default 1024)', positiveInteger('--max-tokens'))
    .option('--dry-run', 'print the planned spend (min / expected / max per candidate) and call nothing')
    .option('--no-cache', 'do not answer from the response cache (fresh answers are still stored)')
    .option('--no-stream', 'ask for whole responses instead of streams (no time to first token)')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--resume <runId>', 'run the trials of this run that have no result yet')
    .option('--batch', 'run through the providers\' Batch APIs (OpenAI, Anthropic), priced at batch rates')
    .option('--json', 'print the RunEvents as NDJSON, the last {"type":"run-finished",runId,trials,succeeded,failed,cached,spentUsd}')
    .action(async (set: string | undefined, options) => (await import('./commands/run.ts')).runRun(set, options));

  program
    .command('runs')
    .description('List the runs in the store: id, set, created, status, trials, done, spend.')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--json', 'print JSON: {"runs":[{id,set,setFile,created,status,trials,done,succeeded,failed,cached,spentUsd,unpriced}]}')
    .action(async (options) => (await import('./commands/runs.ts')).runRuns(options));

  program
    .command('show')
    .description('Show every trial of a run: candidate, case, output, usage, cost, latency, error.')
    .argument('<runId>', 'the run (see costlab runs)')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--json', 'print JSON: {"run":{…},"trials":[{trialId,candidateId,caseId,repeat,status,output,usage,costUsd,latencyMs,error,…}]}')
    .action(async (runId: string, options) => (await import('./commands/show.ts')).runShow(runId, options));

  program
    .command('route')
    .description('Two-model routing on a run or a recorded file: threshold sweep, APGR, CPT(50/80 %), AIQ, a chosen threshold, a router export.')
    .argument('[runId]', 'a stored run (see costlab runs); or use --recorded')
    .option('--recorded <format:path>', 'analyse a recorded file in memory instead: routellm:PATH or alpaca-eval:PATH (nothing is stored)')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--weak <model>', 'the cheap model: candidate id, role, recorded name or provider:model (needed with more than two candidates)')
    .option('--strong <model>', 'the strong model, the same way')
    .option('--score <score>', 'router score: heuristic (default), length, confidence, knn, random, oracle, file:PATH (JSONL {"index","score"} per case)')
    .option('--seed <n>', 'seed of --score random (default 1)', nonNegativeInteger('--seed'))
    .option('--embedder <ref>', 'for --score knn: the embedding model (openai:text-embedding-3-small, ollama:nomic-embed-text, gguf:PATH)')
    .option('--k <n>', 'for --score knn: neighbours per case (default 10)', positiveInteger('--k'))
    .option('--threshold <t>', 'choose this threshold: strong when score ≥ t')
    .option('--target-share <s>', 'choose the largest strong-call share not above s (0–1)')
    .option('--target-quality <q>', 'choose the fewest strong calls reaching quality q (0–1)')
    .option('--export <path>', 'write the chosen router as JSON application code can load (needs a chosen point)')
    .option('--json', 'print JSON: {weakQuality,strongQuality,oracleQuality,apgr,cpt50,cpt80,aiq,curve:[{threshold,strongShare,quality,costPer1k}],chosen,…}')
    .action(async (runId: string | undefined, options) => (await import('./commands/route.ts')).runRoute(runId, options));

  program
    .command('cascade')
    .description('A cheap → expensive cascade over a run\'s candidates: expected quality, cost per 1k requests (wasted calls counted), latency, and each tier alone.')
    .argument('[runId]', 'a stored run (see costlab runs); or use --recorded')
    .option('--recorded <format:path>', 'analyse a recorded file in memory instead: routellm:PATH or alpaca-eval:PATH (nothing is stored)')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--tiers <ids>', 'the tiers, cheap → expensive, comma-separated: candidate ids, models, recorded names or roles (weak, strong)', list)
    .option('--accept <how>', 'how an answer is accepted: assertion (quality ≥ pass mark; default), confidence (a recorded label ≥ --threshold), judge (an LLM judge with --judge-error)')
    .option('--pass-mark <q>', 'the quality an answer needs to pass, 0–1 (default 0.5)')
    .option('--threshold <t>', 'with --accept confidence: one threshold, or one per tier but the last, comma-separated', list)
    .option('--confidence-label <name>', 'with --accept confidence: the result label that holds the confidence (default confidence)')
    .option('--judge-error <e>', 'with --accept judge: the probability the judge accepts a bad answer, and rejects a good one (default 0)')
    .option('--judge-cost <usd>', 'with --accept judge: USD per judged answer (default 0)')
    .option('--judge-latency <ms>', 'with --accept judge: milliseconds per judged answer (default 0)')
    .option('--json', 'print JSON: {source,tiers,acceptance,items,cascade:{quality,passRate,costPer1kUsd,wastedPer1kUsd,latencyMs,tiers:[{tier,endShare}]},singles,prices,notes}')
    .action(async (runId: string | undefined, options) => (await import('./commands/cascade.ts')).runCascade(runId, options));

  program
    .command('cache-audit')
    .description('Audit a semantic cache on a query log with known duplicates: per similarity threshold, hit rate, wrong answers served, dollars saved.')
    .argument('<log>', 'a JSONL query log, one {"query": "...", "group": "..."} per line in arrival order (optional "costUsd", "embedding")')
    .option('-m, --model <model>', 'price each call on this model when a line has no costUsd (default openai:gpt-4o-mini)')
    .option('--output-tokens <n>', 'output tokens of each priced call (default 200)', nonNegativeInteger('--output-tokens'))
    .option('--system-tokens <n>', 'fixed prompt tokens each call sends besides the query (default 0)', nonNegativeInteger('--system-tokens'))
    .option('--similarity <kind>', 'lexical (word and character n-gram cosine, no model; default) or embedding (--embedder, or the log\'s "embedding" vectors)')
    .option('--embedder <ref>', 'with --similarity embedding: embed every query with openai:text-embedding-3-small, ollama:NAME, vllm:NAME@URL or gguf:PATH')
    .option('--thresholds <list>', 'similarity thresholds, comma-separated (default 0.5,0.55,…,0.95,0.99)', list)
    .option('--max-false-hit-rate <r>', 'the recommended threshold serves at most this share of wrong answers among its hits (default 0)')
    .option('--json', 'print JSON: {queries,groups,duplicates,totalCostUsd,exact,rows:[{threshold,hits,trueHits,falseHits,hitRate,falseHitRate,savedUsd,…}],recommended,price}')
    .action(async (log: string, options) => (await import('./commands/cache-audit.ts')).runCacheAudit(log, options));

  program
    .command('prefix-audit')
    .description('The prefix a prompt set\'s requests share, and per model what prompt caching would cache (its minimum, steps and breakpoints) and save per 1k requests.')
    .argument('<set>', 'a prompt-set file, or a set name found as prompts/<name>.yaml')
    .option('-m, --model <models>', "models, comma-separated (default: the set's models:, else gpt-4o-mini, claude-sonnet-4-5, claude-haiku-4-5, gemini-2.5-flash)", list)
    .option('--variant <name>', 'the variant to render (default: base)')
    .option('--json', 'print JSON: {set,variant,requests,prefix,models:[{model,sharedTokens,cacheableTokens,rule,savingPer1kUsd,reason,advice}]}')
    .action(async (set: string, options) => (await import('./commands/prefix-audit.ts')).runPrefixAudit(set, options));

  program
    .command('bill')
    .description('Forecast the monthly bill of a traffic profile by route, model and component, 12 months of growth and a p10–p90 range; --compare adds the savings waterfall.')
    .argument('<profile>', 'a traffic profile (YAML, see the README: Bill forecast), e.g. prompts/profiles/launch.yaml')
    .option('--compare <profile>', 'a second profile: both bills, the difference per route and component, and the savings in stacking order')
    .option('--json', 'print JSON: {"monthlyUsd","routes":[{"name","monthlyUsd","components":{…}}],"projection":[…],"range":{"p10","p90"},…}')
    .action(async (profile: string, options) => (await import('./commands/bill.ts')).runBill(profile, options));

  program
    .command('breakeven')
    .description('Self-hosting on rented GPUs against API prices: $/1M tokens self-hosted, break-even monthly volume per API model, hybrid split.')
    .requiredOption('--gpu-hourly <usd>', 'USD per GPU-hour')
    .requiredOption('--gpus <n>', 'GPUs in one deployment', positiveInteger('--gpus'))
    .option('--throughput <tokPerS>', 'tokens per second (input + output) one deployment serves')
    .option('--throughput-from <runId>', 'measure the throughput from a local run in the store (Ollama, vLLM, GGUF): Σ tokens ÷ Σ latency')
    .option('--throughput-model <model>', 'with --throughput-from: only the trials of this model')
    .option('--store <dir>', 'the result store folder for --throughput-from (default .costlab)')
    .option('--utilization <u>', 'target utilization at the peak, above 0 and at most 1 (default 0.6)')
    .option('--peak-factor <f>', 'peak ÷ average traffic, 1 or more: capacity is sized for the peak (default 1)')
    .option('--ops-monthly <usd>', 'fixed operations cost per month in USD (default 0)')
    .option('--days <n>', "days per month (default 30, or the profile's)")
    .option('--against <models>', 'API models to compare with, comma-separated (default: a few bundled ones)', list)
    .option('--input-share <s>', "input tokens' share of the traffic for the API blended price (default 0.75, or the profile's mix)")
    .option('--profile <file>', "a traffic profile: its monthly volume and token mix, for the monthly cost and the hybrid split")
    .option('--monthly-mtok <n>', 'a monthly volume in millions of tokens for the monthly cost and the hybrid split (instead of --profile)')
    .option('--json', 'print JSON: {"selfHostPerMTokUsd","monthlyFixedUsd","breakEven":[{"model","apiPerMTokUsd","breakEvenMTokPerMonth"}],…}')
    .action(async (options) => (await import('./commands/breakeven.ts')).runBreakeven(options));

  program
    .command('cache-advice')
    .description('Expected cost of a prompt prefix with no caching, Anthropic 5-minute and 1-hour caches or automatic caching, and the reuses from which each pays off.')
    .requiredOption('-m, --model <model>', 'the model')
    .requiredOption('--prefix-tokens <n>', 'tokens of the shared prefix (system prompt, documents)', nonNegativeInteger('--prefix-tokens'))
    .requiredOption('--requests-per-hour <r>', 'requests per hour that send the prefix (Poisson arrivals)')
    .option('--days <n>', 'days per month (default 30)')
    .option('--pattern <p>', 'how requests arrive: poisson (independent, default), regular (evenly spaced) or bursty:B (bursts of B requests)')
    .option('--batch-share <s>', 'also price this share of the requests (those that can wait 24 hours) at batch rates')
    .option('--input-tokens <n>', 'with --batch-share: input tokens per request (default: the prefix)', nonNegativeInteger('--input-tokens'))
    .option('--output-tokens <n>', 'with --batch-share: output tokens per request (default 0)', nonNegativeInteger('--output-tokens'))
    .option('--json', 'print JSON: {model,prefixTokens,requestsPerHour,cacheable,reason,options:[{kind,perRequestUsd,monthlyUsd,breakEvenReuses,…}],best,batch}')
    .action(async (options) => (await import('./commands/cache-advice.ts')).runCacheAdvice(options));

  program
    .command('tui')
    .description('Open the terminal app (what `costlab` with no command opens on a terminal): prompts, compression, runs, results.')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--screen <id>', 'open on this screen, by id or number key: prompts (1), compress (2), run (3), results (4), frontier (5), route (6), bill (7), selfhost (8)')
    .action(async (options) => (await import('./commands/tui.ts')).runTui(options));

  program
    .command('score')
    .description('Score a run: per candidate the mean quality with a 95% bootstrap interval, cost per 1,000 requests and latency; optionally have an LLM judge grade the answers first.')
    .argument('<runId>', 'the run (see costlab runs)')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--judge <model>', 'an LLM judge (any run target, e.g. openai:gpt-4o); grades the trials it has not graded yet, its cost recorded on the run')
    .option('--pairwise <candidate>', 'with --judge: compare each answer with this baseline candidate\'s answer (twice, positions swapped) instead of grading it alone')
    .option('--rubric <text>', 'with --judge: the rubric (or @FILE to read it from a file)')
    .option('--concurrency <n>', 'judge calls at once (default 4)', positiveInteger('--concurrency'))
    .option('--rejudge', 'judge again trials this judge already graded')
    .option('--metric <name>', 'reference metric: exact, f1, rouge-l, numeric, or embedding (with --embedder) (default: numeric when every reference is a number, else f1)')
    .option('--embedder <model>', 'embedding model for --metric embedding: openai:text-embedding-3-small, ollama:NAME, vllm:NAME@URL or gguf:PATH')
    .option('--failed <how>', 'a failed trial scores zero (default) or is skipped', 'zero')
    .option('--seed <n>', 'seed of the bootstrap resampling (default 1)', nonNegativeInteger('--seed'))
    .option('--json', 'print JSON: {"runId","metric","sources","candidates":[{candidateId,model,quality:{mean,low,high,n},costPer1kUsd,latencyMedianMs,…}],"judges":[…]}')
    .action(async (runId: string, options) => (await import('./commands/score.ts')).runScore(runId, options));

  program
    .command('frontier')
    .description('The quality-versus-cost Pareto frontier of a run (and quality versus latency): dominated candidates marked, the knee named.')
    .argument('<runId>', 'the run (see costlab runs)')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--judge <model>', 'count only this judge\'s verdicts')
    .option('--seed <n>', 'seed of the bootstrap resampling (default 1)', nonNegativeInteger('--seed'))
    .option('--json', 'print JSON: {"frontier":[ids],"knee":{id,distance}|null,"candidates":[{candidateId,costPer1kUsd,quality,onFrontier,dominatedBy}],"latency":{…}}')
    .action(async (runId: string, options) => (await import('./commands/frontier.ts')).runFrontier(runId, options));

  program
    .command('rate')
    .description('Rate one answer by hand (1–5 or +/-); the latest rating is that trial\'s quality.')
    .argument('<runId>', 'the run')
    .argument('<trialId>', 'the trial (see costlab show RUN_ID)')
    .argument('<rating>', '1 (bad) to 5 (excellent), + or -')
    .option('--store <dir>', 'the result store folder (default .costlab)')
    .option('--note <text>', 'why')
    .option('--json', 'print the stored rating as JSON')
    .action(async (runId: string, trialId: string, rating: string, options) => (await import('./commands/rate.ts')).runRate(runId, trialId, rating, options));

  // Only the root takes (and rejects) any words: set after the subcommands, which copied the root's settings.
  program.allowExcessArguments(true);
  return program;
}

/**
 * `error: unknown command 'cout' (did you mean count?)`, exit 2 — the root's own action takes no arguments, nor
 * does `models`' (`costlab models imprt` → did you mean models import?).
 */
async function unknownCommand(command: Command): Promise<never> {
  const { closestMatch } = await import('../core/index.ts');
  const name = command.args[0] ?? '';
  const parent = command.parent ? `${command.name()} ` : '';
  const names = [...command.commands.map((c) => c.name()), ...(command.parent ? [] : ['help'])];
  const near = closestMatch(name, names);
  return command.error(`error: unknown command '${parent}${name}'${near ? ` (did you mean ${parent}${near}?)` : ''}`, { code: 'commander.unknownCommand', exitCode: 2 });
}
