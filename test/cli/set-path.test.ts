/** A prompt set given by absolute path to `run` and `prefix-audit`, from a folder that is not the set's. */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveSetPath } from '../../src/cli/run-options.ts';
import { runCli, tempDir } from '../helpers/run-cli.ts';

const SET = fileURLToPath(new URL('../../prompts/ticket-triage.yaml', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('an absolute set path', () => {
  it('resolves as itself; a relative one and a name as before', async () => {
    expect(await resolveSetPath(SET, tempDir())).toBe(SET);
    expect(await resolveSetPath('prompts/ticket-triage.yaml', REPO)).toBe('prompts/ticket-triage.yaml');
    expect(await resolveSetPath('ticket-triage', REPO)).toBe('prompts/ticket-triage.yaml');
  });

  it('costlab run /abs/…/ticket-triage.yaml --dry-run prints the bill (exit 0) from another folder', () => {
    const result = runCli(['run', SET, '--dry-run', '--json'], { cwd: tempDir() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'dry-run', setName: 'ticket-triage', setFile: SET });
  });

  it('costlab prefix-audit /abs/…/ticket-triage.yaml audits the set (exit 0) from another folder', () => {
    const result = runCli(['prefix-audit', SET, '--model', 'gpt-4o-mini', '--json'], { cwd: tempDir() });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ set: 'ticket-triage' });
  });

  it('a missing absolute path is still one line naming it, exit 2', () => {
    const result = runCli(['run', `${SET}.missing`, '--dry-run'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no prompt set '${SET}.missing': not a file`);
  });
});
