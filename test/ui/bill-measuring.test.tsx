import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { profilesLoader } from '../../src/cli/tui-demo-data.ts';
import type { ProfilesLoad } from '../../src/ui/bill-model.ts';
import { App } from '../../src/ui/App.tsx';
import { KEY, appData, catalog, press, smallSets, until } from './ui-helpers.tsx';

afterEach(() => cleanup());

describe('the Bill screen while it measures the bundled profiles', () => {
  it('says it is measuring, and tab and q work before the measurement has finished', async () => {
    // The real loader over prompts/profiles: 49 cases counted one event-loop turn at a time (a few hundred ms).
    const load = profilesLoader(catalog);
    let settled = false;
    let pending: Promise<ProfilesLoad> | undefined;
    const loadProfiles = vi.fn(() => {
      pending = load().finally(() => {
        settled = true;
      });
      return pending;
    });
    const onQuit = vi.fn();
    const data = appData(await smallSets(), { loadProfiles });
    const r = render(<App data={data} color={false} width={80} height={24} initialScreen="bill" onQuit={onQuit} />);
    await until(r.lastFrame, (f) => f.includes('Measuring the bundled traffic profiles'), 'the measuring line');
    expect(loadProfiles).toHaveBeenCalledTimes(1);
    await press(r.stdin, KEY.tab);
    await until(r.lastFrame, (f) => f.includes('[8 Self-host]'), 'tab to the Self-host screen');
    expect(settled).toBe(false);
    await press(r.stdin, 'q');
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(settled).toBe(false);
    const result = await pending;
    expect(result?.profiles.map((p) => p.profile.name)).toEqual(['launch', 'launch-optimised']);
  });
});
