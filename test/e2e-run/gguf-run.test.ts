/** `costlab run --models gguf:PATH`: the real 260K-parameter GGUF model in-process, through the binary. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run-cli.ts';
import { SKIP_NO_SHARED, hasShared, sharedPath } from '../helpers/shared-data.ts';
import { baseEnv, runCliAsync } from './helpers.ts';

const MODEL = 'models/stories260K.gguf';

describe.skipIf(!hasShared(MODEL))(`costlab run on a local GGUF model (${SKIP_NO_SHARED})`, () => {
  it('runs every trial in-process with the engine\'s own usage, priced as self-hosted', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'tiny.yaml'), 'name: tiny\nprompt: "Once upon a time, {{who}}"\ncases:\n  - vars: { who: "a cat" }\n  - vars: { who: "a dog" }\n');
    const target = `gguf:${sharedPath(MODEL)}`;
    const run = await runCliAsync(['run', 'tiny.yaml', '--models', target, '--max-tokens', '16', '--no-cache', '--json'], { cwd, env: baseEnv({ COSTLAB_GGUF_THREADS: '1' }) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const results = events.filter((e) => e['type'] === 'trial-finished').map((e) => e['result'] as Record<string, unknown>);
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r['status']).toBe('succeeded');
      expect(String(r['output']).length).toBeGreaterThan(0);
      expect(r['usageSource']).toBe('reported');
      const usage = r['usage'] as { input: number; output: number };
      expect(usage.input).toBeGreaterThan(0);
      expect(usage.output).toBeGreaterThan(0);
      expect(usage.output).toBeLessThanOrEqual(16);
      expect(r['costUsd']).toBeNull(); // self-hosted: no per-token price, never $0
      expect(r['ttftMs'] as number).toBeLessThanOrEqual(r['latencyMs'] as number);
    }
    expect(events.at(-1)).toMatchObject({ type: 'run-finished', trials: 2, succeeded: 2, failed: 0 });
  });
});
