import { runDeterministic } from '../engine/index.ts';
import { fixedParameters, scenarioOn, tinyBaseline } from '../test/helpers.ts';
const MIX_GP = { gpOnly: 1, anpSuitable: 0, nurse: 0, pharmacy: 0, msk: 0, urgent: 0 };
const ok = tinyBaseline([{ people: 1953, fte: { gp: 3 } }]);
const r = runDeterministic(scenarioOn(ok, { parameters: fixedParameters({ 'demand.mix': MIX_GP }) }), ok).total;
console.log(r.metrics.gpFteGap[0], r.metrics.accessFailure[0], r.metrics.gapClosedShare[0], r.metrics.probGapClosed[0], r.start);
