/**
 * For the `costlab run` end-to-end tests: the real binary in a child process (asynchronously, so the loopback
 * servers in this process keep answering), a clean environment pointed at those servers, fake keys, and
 * prompt sets written to a temporary project folder.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir } from '../helpers/run-cli.ts';
import type { TestServer } from '../integration/servers/index.ts';

/** Never real keys; recognisable wherever they might leak, and sharing no 8 characters with anything costlab prints. */
export const OPENAI_KEY = 'sk-proj-FAKEcostlabE2E-Qx7vK2mN9pL4rT8w';
export const ANTHROPIC_KEY = 'sk-ant-api03-FAKEcostlabE2E-Wm4Rq8Zt2Vn6';

/** The provider variables a test must not inherit from the machine it runs on. */
const PROVIDER_VARS = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL', 'OLLAMA_HOST', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Spawned {
  child: ChildProcess;
  done: Promise<CliRun>;
  /** What the child printed so far. */
  output(): { stdout: string; stderr: string };
}

export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, COSTLAB_CONFIG_DIR: tempDir('costlab-config-'), NO_COLOR: '1', COSTLAB_RETRY_BASE_MS: '1', COSTLAB_RETRY_MAX_DELAY_MS: '5' };
  for (const name of PROVIDER_VARS) delete env[name];
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** The environment that points every provider at the loopback servers, with the fake keys. */
export function serverEnv(servers: { openai: TestServer; anthropic: TestServer; ollama: TestServer }, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return baseEnv({
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: servers.openai.url,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: servers.anthropic.url,
    OLLAMA_HOST: servers.ollama.origin,
    ...extra,
  });
}

export function spawnCli(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`costlab ${args.join(' ')} did not finish within ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

export function runCliAsync(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliRun> {
  return spawnCli(args, options).done;
}

/** A project folder holding these files (paths relative to it). */
export function project(files: Record<string, string>): string {
  const dir = tempDir('costlab-run-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** A prompt set with `cases` numbered cases (`Case N:` in each prompt) and the given variants (`Variant X` in their system). */
export function numberedSet(name: string, cases: number, variants: string[] = [], models: string[] = []): string {
  const lines = [`name: ${name}`, 'system: "Variant base. You answer in one short line."', 'prompt: "Case {{n}}: say hello to {{who}}."', 'vars: { who: the tester }'];
  if (variants.length > 0) {
    lines.push('variants:');
    for (const v of variants) lines.push(`  ${v}: { system: "Variant ${v}. Be brief." }`);
  }
  if (models.length > 0) lines.push(`models: [${models.join(', ')}]`);
  lines.push('cases:');
  for (let n = 1; n <= cases; n++) lines.push(`  - { id: c${n}, vars: { n: ${n} } }`);
  return `${lines.join('\n')}\n`;
}

/** Parses NDJSON; every line must be a JSON object. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every file under `dir`, as text. */
export function readTree(dir: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push({ path, text: readFileSync(path, 'utf8') });
    }
  };
  walk(dir);
  return files;
}

/** The 8-character pieces of a key that appear in `text` (none, when nothing leaked). */
export function keyPieces(text: string, key: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + 8 <= key.length; i++) if (text.includes(key.slice(i, i + 8))) found.push(key.slice(i, i + 8));
  return found;
}

/** A one-case set on gpt-4o-mini: 18 exact input tokens per call (see the dry-run worked example). */
export const HELLO = `name: hello
system: You are terse.
prompt: Say hello.
models: [openai:gpt-4o-mini]
cases:
  - id: greet
    reference: Hello there, friend.
`;
