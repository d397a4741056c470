/**
 * Zoom presets and y fits: a program step, the drilling zone, around a label, the zoom history, and y ranges
 * that leave the end-of-cycle spike out. The async presets run against the real downsampling code (in this
 * thread) on a generated Setitec file.
 */
import { describe, expect, it } from 'vitest';
import type { FileDetail, StepSegment } from '../../../src/shared/api/catalog.contract';
import { labelFromDraft } from '../../../src/shared/labels/labelEditOps';
import { generateSetitec } from '../../../src/shared/setitec/generator/index';
import { inThreadClient } from '../../../src/renderer/features/plot/downsampleClient';
import { extentWithoutSpike, padRange, samplesInView, spikeTailStart, splitAtTail, Y_PAD } from '../../../src/renderer/features/plot/yFit';
import { fitNewPanels, fitY } from '../../../src/renderer/features/plot/yFitActions';
import { currentView, zoomAroundSelected, zoomBack, zoomDrillingZone, zoomTo, zoomToStep } from '../../../src/renderer/features/plot/zoomActions';
import { aroundLabel, drillingZone, entryDepthOf, firstContactIndex, HISTORY_LIMIT, nextStep, popHistory, pushHistory, stepWindow } from '../../../src/renderer/features/plot/zoomPresets';
import { createAnnotateStore, type AnnotateStore } from '../../../src/renderer/state/annotateStore';

const seg = (step: number, startIndex: number, endIndex: number, startDepth: number, endDepth: number): StepSegment => ({ step, startIndex, endIndex, startDepth, endDepth, stopCode: 0, stopLabel: 'none (0)' });
const label = (id: string, classId: string, depth: number, over: Record<string, unknown> = {}) => ({ ...labelFromDraft(1, { id, classId, depth, depthEnd: null, value: null }, 'a', ''), ...over });

describe('zoom preset windows', () => {
  it('a step fills the view with 3 % of room on each side; a very short one gets at least 0.2 mm or 20 samples', () => {
    const w = stepWindow(seg(1, 100, 300, 2, 12), 'depth');
    expect(w[0]).toBeCloseTo(2 - 0.3, 12);
    expect(w[1]).toBeCloseTo(12 + 0.3, 12);
    expect(stepWindow(seg(1, 100, 300, 2, 12), 'index')).toEqual([94, 306]);
    const short = stepWindow(seg(2, 5, 6, 7, 7.01), 'depth');
    expect(short[1] - short[0]).toBeCloseTo(0.2 * 1.06, 12);
    expect(short[0] + short[1]).toBeCloseTo(14.01, 12);
  });

  it('s cycles through the steps', () => {
    expect([nextStep(null, 3), nextStep(0, 3), nextStep(1, 3), nextStep(2, 3)]).toEqual([0, 1, 2, 0]);
    expect(nextStep(null, 0)).toBeNull();
  });

  it('the drilling zone runs from the contact to the deepest point, whatever comes after it', () => {
    const depth = [0, 0.5, 1, 2, 3, 4, 5, 4.9, 5];
    expect(drillingZone(depth, 2, 'depth')).toEqual([1 - 4 * 0.03, 5]);
    expect(drillingZone(depth, 2, 'index')).toEqual([2 - 20 * 0.03, 6]);
  });

  it('first contact: the entry label (a confirmed one before a proposal), else the first clear rise of torque', () => {
    expect(entryDepthOf([label('p', 'entry', 3, { state: 'proposed' }), label('h', 'entry', 3.4)])).toBe(3.4);
    expect(entryDepthOf([label('p', 'entry', 3, { state: 'proposed' }), label('r', 'entry', 2, { state: 'rejected' })])).toBe(3);
    expect(entryDepthOf([label('x', 'exit', 3)])).toBeNull();
    const idx = Array.from({ length: 100 }, (_, i) => i * 10);
    const torque = idx.map((_, i) => (i < 40 ? 0.05 * (i % 2) : 4 + 0.1 * (i % 3)));
    expect(firstContactIndex(idx, torque)).toBe(400);
    expect(firstContactIndex(idx, idx.map(() => 0.1))).toBeNull(); // an air cycle
  });

  it('around a label: ±2 mm, a range around both ends, in samples in index mode', () => {
    expect(aroundLabel({ depth: 10, depthEnd: null }, 'depth', null)).toEqual([8, 12]);
    expect(aroundLabel({ depth: 10, depthEnd: 11 }, 'depth', null)).toEqual([8, 13]);
    const depth = Array.from({ length: 2001 }, (_, i) => i / 100);
    const r = aroundLabel({ depth: 10, depthEnd: null }, 'index', depth)!;
    expect(r[0]).toBe(799);
    expect(r[1]).toBe(1201);
  });

  it('the history keeps the views to go back to, once each, at most HISTORY_LIMIT', () => {
    let h = pushHistory([], null);
    h = pushHistory(h, [1, 2]);
    h = pushHistory(h, [1, 2]);
    expect(h).toEqual([null, [1, 2]]);
    expect(popHistory(h)).toEqual({ view: [1, 2], history: [null] });
    expect(popHistory([])).toBeNull();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) h = pushHistory(h, [i, i + 1]);
    expect(h).toHaveLength(HISTORY_LIMIT);
  });
});

