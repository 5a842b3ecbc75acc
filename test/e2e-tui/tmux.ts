/**
 * Drives the real binary in tmux as a person would: a detached session of a fixed size, keys through
 * send-keys, the screen through capture-pane. `hasTmux` lets a test file skip (with its reason) where tmux is
 * not installed. Each session has its own name, config folder and working folder; kill() ends it. When the
 * app ends, the pane shows `[costlab exited with code N]`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/costlab.js', import.meta.url));
export const SKIP_NO_TMUX = 'tmux is not installed (apt-get install tmux): the terminal end-to-end tests need it';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export interface TuiSessionOptions {
  columns?: number;
  rows?: number;
  /** Arguments after `costlab` (default none: what `npm start` runs). */
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
}

let counter = 0;

export class TuiSession {
  readonly name: string;

  constructor(options: TuiSessionOptions = {}) {
    this.name = `costlab-e2e-${process.pid}-${++counter}`;
    const cwd = options.cwd ?? mkdtempSync(join(tmpdir(), 'costlab-tui-'));
    const env: Record<string, string> = {
      COSTLAB_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'costlab-config-')),
      OPENAI_API_KEY: '',
      ANTHROPIC_API_KEY: '',
      ...options.env,
    };
    const exports = Object.entries(env).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
    const command = `cd ${shellQuote(cwd)} && env ${exports} ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${(options.args ?? []).map(shellQuote).join(' ')}; printf '\\n[costlab exited with code %s]\\n' $?; sleep 600`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 30), command]);
  }

  /** The screen as text. */
  capture(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** tmux key names (Enter, Escape, Down, BSpace, …) or literal text with `{ literal: true }`. */
  send(keys: string[], options: { literal?: boolean } = {}): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...(options.literal ? ['-l'] : []), ...keys]);
  }

  /** Polls the screen until `check` passes (or throws with the last screen). */
  async waitFor(check: (screen: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
    const start = Date.now();
    let screen = '';
    for (;;) {
      screen = this.capture();
      if (check(screen)) return screen;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
