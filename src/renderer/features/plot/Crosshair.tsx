/**
 * The crosshair and the ruler drawn over the plot: plain absolutely placed elements over the plotly figure
 * (pointer events pass through), positioned from the plot geometry the last draw published, so following
 * the mouse never redraws the figure.
 */
import { useAnnotate, type PlotGeom, type RulerPoint } from '../../state/annotateStore';
import { rulerDepthDelta } from './ruler';

function pixelOfX(geom: PlotGeom, x: number): number | null {
  const [r0, r1] = geom.range;
  const px = geom.left + ((x - r0) / (r1 - r0)) * geom.width;
  return px >= geom.left - 0.5 && px <= geom.left + geom.width + 0.5 ? px : null;
}

const mm = (d: number): string => `${d.toFixed(3)} mm`;

export function CrosshairOverlay(): React.JSX.Element | null {
  const geom = useAnnotate((s) => s.plotGeom);
  const x = useAnnotate((s) => s.cursorX ?? (s.view.xMode === 'depth' ? s.cursorDepth : null));
  const depth = useAnnotate((s) => s.cursorDepth);
  const by = useAnnotate((s) => s.cursorBy);
  if (!geom || x === null || depth === null) return null;
  const px = pixelOfX(geom, x);
  if (px === null) return null;
  // The label sits right of the line, or left of it near the right edge.
  const flip = px > geom.left + geom.width - 110;
  return (
    <div className={`crosshair${by === 'keys' ? ' by-keys' : ''}`} data-testid="crosshair" data-depth={depth} aria-hidden="true">
      <div className="crosshair-line" style={{ left: Math.round(px), top: geom.top, height: geom.height }} />
      <div className="crosshair-label" data-testid="crosshair-label" style={{ top: geom.top + geom.height - 20, ...(flip ? { right: `calc(100% - ${Math.round(px) - 4}px)` } : { left: Math.round(px) + 4 }) }}>
        {mm(depth)}
      </div>
    </div>
  );
}

function RulerLine({ geom, p, name }: { geom: PlotGeom; p: RulerPoint; name: string }): React.JSX.Element | null {
  const px = pixelOfX(geom, p.x);
  if (px === null) return null;
  return (
    <div className="ruler-line" data-testid={`ruler-${name}`} style={{ left: Math.round(px), top: geom.top, height: geom.height }}>
      <span className="ruler-tag">{name.toUpperCase()}</span>
    </div>
  );
}

export function RulerOverlay(): React.JSX.Element | null {
  const geom = useAnnotate((s) => s.plotGeom);
  const ruler = useAnnotate((s) => s.ruler);
  if (!geom || !ruler) return null;
  const delta = rulerDepthDelta(ruler);
  const a = ruler.a ? pixelOfX(geom, ruler.a.x) : null;
  const b = ruler.b ? pixelOfX(geom, ruler.b.x) : null;
  return (
    <div className="ruler" aria-hidden="true">
      {a !== null && b !== null && (
        <div className="ruler-band" style={{ left: Math.round(Math.min(a, b)), width: Math.max(1, Math.round(Math.abs(b - a))), top: geom.top, height: geom.height }}>
          {delta !== null && <span className="ruler-delta">Δ {mm(delta)}</span>}
        </div>
      )}
      {ruler.a && <RulerLine geom={geom} p={ruler.a} name="a" />}
      {ruler.b && <RulerLine geom={geom} p={ruler.b} name="b" />}
    </div>
  );
}
