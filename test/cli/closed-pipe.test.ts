/**
 * A reader that goes away (`costlab models | head -1`): the command ends quietly with exit 0 — no EPIPE stack
 * trace, nothing on stderr — whether stdout closes before the first write or in the middle of a long output.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, tempDir } from '../helpers/run-cli.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Closed {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** What was read before stdout was closed. */
  read: string;
}

/** Runs costlab with stdout a pipe that this process closes: at once, or after the first line arrived. */
function withClosedStdout(args: string[], when: 'at-once' | 'after-first-line', cwd = REPO): Promise<Closed> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, COSTLAB_CONFIG_DIR: tempDir('costlab-config-'), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let read = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('error', () => undefined);
  if (when === 'at-once') child.stdout.destroy();
  else {
    child.stdout.on('data', (chunk: Buffer) => {
      read += chunk.toString();
      if (read.includes('\n')) child.stdout.destroy();
    });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`costlab ${args.join(' ')} did not end after its stdout closed\n${stderr}`));
    }, 30_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, read });
    });
  });
}

describe('a closed stdout ends the command quietly', () => {
  it.each(['models', 'models --json', 'validate', 'compress prompts/support-bot.yaml --diff'])(
    'costlab %s with stdout closed before its first write: exit 0, no trace',
    async (command) => {
      const result = await withClosedStdout(command.split(' '), 'at-once');
      expect(result.stderr).toBe('');
      expect(result).toMatchObject({ code: 0, signal: null });
    },
    40_000,
  );

  it('stops in the middle of a long output (a ~440 KB diff, far past a pipe buffer) once the reader has its first line', async () => {
    const dir = tempDir();
    const words = ['alpha', 'beta', 'basically', 'actually', 'really', 'the', 'invoice', 'refund', 'kindly', 'note'];
    // 4,000 lines of 12 words: far more diff output than the 64 KB a pipe holds, so the child is still writing when the pipe closes.
    const lines = Array.from({ length: 4000 }, (_, i) => Array.from({ length: 12 }, (__, j) => words[(i * 7 + j * 3) % words.length]).join(' '));
    writeFileSync(join(dir, 'big.txt'), `${lines.join('\n')}\n`);
    const result = await withClosedStdout(['compress', 'big.txt', '--diff'], 'after-first-line', dir);
    expect(result.read).toContain('\n');
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null });
  }, 40_000);
});
