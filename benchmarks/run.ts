/**
 * Runs the benchmarks: every benchmarks/*.bench.ts in name order, or only those named on the command
 * line (`npm run bench -- counting hostile`). Each runs in its own node process (so one cannot warm
 * caches or fill the heap for the next), with --expose-gc so timings start from a collected heap.
 * Prints each benchmark's output as it comes, then a summary of every PASS/FAIL target line; the exit
 * code is 1 when a target was missed or a benchmark crashed.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const suffix = '.bench.ts';
const available = readdirSync(dir)
  .filter((f) => f.endsWith(suffix))
  .map((f) => f.slice(0, -suffix.length))
  .sort();

const requested = process.argv.slice(2).map((a) => a.replace(/^benchmarks\//, '').replace(/\.bench(\.ts)?$/, ''));
const unknown = requested.filter((r) => !available.includes(r));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Available: ${available.join(', ')}.`);
  process.exit(2);
}
const selected = requested.length > 0 ? available.filter((b) => requested.includes(b)) : available;

interface Outcome {
  name: string;
  targets: string[];
  code: number | null;
  ms: number;
}

function runOne(name: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, `${name}${suffix}`)], {
      cwd: join(dir, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const targets: string[] = [];
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (/^(PASS|FAIL|SKIP) /.test(line)) targets.push(line);
    });
    child.on('close', (code) => {
      if (/^(PASS|FAIL|SKIP) /.test(pending)) targets.push(pending);
      resolve({ name, targets, code, ms: performance.now() - start });
    });
  });
}

console.log(`costlab benchmarks — node ${process.version}, ${selected.join(', ')}`);
const outcomes: Outcome[] = [];
for (const name of selected) {
  console.log(`\n# ${name}${suffix}`);
  outcomes.push(await runOne(name));
}

console.log('\n# Summary\n');
let failed = false;
for (const o of outcomes) {
  const crashed = o.code !== 0 && !o.targets.some((t) => t.startsWith('FAIL'));
  console.log(`${o.name} (${(o.ms / 1000).toFixed(1)} s)${crashed ? ` — exited with code ${String(o.code)}` : ''}`);
  for (const t of o.targets) console.log(`  ${t}`);
  if (crashed) console.log(`  FAIL ${o.name}: the benchmark crashed (exit code ${String(o.code)})`);
  if (crashed || o.targets.some((t) => t.startsWith('FAIL'))) failed = true;
}
process.exitCode = failed ? 1 : 0;
