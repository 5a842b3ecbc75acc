import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SELF_HOST, SelfHostScreen, selfHostFigures, stepSelfHost } from '../../src/ui/screens/SelfHostScreen.tsx';
import { KEY, bareAppData, catalog, renderScreen, until } from './ui-helpers.tsx';

const screen = () => renderScreen(SelfHostScreen, bareAppData(), { height: 24 });

afterEach(() => cleanup());

/**
 * Worked example (the defaults): one GPU at $2/h × 720 h = $1,440 a month; capacity 2,000 tok/s × 3,600 × 720 ×
 * 0.6 ÷ 2 = 1,555.2 M tokens a month, so $1,440 ÷ 1,555.2 = $0.93 per M. gpt-4.1 ($2 / $8) blended at 75 % input:
 * 0.75 × 2 + 0.25 × 8 = $3.50 per M. Break-even: $1,440 ÷ $3.50 per M = 411.4 M tokens a month. At 500 M: all API
 * $1,750; one deployment carries it all for $1,440.
 */
describe('selfHostFigures', () => {
  it('matches the worked example', () => {
    const f = selfHostFigures(DEFAULT_SELF_HOST, catalog.resolve('openai:gpt-4.1'));
    expect(f.cost.capacityTokensPerMonth).toBe(1_555_200_000n);
    expect(f.selfPerM).toBeCloseTo(1440 / 1555.2, 9);
    expect(f.apiPerM).toBeCloseTo(3.5, 12);
    expect(f.be.deployments).toBe(1);
    expect(Number(f.be.breakEvenTokens!.n) / Number(f.be.breakEvenTokens!.d)).toBeCloseTo(1440 / 3.5e-6, 3);
    expect(f.hybrid?.best.deployments).toBe(1);
  });

  it('steps fields within range', () => {
    expect(stepSelfHost(DEFAULT_SELF_HOST, 'gpus', -1, 5).gpus).toBe(1);
    expect(stepSelfHost(DEFAULT_SELF_HOST, 'utilization', 1, 5).utilization).toBe(0.65);
    expect(stepSelfHost({ ...DEFAULT_SELF_HOST, utilization: 1 }, 'utilization', 1, 5).utilization).toBe(1);
    expect(stepSelfHost(DEFAULT_SELF_HOST, 'model', -1, 5).model).toBe(4);
    expect(stepSelfHost(DEFAULT_SELF_HOST, 'throughput', 1, 5).throughput).toBe(2500);
  });
});

describe('SelfHostScreen', () => {
  it('shows the break-even of the defaults and the chart of cost against volume', async () => {
    const r = screen();
    const frame = await until(r.lastFrame, (t) => t.includes('break-even '), 'a frame');
    expect(frame).toContain('rented GPUs against openai:gpt-4.1 (m)');
    expect(frame).toContain('self-host $0.93/M at planned load (1,555 M tok/month for $1,440) · API $3.50/M');
    expect(frame).toMatch(/break-even 411 M tok\/month \(1 deployment\) · cheaper at any volume from [\d,]+ M *\n/); // whole, at 80
    expect(frame).toContain('at 500 M/month: all API $1,750; cheapest 1 deployment + API $1,440 (100% local)');
    expect(frame).toContain('▪▪ GPUs (1 per deployment)   •• API gpt-4.1   ◆ break-even');
    expect(frame).toContain('◆');
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('←/→ change the selected field and m the API model; the break-even follows', async () => {
    const r = screen();
    await until(r.lastFrame, (t) => t.includes('break-even 411 M'), 'the defaults');
    r.stdin.write(KEY.right);
    // $2.25/h: $1,620 a month ÷ $3.50 per M = 462.9 M.
    await until(r.lastFrame, (t) => t.includes('$2.25') && t.includes('break-even 463 M'), 'a dearer GPU');
    r.stdin.write('m');
    // gpt-4o ($2.50 / $10): 0.75 × 2.5 + 0.25 × 10 = $4.375 per M; $1,620 ÷ 4.375 = 370.3 M.
    await until(r.lastFrame, (t) => t.includes('against openai:gpt-4o (m)') && t.includes('break-even 370 M'), 'gpt-4o');
    for (let i = 0; i < 5; i++) r.stdin.write(KEY.down);
    r.stdin.write('+');
    // ops $250: ($1,620 + $250) ÷ $4.375 per M = 427.4 M.
    const frame = await until(r.lastFrame, (t) => t.includes('break-even 427 M'), 'ops');
    expect(frame).toContain('ops $/month: fixed operations cost');
  });

  it('says when self-hosting never breaks even', async () => {
    const r = screen();
    await until(r.lastFrame, (t) => t.includes('break-even '), 'a frame');
    for (let i = 0; i < 4; i++) r.stdin.write('m');
    // gpt-4o-mini: 0.75 × 0.15 + 0.25 × 0.6 = $0.2625 per M, below the deployment's $0.93.
    const frame = await until(r.lastFrame, (t) => t.includes('against openai:gpt-4o-mini'), 'gpt-4o-mini');
    expect(frame).toContain('no break-even: a fully loaded deployment costs more per token than the API');
    expect(frame).toContain('cheapest is all API');
  });
});
