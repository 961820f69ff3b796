/** Plot options for the result charts, built from results (pure functions; Chart.svelte draws them). */
import * as Plot from '@observablehq/plot';
import { ordinal, ROLES, type Metric, type ScenarioResult } from '../../../engine/core.ts';
import { gb, MINUS, money, num } from './format.ts';

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
/** Reference lines and their labels: a dark vermilion, 6.5:1 against white (WCAG AA for text). */
export const REF_COLOUR = '#A04000';
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

const fy = (r: ScenarioResult) => (i: number) => Number(r.periods[i]!.slice(0, 4));
const label = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
const shortLabel = (y: number) => `${String(y % 100).padStart(2, '0')}/${String((y + 1) % 100).padStart(2, '0')}`;
/**
 * Part years (a start or end other than April) are marked: their year labels take an asterisk, and the
 * chart's summary names them with their months, since a flow in a part year is not a year's worth.
 */
const partYears = (results: ScenarioResult[]) => {
  const part = new Map<number, string>();
  for (const r of results) r.periods.forEach((p, i) => { if (p.includes('(')) part.set(fy(r)(i), p); });
  return part;
};
const xAxisOf = (results: ScenarioResult[], format: (y: number) => string = label, ticks = 5) => {
  const part = partYears(results);
  return { label: null, tickFormat: (y: number) => `${format(y)}${part.has(y) ? '*' : ''}`, ticks } as const;
};
const partNote = (results: ScenarioResult[]) => {
  const part = [...partYears(results).values()];
  return part.length ? ` Part year${part.length > 1 ? 's' : ''} (open circles; * on the axis): ${part.join(', ')}.` : '';
};
/** Open circles on the medians of part years, so a dip at either end reads as fewer months, not a fall. */
const partDots = (data: { year: number; period: string; p50: number }[], z: Record<string, string>) =>
  Plot.dot(data.filter((d) => d.period.includes('(')), { x: 'year', y: 'p50', fill: 'white', strokeWidth: 1.5, r: 3.5, ...z });
/** Axis numbers that always fit the margin: 2,500,000 becomes 2.5M, 0.13 stays 0.13. */
export const axisNumber = (x: number) => {
  const a = Math.abs(x);
  const trim = (v: number, unit: string) => `${gb(Number(v.toFixed(a >= 1e7 ? 0 : 1)), { maximumFractionDigits: 1 })}${unit}`;
  return a >= 1e6 ? trim(x / 1e6, 'M') : a >= 1e4 ? trim(x / 1e3, 'k') : gb(x, { maximumFractionDigits: 3 });
};
/**
 * Room for the widest tick label on the left and the last year label on the right, and above the frame for
 * the y axis's title, clear of its top tick label.
 */
const MARGINS = { marginLeft: 56, marginRight: 30, marginTop: 30 } as const;
/** The y axis's title in the top margin, left-aligned with the tick labels (never on the top tick). */
const yTitle = (label: string) => ({ label, labelAnchor: 'top', labelOffset: 48 }) as const;

/**
 * A label broken into lines of at most `perLine` characters at spaces (a word longer than a line stays
 * whole); beyond `maxLines` the last line is cut with an ellipsis, and only then.
 */
