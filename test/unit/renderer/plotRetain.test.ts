// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { discardPlotElement, isKept, isPlotted, keepPlotElement, markPlotted, releasePlotElement, showPlotElement, takePlotElement, viewTaken } from '../../../src/renderer/features/plot/plotRetain';

describe('plotRetain: one plotly element kept from one signal view to the next', () => {
  it('gives a new element while none is kept, and takes back only elements plotly drew into', () => {
    const fresh = takePlotElement();
    expect(fresh.dataset.testid).toBe('signal-plot');
    expect(fresh.classList.contains('signal-plot')).toBe(true);
    expect(fresh.style.visibility).toBe('');
    releasePlotElement(fresh); // never plotted: nothing worth keeping
    expect(takePlotElement()).not.toBe(fresh);
  });

  it('hands a released plotted element to the next view, cleared of what it showed and hidden until drawn', () => {
    const box = document.createElement('div');
    document.body.appendChild(box);
    const el = takePlotElement();
    box.appendChild(el);
    el.classList.add('js-plotly-plot');
    markPlotted(el);
    Object.assign(el.dataset, { plotted: '7', overlays: '7:6,8', fileId: '7' });
    releasePlotElement(el);
    expect(el.isConnected).toBe(false);

    const again = takePlotElement();
    expect(again).toBe(el);
    expect(isPlotted(again)).toBe(true);
    // Plotly's own class stays (react on an element without it starts over and drops its listeners).
    expect(again.classList.contains('js-plotly-plot')).toBe(true);
    expect(again.dataset.plotted).toBeUndefined();
    expect(again.dataset.overlays).toBeUndefined();
    expect(again.style.visibility).toBe('hidden');
    showPlotElement(again);
    expect(again.style.visibility).toBe('');
    // Taken: the next view gets another one.
    expect(takePlotElement()).not.toBe(el);
  });

  it('keeps a plotted element where it is (the warm-up between its steps): the next view takes it from there', () => {
    const el = document.createElement('div');
    el.style.cssText = 'position:fixed;left:-10000px;top:0;width:900px;height:500px;';
    el.setAttribute('aria-hidden', 'true');
    document.body.appendChild(el);
    markPlotted(el);
    keepPlotElement(el);
    expect(isKept(el)).toBe(true);
    expect(el.isConnected).toBe(true);

    const box = document.createElement('div');
    document.body.appendChild(box);
    const taken = takePlotElement();
    expect(taken).toBe(el);
    expect(viewTaken()).toBe(true);
    // Taken: no longer the warm-up's to draw into; its off-screen placing and aria-hidden are gone.
    expect(isKept(el)).toBe(false);
    expect(el.getAttribute('aria-hidden')).toBeNull();
    expect(el.style.left).toBe('');
    expect(el.style.contain).toBe('strict');
    box.appendChild(taken);
    expect(el.parentElement).toBe(box);
  });

  it('discards an element that must not be used again: no longer kept, out of the page', () => {
    const el = document.createElement('div');
    document.body.appendChild(el);
    markPlotted(el);
    keepPlotElement(el);
    discardPlotElement(el);
    expect(isKept(el)).toBe(false);
    expect(el.isConnected).toBe(false);
    expect(isPlotted(el)).toBe(false);
    expect(takePlotElement()).not.toBe(el);
  });

  it('keeps nothing that plotly never drew into', () => {
    const el = document.createElement('div');
    keepPlotElement(el);
    expect(isKept(el)).toBe(false);
  });
});