describe('y fit without the end-of-cycle spike', () => {
  it('the tail is the last stretch within 0.25 mm of the deepest point, at most 5 % of the samples', () => {
    // 0.04 mm per sample to 15.96 mm, then six samples held at the deepest point.
    const depth = [...Array.from({ length: 400 }, (_, i) => i * 0.04), ...Array(6).fill(15.96)];
    expect(spikeTailStart(depth)).toBe(393); // 15.68 mm (index 392) is the last sample more than 0.25 mm short
    const slow = Array.from({ length: 1000 }, (_, i) => i * 0.001); // 0.25 mm is a quarter of this file
    expect(spikeTailStart(slow)).toBe(950);
    expect(spikeTailStart([1, 2, 3])).toBe(3);
  });

  it('a tail reaching far beyond the rest is a spike and left out; an ordinary one counts', () => {
    expect(extentWithoutSpike([0, 1], [0.4, 5.1])).toEqual([0, 1]);
    expect(extentWithoutSpike([0, 1], [0.4, 1.3])).toEqual([0, 1.3]);
    expect(extentWithoutSpike([0, 1], null)).toEqual([0, 1]);
    expect(extentWithoutSpike(null, [0, 2])).toEqual([0, 2]);
    expect(padRange([0, 10])).toEqual([-10 * Y_PAD, 10 + 10 * Y_PAD]);
    expect(padRange([2, 2])).toEqual([1.5, 2.5]);
  });

  it('the samples of a view, split at the tail', () => {
    const depth = [0, 1, 2, 1.8, 3, 4, 5];
    expect(samplesInView([1.5, 3.5], 'depth', depth)).toEqual({ start: 1, end: 6 });
    expect(samplesInView([2.2, 4.8], 'index', depth)).toEqual({ start: 2, end: 6 });
    expect(samplesInView(null, 'depth', depth)).toEqual({ start: 0, end: 7 });
    expect(splitAtTail({ start: 1, end: 6 }, 4)).toEqual([
      { start: 1, end: 4 },
      { start: 4, end: 6 },
    ]);
    expect(splitAtTail({ start: 1, end: 3 }, 4)).toEqual([
      { start: 1, end: 3 },
      { start: 3, end: 3 },
    ]);
  });
});

/** A generated file loaded into the real downsampling code, and a store that has it open. */
function openGenerated(seed: number): { store: AnnotateStore; client: ReturnType<typeof inThreadClient>; depth: Float64Array; torque: Float64Array; thrust: Float64Array; truth: { entry: number } } {
  const g = generateSetitec({ seed, version: 9 }).expected;
  const depth = Float64Array.from(g.columns['Position (mm)']!, (p) => -p);
  const torque = Float64Array.from(g.columns['I Torque (A)']!);
  const thrust = Float64Array.from(g.columns['I Thrust (A)']!);
  const client = inThreadClient();
  void client.load('1', depth.slice(), { i_torque: torque.slice(), i_thrust: thrust.slice() });
  const detail = { file: { id: 1 }, columns: [], segments: [], program: [] } as unknown as FileDetail;
  const extent: [number, number] = [Math.min(...depth), Math.max(...depth)];
  const store = createAnnotateStore({ fileId: 1, signalsReady: 1, signalDepth: depth, dataExtent: extent, detail });
  return { store, client, depth, torque, thrust, truth: g.truth };
}

const extentOf = (values: ArrayLike<number>): [number, number] => [Math.min(...Array.from(values)), Math.max(...Array.from(values))];