export function wrapLabel(text: string, perLine: number, maxLines = 4): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const cur = lines.at(-1);
    if (cur !== undefined && (cur + ' ' + word).length <= perLine) lines[lines.length - 1] = cur + ' ' + word;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines.join('\n');
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${lines.slice(maxLines - 1).join(' ').slice(0, Math.max(1, perLine - 1)).trimEnd()}…`;
  return kept.join('\n');
}
/** Characters a line holds at the charts' 13 px sans-serif (a glyph about 7.1 px wide, allowing for digits and capitals, 7.8 bold). */
const charsIn = (px: number, bold = false) => Math.max(8, Math.floor(px / (bold ? 7.8 : 7.1)));

export interface ChartSpec {
  id: string;
  title: string;
  summary: string;
  options: Plot.PlotOptions;
  columns: string[];
  rows: (string | number)[][];
  /**
   * The options for a drawing `width` pixels wide, for charts whose layout depends on it (margins for wrapped
   * labels, facets in a grid). Without it a chart is drawn at `options` with that width; with it `options`
   * holds only the widest width (the layout is made once, for the width drawn, not also for a default).
   */
  fit?: (width: number) => Plot.PlotOptions;
}

function bandRows(results: { name: string; r: ScenarioResult }[], metric: Metric, loc: 'total' | string = 'total') {
  return results.flatMap(({ name, r }) => {
    const m = loc === 'total' ? r.total.metrics : r.localities.find((l) => l.id === loc)!.metrics;
    // `period` keeps the result's own label, so a partial year reads as one ("2015/16 (Jan–Mar)").
    return m[metric].map((s, i) => ({ series: name, year: fy(r)(i), period: r.periods[i]!, ...s }));
  });
}

/** Whole numbers above 100, otherwise two significant decimals (shares and workloads stay readable). */
const show = (x: number) => (Math.abs(x) >= 100 ? gb(Math.round(x)) : gb(x, { maximumFractionDigits: Math.abs(x) >= 10 ? 1 : 3 }));

/** A step of a waterfall: signed with a proper minus, a decimal at most above 1, two significant digits below. */
export const signedStep = (x: number) => {
  const a = Math.abs(x);
  const body = a >= 100 ? gb(Math.round(a)) : a >= 1 ? gb(a, { maximumFractionDigits: 1 }) : gb(a, { maximumSignificantDigits: 2 });
  return `${x > 0 ? '+' : x < 0 ? MINUS : ''}${body}`;
};

/**
 * How a band chart writes its values, by unit: money as £m, shares as percentages (the axis too), other
 * units as numbers followed by the unit.
 */
function valuesIn(unit: string): { text: (x: number) => string; tick: (x: number) => string; axis: string } {
  if (unit === '£') return { text: money, tick: (x) => (x === 0 ? '£0' : `${x < 0 ? MINUS : ''}£${axisNumber(Math.abs(x)).replace(/M$/, 'm')}`), axis: '£' };
  if (unit === 'share') return { text: (x) => `${num(100 * x, 1)}%`, tick: (x) => `${num(100 * x)}%`, axis: '%' };
  if (unit === 'share of runs') return { text: (x) => `${num(100 * x)}% of runs`, tick: (x) => `${num(100 * x)}%`, axis: '% of runs' };
  return { text: (x) => `${show(x)} ${unit}`, tick: axisNumber, axis: unit };
}

/** A metric over time with its p10-p90 band, one colour per series, with an optional reference line. */
export function bandChart(id: string, title: string, results: { name: string; r: ScenarioResult }[], metric: Metric, unit: string, ref?: { y: number; label: string }): ChartSpec {
  const data = bandRows(results, metric), v = valuesIn(unit);
  const last = data.filter((d) => d.year === Math.max(...data.map((x) => x.year)));
  return {
    id, title,
    summary: last.map((d) => `${d.series}: ${v.text(d.p50)} in ${d.period} (80% range ${v.text(d.p10)} to ${v.text(d.p90)})`).join('; ') + '.' + partNote(results.map((x) => x.r)),
    options: {
      ...MARGINS, x: xAxisOf(results.map((x) => x.r)), y: { grid: true, ...yTitle(v.axis), zero: true, tickFormat: v.tick },
      // One colour per slot (the open scenario first), whatever the names: a scenario keeps its colour in
      // every chart of a view, and "Do nothing" is not blue in one comparison and green in another.
      color: { domain: results.map((x) => x.name), range: PALETTE, legend: results.length > 1 },
      marks: [
        Plot.areaY(data, { x: 'year', y1: 'p10', y2: 'p90', fill: 'series', fillOpacity: 0.2 }),
        Plot.lineY(data, { x: 'year', y: 'p50', stroke: 'series', strokeWidth: 2 }),
        partDots(data, { stroke: 'series' }),
        ...(ref ? [Plot.ruleY([ref.y], { stroke: REF_COLOUR, strokeDasharray: '4,3' }), Plot.text([ref], { x: () => data[0]!.year, y: 'y', text: 'label', dy: -6, textAnchor: 'start', fill: REF_COLOUR })] : []),
      ],
    },
    columns: ['scenario', 'year', 'p10', 'p50', 'p90'],
    rows: data.map((d) => [d.series, d.period, d.p10, d.p50, d.p90]),
  };
}

/**
 * At 40 localities a grid of every one is unreadable: the `worst` with demand furthest above their stretch
 * capacity in the final year, and the `best` furthest below it, in the baseline's order.
 */
export function extremeLocalities(r: ScenarioResult, worst = 6, best = 2): string[] {
  const last = r.periods.length - 1;
  const ranked = [...r.localities].map((l) => ({ id: l.id, over: (l.metrics.demand[last]!.p50 - l.metrics.capacityMax[last]!.p50) / Math.max(1, l.metrics.demand[last]!.p50) }))
    .sort((a, b) => b.over - a.over);
  const keep = new Set([...ranked.slice(0, worst), ...ranked.slice(-best)].map((x) => x.id));
  return r.localities.filter((l) => keep.has(l.id)).map((l) => l.id);
}

/**
 * Demand against capacity per locality, each with its p10-p90 band: one small chart per locality in a grid
 * as wide as the drawing allows (at least 230 px each), each titled above its frame, so eight localities'
 * names and year labels never overlap.
 */
export function demandCapacity(r: ScenarioResult, only: readonly string[] | null = null): ChartSpec {
  const names = { demand: 'demand', capacity: 'normal capacity', capacityMax: 'stretch capacity' } as const;
  const localities = only ? r.localities.filter((l) => only.includes(l.id)) : r.localities;
  const data = localities.flatMap((l, k) => (['demand', 'capacity', 'capacityMax'] as const).flatMap((m) =>
    l.metrics[m].map((s, i) => ({ k, locality: l.name, metric: names[m], year: fy(r)(i), period: r.periods[i]!, ...s }))));
  const L = localities.length;
  const fit = (width: number): Plot.PlotOptions => {
    const cols = Math.max(1, Math.min(L, Math.floor((width - MARGINS.marginLeft - MARGINS.marginRight) / 230)));
    const rows = Math.ceil(L / cols), facetWidth = (width - MARGINS.marginLeft - MARGINS.marginRight) / cols;
    const cell = (k: number) => ({ col: k % cols, row: Math.floor(k / cols) });
    const placed = data.map((d) => ({ ...d, ...cell(d.k) }));
    const titles = localities.map((l, k) => ({ ...cell(k), name: wrapLabel(l.name, charsIn(facetWidth - 16, true), 2) }));
    const twoLines = titles.some((t) => t.name.includes('\n'));
    return {
      width, height: 40 + rows * (twoLines ? 210 : 190), ...MARGINS, marginTop: twoLines ? 48 : 34, marginBottom: 30,
      x: xAxisOf([r], facetWidth < 300 ? shortLabel : label, Math.max(2, Math.min(5, Math.floor(facetWidth / 80)))), y: { grid: true, ...yTitle('appointments'), zero: true, tickFormat: axisNumber },
      fx: { axis: null, paddingInner: 0.12 }, fy: { axis: null, paddingInner: twoLines ? 0.28 : 0.22 },
      color: { domain: Object.values(names), range: [PALETTE[5]!, PALETTE[0]!, PALETTE[4]!], legend: true },
      marks: [
        Plot.areaY(placed, { fx: 'col', fy: 'row', x: 'year', y1: 'p10', y2: 'p90', fill: 'metric', fillOpacity: 0.2 }),
        Plot.lineY(placed, { fx: 'col', fy: 'row', x: 'year', y: 'p50', stroke: 'metric', strokeWidth: 2 }),
        partDots(placed, { stroke: 'metric', fx: 'col', fy: 'row' }),
        Plot.text(titles, { fx: 'col', fy: 'row', frameAnchor: 'top-left', text: 'name', dy: -6, lineAnchor: 'bottom', fontWeight: 600 }),
      ],
    };
  };
  return {
    id: 'demand-capacity', title: `Demand (episodes) against normal and stretch capacity by locality (appointments a year)${only ? `: the ${L} of ${r.localities.length} furthest from and nearest to their stretch capacity` : ''}`,
    summary: localities.map((l) => {
      const last = l.metrics.demand.length - 1;
      return `${l.name}: demand ${gb(Math.round(l.metrics.demand[last]!.p50))}, normal capacity ${gb(Math.round(l.metrics.capacity[last]!.p50))}, stretch capacity ${gb(Math.round(l.metrics.capacityMax[last]!.p50))}`;
    }).join('; ') + ` in ${r.periods.at(-1)}.${only ? ` The other ${r.localities.length - L} localities are in the table of every locality.` : ''}${partNote([r])}`,
    options: { width: 1100 },
    fit,
    columns: ['locality', 'measure', 'year', 'p10', 'p50', 'p90'],
    rows: data.map((d) => [d.locality, d.metric, d.period, d.p10, d.p50, d.p90]),
  };
}

/** Workforce by role, stacked (medians). */
export function workforce(r: ScenarioResult): ChartSpec {
  const data = ROLES.flatMap((role) => r.total.metrics[`fte.${role}`].map((s, i) => ({ role, year: fy(r)(i), period: r.periods[i]!, fte: s.p50 }))).filter((d) => d.fte > 0.001);
  return {
    id: 'workforce', title: 'Workforce by role (FTE, median)',
    summary: ROLES.map((role) => `${role} ${r.total.metrics[`fte.${role}`].at(-1)!.p50.toFixed(1)}`).join(', ') + ` FTE in ${r.periods.at(-1)}.${partNote([r])}`,
    options: {
      ...MARGINS, x: xAxisOf([r]), y: { grid: true, ...yTitle('FTE'), tickFormat: axisNumber }, color: { domain: [...ROLES], range: PALETTE, legend: true },
      marks: [Plot.areaY(data, Plot.stackY({ x: 'year', y: 'fte', fill: 'role', order: [...ROLES] }))],
    },
    columns: ['role', 'year', 'FTE (median)'],
    rows: data.map((d) => [d.role, d.period, d.fte]),
  };
}

/**
 * Layout of a horizontal bar chart with long names on the left: the names take up to 42% of the width
 * (130-300 px), wrapped onto lines rather than cut, and each bar's band is as tall as its name needs.
 */
function barLayout(width: number, labels: string[]) {
  const marginLeft = Math.round(Math.min(300, Math.max(130, 0.42 * width)));
  const wrapped = new Map(labels.map((l) => [l, wrapLabel(l, charsIn(marginLeft - 14))]));
  const lines = Math.max(1, ...[...wrapped.values()].map((w) => w.split('\n').length));
  const band = Math.max(24, 14 * lines + 6);
  return { marginLeft, band, tickFormat: (l: string) => wrapped.get(l) ?? l };
}
/** The x axis's title centred under its tick labels, never on the last of them. */
const xTitle = (label: string) => ({ label, labelAnchor: 'center', labelArrow: 'none', labelOffset: 34 }) as const;

/**
 * From doing nothing to the scenario, one bar per intervention (its Shapley value), floating from where the
 * last one ended; the first and last bars are the totals.
 */
export function waterfallChart(id: string, w: { doNothing: number; scenario: number; steps: { label: string; value: number }[] }, name: string, unit: string,
  opts: { smallShare?: number } = {}): ChartSpec {
  let at = w.doNothing;
  // Every intervention has its step, a zero one included (issue 31: the gap's waterfall had dropped A&E
  // diversion, which changes cost but not the gap).
  const all = w.steps;
  const inPounds = /£/.test(unit);
  const total = (x: number) => (inPounds ? money(x) : show(x));
  const step = (x: number) => (Math.abs(x) < 1e-9 * Math.max(1, Math.abs(w.doNothing)) ? '±0' : inPounds ? `${x > 0 ? '+' : MINUS}${money(Math.abs(x))}` : signedStep(x));
  // `smallShare` (the board pack): steps under that share of the largest are one bar, so the pack shows what
  // moves the result; the summary still lists every step.
  const largest = Math.max(0, ...all.map((s) => Math.abs(s.value)));
  const small = opts.smallShare ? all.filter((s) => Math.abs(s.value) < opts.smallShare! * largest) : [];
  const steps = small.length > 1 ? [
    ...all.filter((s) => !small.includes(s)),
    { label: `${small.length} smaller steps together, each under ${inPounds ? money(Math.max(...small.map((s) => Math.abs(s.value)))) : gb(Math.max(...small.map((s) => Math.abs(s.value))), { maximumSignificantDigits: 2 })}`, value: small.reduce((a, s) => a + s.value, 0) },
  ] : all;
  const bars = [
    { label: 'Doing nothing', y1: 0, y2: w.doNothing, kind: 'total', value: w.doNothing },
    ...steps.map((s) => {
      const b = { label: s.label, y1: at, y2: at + s.value, kind: s.value < 0 ? 'down' : 'up', value: s.value };
      at += s.value;
      return b;
    }),
    { label: name, y1: 0, y2: w.scenario, kind: 'total', value: w.scenario },
  ];
  const order = bars.map((b) => b.label);
  const fit = (width: number): Plot.PlotOptions => {
    const { marginLeft, band, tickFormat } = barLayout(width, order);
    return {
      width, height: 70 + band * bars.length, marginLeft, marginRight: 80, marginBottom: 44,
      x: { grid: true, ...xTitle(unit), tickFormat: inPounds ? valuesIn('£').tick : axisNumber, zero: true, ticks: Math.max(2, Math.floor((width - marginLeft - 80) / 90)) }, y: { label: null, domain: order, tickFormat },
      color: { domain: ['total', 'down', 'up'], range: [PALETTE[0]!, PALETTE[2]!, PALETTE[5]!] },
      marks: [
        Plot.barX(bars, { y: 'label', x1: 'y1', x2: 'y2', fill: 'kind' }),
        Plot.text(bars, { y: 'label', x: (b: { y1: number; y2: number }) => Math.max(b.y1, b.y2), text: (b: { value: number; kind: string }) => (b.kind === 'total' ? total(b.value) : step(b.value)), dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    };
  };
  return {
    id, title: `What each intervention changes: ${unit}, doing nothing to the scenario`,
    summary: `Doing nothing: ${total(w.doNothing)}; ${all.map((s) => `${s.label} ${step(s.value)}`).join('; ')}; the scenario: ${total(w.scenario)} (likely values; the steps are order-independent Shapley values).`,
    options: { width: 640 },
    fit,
    columns: ['step', unit],
    rows: bars.map((b) => [b.label, b.kind === 'total' ? total(b.value) : step(b.value)]),
  };
}

/** One bar per uncertain input: the outcome with the input at its p10 and at its p90, the rest at likely values. */
export function tornadoChart(id: string, t: { base: number; bars: { label: string; low: number; high: number; swing: number }[] }, unit: string, top = 8): ChartSpec {
  const bars = t.bars.filter((b) => b.swing > 0).slice(0, top);
  const inPounds = /£/.test(unit);
  const value = (x: number) => (inPounds ? money(x) : show(x));
  const order = bars.map((b) => b.label);
  const data = bars.flatMap((b) => [{ label: b.label, end: 'at p10', x1: t.base, x2: b.low }, { label: b.label, end: 'at p90', x1: t.base, x2: b.high }]);
  const fit = (width: number): Plot.PlotOptions => {
    const { marginLeft, band, tickFormat } = barLayout(width, order);
    return {
      width, height: 90 + band * bars.length, marginLeft, marginRight: 30, marginBottom: 44,
      x: { grid: true, ...xTitle(unit), tickFormat: inPounds ? valuesIn('£').tick : axisNumber, ticks: Math.max(2, Math.floor((width - marginLeft) / 90)) }, y: { label: null, domain: order, tickFormat },
      color: { domain: ['at p10', 'at p90'], range: [PALETTE[4]!, PALETTE[0]!], legend: true },
      marks: [Plot.barX(data, { y: 'label', x1: 'x1', x2: 'x2', fill: 'end' }), Plot.ruleX([t.base], { stroke: '#333' })],
    };
  };
  return {
    id, title: `Which assumptions matter: ${unit} as each input goes from its p10 to its p90`,
    summary: bars.length ? `Likely value ${value(t.base)}. ${bars.map((b) => `${b.label}: ${value(b.low)} to ${value(b.high)}`).join('; ')}.` : 'No uncertain input moves this result.',
    options: { width: 640 },
    fit,
    columns: ['input', `${unit} at p10`, `${unit} at p90`],
    rows: bars.map((b) => [b.label, value(b.low), value(b.high)]),
  };
}

/**
 * How an area's PCNs stand among all of England's (model 4, "Your area"): every England PCN a grey dot on one
 * line, the area's PCNs marked and named, with England's median. The table lists the area's PCNs with their
 * percentiles and England's 10th, 50th and 90th.
 */
export function stripChart(id: string, m: { label: string; values: number[]; england: { p10: number; p50: number; p90: number; n: number }; rows: { name: string; value: number; percentile: number }[] }, digits = 0): ChartSpec {
  const fmt = (x: number) => gb(x, { maximumFractionDigits: digits });
  const mine = m.rows.filter((r) => Number.isFinite(r.value));
  const pct = (x: number) => `${ordinal(100 * x)} percentile`;
  // A domain with room on both sides (also when every PCN is nearly equal), and names anchored away from the
  // edge they are near, so that none is cut.
  const all = [...m.values, ...mine.map((r) => r.value)];
  const lo = Math.min(...all), hi = Math.max(...all);
  const pad = Math.max((hi - lo) * 0.08, Math.abs(m.england.p50) * 0.02, 1e-9);
  const domain = [lo - pad, hi + pad] as [number, number];
  const anchor = (v: number) => (v < domain[0] + (domain[1] - domain[0]) / 3 ? 'start' : v > domain[0] + (2 * (domain[1] - domain[0])) / 3 ? 'end' : 'middle');
  const fit = (width: number): Plot.PlotOptions => ({
    width, height: 90 + 22 * Math.min(mine.length, 6), marginLeft: 16, marginRight: 24, marginBottom: 40,
    x: { grid: true, domain, label: m.label, labelAnchor: 'left', tickFormat: (x: number) => gb(x, { maximumSignificantDigits: 4 }), ticks: Math.max(2, Math.floor(width / 110)) }, y: { axis: null, domain: [0, 1] },
    marks: [
      Plot.dot(m.values, { x: (v: number) => v, y: 0.25, r: 2.5, fill: '#9aa0a6', fillOpacity: 0.5 }),
      Plot.ruleX([m.england.p50], { stroke: '#333', strokeDasharray: '3,3' }),
      Plot.dot(mine, { x: 'value', y: 0.25, r: 5, fill: PALETTE[2]!, stroke: 'white' }),
      // One name a line (about 17 px apart), above the dots.
      ...mine.slice(0, 6).map((r, i) => Plot.text([r], { x: 'value', y: 0.45 + (17 / (30 + 22 * Math.min(mine.length, 6))) * i, text: 'name', textAnchor: anchor(r.value), fill: PALETTE[2]! })),
    ],
  });
  return {
    id, title: m.label,
    summary: `${mine.map((r) => `${r.name}: ${fmt(r.value)} (${pct(r.percentile)})`).join('; ')}. England's ${gb(m.england.n)} PCNs: median ${fmt(m.england.p50)}, 10th to 90th percentile ${fmt(m.england.p10)} to ${fmt(m.england.p90)}.`,
    options: fit(720), fit,
    columns: ['PCN', m.label, 'percentile among England\'s PCNs'],
    rows: [...mine.map((r) => [r.name, fmt(r.value), pct(r.percentile)]), ["England's median PCN", fmt(m.england.p50), '50th percentile'], ['England, 10th to 90th percentile', `${fmt(m.england.p10)} to ${fmt(m.england.p90)}`, '']],
  };
}
