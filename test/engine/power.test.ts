// The access-failure power x^e per pool comes from an exact anchor and a binomial series when x is near
// the anchor (engine/model/access.ts). It must agree with Math.pow to rounding, and a run must not depend
// on the runs before it on the same workspace.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../engine/index.ts';
import { buildPlan, simulate, Workspace } from '../../engine/internal.ts';
import { anchoredPower } from '../../engine/model/access.ts';
import { BASELINES } from '../../scenarios/baselines.ts';

const scenario = (parameters: Record<string, unknown> = {}, years = 4) => {
  const r = loadScenario({ name: 't', baseline: 'thurrock', years, parameters }, BASELINES);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};

describe('anchored power', () => {
  it('matches Math.pow to 1e-14 along a drifting walk, for exponents from 0 to 5', () => {
    const ws = new Workspace(buildPlan(scenario(), BASELINES.thurrock!));
    let worst = 0, anchored = 0;
    for (const e of [0, 0.37, 1.5, 2, 3.9, 5]) {
      let x = 0.6;
      for (let i = 0; i < 3000; i++) {
        // Steps of up to 0.4%, with an occasional jump that forces a fresh anchor.
        x *= i % 97 === 0 ? 1.3 : 1 + 0.004 * Math.sin(i * 0.7);
        const before = ws.powInv[3];
        const y = anchoredPower(ws, 3, x, e);
        if (ws.powInv[3] === before) anchored++;
        worst = Math.max(worst, Math.abs(y / Math.pow(x, e) - 1));
      }
    }
    expect(worst).toBeLessThan(1e-14);
    expect(anchored).toBeGreaterThan(15000); // most steps are served by the series
  });

  it('leaves a run the same whatever ran before it on the workspace', () => {
    // A fixed elasticity (not 1); one year with no growth and no rebooking, so a run ends with loads
    // near those the next one starts with, and a kept anchor would be used.
    const plan = buildPlan(scenario({ 'access.elasticity': 1.4, 'access.rebook': 0, 'demand.trend': 0, 'population.growth': 0, 'workforce.gp.attrition': 0, 'workforce.nurse.attrition': 0, 'resilience.smallPracticeFailure': 0 }, 1), BASELINES.thurrock!);
    const fresh = Array.from(simulate(new Workspace(plan), 5, 7));
    const ws = new Workspace(plan);
    simulate(ws, 5, 7);
    expect(Array.from(simulate(ws, 5, 7))).toEqual(fresh);
    simulate(ws, 5, 3);
    expect(Array.from(simulate(ws, 5, 7))).toEqual(fresh);
  });
});