describe('zoom presets in the store', () => {
  it('s zooms to each step in turn, b goes back through every zoom, to the whole signal', () => {
    const store = createAnnotateStore({ fileId: 1, dataExtent: [0, 30], detail: { segments: [seg(0, 0, 99, 0, 10), seg(1, 100, 199, 10, 20)] } as unknown as FileDetail });
    zoomToStep(store);
    expect(store.getState().viewRange).toEqual(stepWindow(seg(0, 0, 99, 0, 10), 'depth'));
    zoomToStep(store);
    expect(store.getState().viewRange).toEqual(stepWindow(seg(1, 100, 199, 10, 20), 'depth'));
    zoomTo(store, [0, 30]); // everything: stored as "no zoom"
    expect(store.getState().viewRange).toBeNull();
    zoomBack(store);
    expect(store.getState().viewRange).toEqual(stepWindow(seg(1, 100, 199, 10, 20), 'depth'));
    zoomBack(store);
    zoomBack(store);
    expect(store.getState().viewRange).toBeNull();
    zoomBack(store); // nothing left: stays
    expect(store.getState().viewRange).toBeNull();
    expect(currentView(store.getState())).toEqual([0, 30]);
  });

  it('f zooms around the selected label, or says how to select one', () => {
    const store = createAnnotateStore({ fileId: 1, dataExtent: [0, 30], labels: [label('a', 'exit', 14)] });
    zoomAroundSelected(store, 'Tab');
    expect(store.getState().viewRange).toBeNull();
    expect(store.getState().plotHint).toMatch(/Select a label first \(Tab/);
    store.setState({ selectedId: 'a' });
    zoomAroundSelected(store, 'Tab');
    expect(store.getState().viewRange).toEqual([12, 16]);
  });

  it('new panels start fitted to the whole forward motion, without the spike at the hard stop', async () => {
    const { store, client, depth, torque, thrust } = openGenerated(5151);
    await fitNewPanels(store, client);
    const { yRanges } = store.getState();
    const tail = spikeTailStart(depth);
    const body = extentOf(thrust.subarray(0, tail));
    expect(Math.max(...thrust)).toBeGreaterThan(body[1] + 0.3); // the spike is there…
    expect(yRanges.i_thrust).toEqual(padRange(body)); // …and left out
    expect(yRanges.i_torque).toEqual(padRange(extentWithoutSpike(extentOf(torque.subarray(0, tail)), extentOf(torque.subarray(tail)))!));
    // A panel the user zoomed keeps its range when the defaults come in again.
    store.setState({ yRanges: { ...yRanges, i_thrust: [0, 0.1] } });
    await fitNewPanels(store, client);
    expect(store.getState().yRanges.i_thrust).toEqual([0, 0.1]);
  });

  it('z shows the contact to the deepest point (from the torque rise without labels, from the entry with one) and fits y to it', async () => {
    const { store, client, depth, torque, truth } = openGenerated(5152);
    await zoomDrillingZone(store, client);
    const view = store.getState().viewRange!;
    expect(view[1]).toBe(Math.max(...depth));
    expect(view[0]).toBeLessThan(truth.entry);
    expect(view[0]).toBeGreaterThan(truth.entry - 1.5);
    const yTorque = store.getState().yRanges.i_torque!;
    const shown = samplesInView(view, 'depth', depth);
    const [body] = splitAtTail(shown, spikeTailStart(depth));
    expect(yTorque).toEqual(padRange(extentOf(torque.subarray(body.start, body.end))));

    store.setState({ labels: [label('e', 'entry', 6.5)] });
    await zoomDrillingZone(store, client);
    expect(store.getState().viewRange![0]).toBeLessThan(6.5);
    expect(store.getState().viewRange![0]).toBeGreaterThan(6.5 - 0.03 * (Math.max(...depth) - 6.5) - 0.01);
    expect(store.getState().zoomHistory.length).toBe(2);
  });

  it('y fits every panel to the data within the view', async () => {
    const { store, client, depth, thrust } = openGenerated(5153);
    store.setState({ viewRange: [2, 4] });
    await fitY(store, client);
    const shown = samplesInView([2, 4], 'depth', depth);
    expect(store.getState().yRanges.i_thrust).toEqual(padRange(extentOf(thrust.subarray(shown.start, shown.end))));
  });
});
