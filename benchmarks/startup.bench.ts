/**
 * Start-up: wall time of `node bin/costlab.js --help`, median of 10 spawns (after one untimed warm-up
 * spawn, which fills the OS file cache and tsx's transform cache). Peers measured the same way: bare
 * node, and node registering tsx's loader (the floor of running TypeScript without a build step).
 * Target: median < 500 ms. If the CLI fails, the error is printed and the target fails.
 */
import { spawnSync } from 'node:child_process';
import { finish, fmtMs, fmtRatio, heading, machine, median, printTable, repoRoot, target } from './harness.ts';

const SPAWNS = 10;
const LIMIT_MS = 500;

interface Command {
  name: string;
  args: string[];
}

const commands: Command[] = [
  { name: 'costlab --help', args: ['bin/costlab.js', '--help'] },
  { name: 'node (empty script)', args: ['-e', ''] },
  {
    name: 'node + tsx register()',
    args: ['--input-type=module', '-e', "import { register } from 'tsx/esm/api'; register();"],
  },
];

interface Result {
  name: string;
  times: number[];
  error?: string;
  firstLine?: string;
}

function spawnTimed(args: string[]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, result };
}

function failure(result: ReturnType<typeof spawnSync>): string | undefined {
  if (result.error) return result.error.message;
  if (result.status !== 0) {
    const stderr = String(result.stderr ?? '').trim().split('\n').slice(0, 12).join('\n');
    return `exit ${result.status ?? `signal ${String(result.signal)}`}${stderr ? `\n${stderr}` : ''}`;
  }
  return undefined;
}

function run(command: Command): Result {
  const warm = spawnTimed(command.args);
  const error = failure(warm.result);
  if (error) return { name: command.name, times: [], error };
  const times: number[] = [];
  for (let i = 0; i < SPAWNS; i++) {
    const { ms, result } = spawnTimed(command.args);
    const e = failure(result);
    if (e) return { name: command.name, times, error: e };
    times.push(ms);
  }
  const firstLine = String(warm.result.stdout).trim().split('\n')[0];
  return { name: command.name, times, ...(firstLine ? { firstLine } : {}) };
}

console.log(`startup — ${machine()}`);
const results = commands.map(run);
const cli = results[0]!;

heading(`Wall time of a spawn (spawnSync with process.execPath), median of ${SPAWNS} after one warm-up`);
const cliMedian = cli.error ? Number.NaN : median(cli.times);
printTable(
  [' command', 'median', 'min', 'max', 'costlab ÷ this'],
  results.map((r) =>
    r.error
      ? [r.name, 'failed', '—', '—', '—']
      : [r.name, fmtMs(median(r.times)), fmtMs(Math.min(...r.times)), fmtMs(Math.max(...r.times)), fmtRatio(cliMedian / median(r.times))],
  ),
);
for (const r of results) if (r.error) console.log(`\n${r.name} failed: ${r.error}`);
if (cli.firstLine) console.log(`\ncostlab --help printed: ${cli.firstLine}`);
console.log('');

target(
  `startup costlab --help median < ${LIMIT_MS} ms`,
  !cli.error && cliMedian < LIMIT_MS,
  cli.error ? `bin/costlab.js failed: ${cli.error.split('\n')[0]}` : `${fmtMs(cliMedian)} median of ${SPAWNS}`,
);
finish();
