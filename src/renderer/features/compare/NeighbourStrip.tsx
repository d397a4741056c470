/**
 * The small multiples of the open hole's neighbours: the holes drilled before and after it by the same
 * head (in counter order, the open one in the middle), each a thumbnail of its torque against depth on the
 * same scales, so a hole that differs shows at a glance. A thumbnail is a button: click or Enter opens that
 * hole. Counters missing from the catalog show as gaps. Plain SVG: a few hundred points each, no plotly.
 */
import { useMemo } from 'react';
import { catalogStore } from '../../state/catalogStore';
import { useNav } from '../../state/navStore';
import { STATUS_TITLES } from '../catalog/catalogModel';
import { useCompare } from './compareStore';
import { stripTiles, type StripTile } from './references';
import { STRIP_PER_SIDE } from './useCompareSession';

const W = 120;
const H = 34;

type Thumb = { x: number[]; y: number[] } | null;

/** One extent over every thumbnail of the strip: the small multiples share their scales. */
function commonExtent(thumbs: readonly Thumb[]): { x: [number, number]; y: [number, number] } | null {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const t of thumbs) {
    if (!t) continue;
    for (const v of t.x) if (Number.isFinite(v)) [x0, x1] = [Math.min(x0, v), Math.max(x1, v)];
    for (const v of t.y) if (Number.isFinite(v)) [y0, y1] = [Math.min(y0, v), Math.max(y1, v)];
  }
  return x0 < x1 && y0 <= y1 ? { x: [x0, x1], y: [y0, y1 > y0 ? y1 : y0 + 1] } : null;
}

function Sparkline({ thumb, extent }: { thumb: Thumb; extent: ReturnType<typeof commonExtent> }): React.JSX.Element {
  if (!thumb || !extent) return <svg className="neighbour-thumb" width={W} height={H} aria-hidden="true" />;
  const sx = (v: number): number => ((v - extent.x[0]) / (extent.x[1] - extent.x[0])) * (W - 2) + 1;
  const sy = (v: number): number => H - 1 - ((v - extent.y[0]) / (extent.y[1] - extent.y[0])) * (H - 2);
  const points = thumb.x.map((x, i) => `${sx(x).toFixed(1)},${sy(thumb.y[i]!).toFixed(1)}`).join(' ');
  return (
    <svg className="neighbour-thumb" width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
      <polyline points={points} />
    </svg>
  );
}

function openHole(id: number, open: (id: number) => void): void {
  catalogStore.setState({ cursorId: id });
  open(id);
}

export function NeighbourStrip(): React.JSX.Element | null {
  const neighbours = useCompare((s) => s.neighbours);
  const holes = useCompare((s) => s.holes);
  const current = useCompare((s) => s.currentThumb);
  const fileId = useCompare((s) => s.fileId);
  const open = useNav((s) => s.openFile);
  const tiles: StripTile[] = useMemo(() => stripTiles(neighbours, STRIP_PER_SIDE), [neighbours]);
  const thumbOf = (t: StripTile): Thumb =>
    t.kind === 'current' ? (current && current.fileId === t.fileId ? current : null) : t.kind === 'hole' ? (holes[t.hole.id!]?.thumb ?? null) : null;
  const extent = commonExtent(tiles.map(thumbOf));
  if (!neighbours || neighbours.fileId !== fileId) return <div className="neighbour-strip" aria-label="Neighbouring holes of this head" />;
  if (!neighbours.head || neighbours.globalCounter === null) {
    return (
      <div className="neighbour-strip" aria-label="Neighbouring holes of this head">
        <span className="muted small">This file names no head or global counter: no neighbours to compare.</span>
      </div>
    );
  }
  return (
    <div className="neighbour-strip" role="list" aria-label="Neighbouring holes of this head" data-testid="neighbour-strip">
      {tiles.map((t) => {
        if (t.kind === 'current') {
          return (
            <div key="current" role="listitem" className="neighbour-tile current" aria-current="true" title="This hole">
              <Sparkline thumb={thumbOf(t)} extent={extent} />
              <span className="neighbour-caption">#{t.globalCounter} this hole</span>
            </div>
          );
        }
        const h = t.hole;
        if (t.kind === 'gap') {
          const far = h.globalCounter + (h.offset < 0 ? -(h.absentCount - 1) : h.absentCount - 1);
          const span = h.absentCount > 1 ? `#${Math.min(h.globalCounter, far)}–${Math.max(h.globalCounter, far)}` : `#${h.globalCounter}`;
          return (
            <div key={`gap${h.globalCounter}`} role="listitem" className="neighbour-tile gap">
              <span className="neighbour-caption muted">{span} not in the catalog</span>
            </div>
          );
        }
        const data = holes[h.id!];
        return (
          <div key={h.id} role="listitem" className="neighbour-item">
            <button
              type="button"
              className={`neighbour-tile${h.missing ? ' missing' : ''}`}
              aria-label={`Open hole #${h.globalCounter} (${h.name ?? ''})`}
              title={`${h.name ?? ''}\n#${h.globalCounter}, ${h.offset < 0 ? `${-h.offset} before` : `${h.offset} after`} this hole · ${h.status ? STATUS_TITLES[h.status] : ''}${data?.error ? `\n${data.error}` : ''}`}
              onClick={() => openHole(h.id!, open)}
            >
              <Sparkline thumb={thumbOf(t)} extent={extent} />
              <span className="neighbour-caption">
                #{h.globalCounter} {h.offset < 0 ? 'before' : 'after'}
              </span>
            </button>
          </div>
        );
      })}
    </div>
  );
}
