/**
 * The file table: virtualised (only the rows in view exist in the DOM, so 1,300+ rows scroll smoothly),
 * sortable by clicking a header, ↑/↓/PageUp/PageDown/Home/End move the row cursor, Enter or a
 * double-click opens the file.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { FileRow } from '../../../shared/api/catalog.contract';
import { catalogStore, clickHeader, moveCursor, selectVisible, setCursor, useCatalog } from '../../state/catalogStore';
import { commonFolder, formatFindings, relativeFolder, STATUS_TITLES, VERDICT_TITLES, type SortKey } from './catalogModel';
import { MiddleEllipsis } from './MiddleEllipsis';
import { confidenceText, disagreementOf, disagreementText, modelConfidenceOf } from '../models/uncertainty';

const ROW_HEIGHT = 26;

interface Column {
  key: SortKey;
  title: string;
  width: string;
  cell: (f: FileRow, root: string) => React.ReactNode;
}

const COLUMNS: Column[] = [
  { key: 'folder', title: 'Folder', width: 'minmax(90px, 1fr)', cell: (f, root) => relativeFolder(f.folder, root) },
  // Cut in the middle: hole identities share their start (the head's serial) and differ at the end.
  { key: 'name', title: 'Name', width: 'minmax(200px, 3fr)', cell: (f) => <MiddleEllipsis text={f.name} /> },
  { key: 'head', title: 'Head', width: 'minmax(70px, 0.8fr)', cell: (f) => f.headName ?? '–' },
  { key: 'date', title: 'Date', width: '132px', cell: (f) => (f.date ? f.date.replace('T', ' ').slice(0, 16) : '–') },
  { key: 'version', title: 'Ver', width: '44px', cell: (f) => f.version ?? '–' },
  { key: 'steps', title: 'Steps', width: '74px', cell: (f) => f.steps.join(',') || '–' },
  { key: 'depth', title: 'Depth', width: '64px', cell: (f) => (f.depthMax === null ? '–' : f.depthMax.toFixed(2)) },
  {
    key: 'findings',
    title: 'E/W/I',
    width: '70px',
    cell: (f) => <span className={f.findings.error ? 'fail' : f.findings.warning ? 'warn' : 'muted'}>{formatFindings(f)}</span>,
  },
  { key: 'status', title: 'Status', width: '92px', cell: (f) => <span className={`status-pill ${f.status}`}>{STATUS_TITLES[f.status]}</span> },
  { key: 'verdict', title: 'Verdict', width: '110px', cell: (f) => (f.verdict ? VERDICT_TITLES[f.verdict] : '') },
  // Uncertainty-first (issue 13): the lowest confidence of the model's proposals, and how far they are from the stop code's.
  { key: 'confidence', title: 'Model', width: '64px', cell: (f) => <span data-testid="model-confidence">{confidenceText(modelConfidenceOf(f))}</span> },
  { key: 'disagreement', title: 'Δ mm', width: '60px', cell: (f) => disagreementText(disagreementOf(f)) },
];

const GRID = COLUMNS.map((c) => c.width).join(' ');

export function CatalogTable({ onOpen }: { onOpen: (id: number) => void }): React.JSX.Element {
  const files = useCatalog((s) => s.files);
  const filter = useCatalog((s) => s.filter);
  const sort = useCatalog((s) => s.sort);
  const cursorId = useCatalog((s) => s.cursorId);
  const rows = useMemo(() => selectVisible({ files, filter, sort }), [files, filter, sort]);
  const root = useMemo(() => commonFolder([...new Set(files.map((f) => f.folder))]), [files]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const cursorIndex = useMemo(() => (cursorId === null ? -1 : rows.findIndex((f) => f.id === cursorId)), [rows, cursorId]);
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  function onKeyDown(e: React.KeyboardEvent): void {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -1e9, End: 1e9 };
    if (e.key in moves) {
      moveCursor(catalogStore, moves[e.key]!);
      e.preventDefault();
    } else if (e.key === 'Enter') {
      const id = catalogStore.getState().cursorId;
      if (id !== null) onOpen(id);
      e.preventDefault();
    }
  }

  return (
    <div className="catalog-table" role="grid" aria-label="Files" aria-rowcount={rows.length + 1}>
      <div className="catalog-head" role="row" style={{ gridTemplateColumns: GRID }}>
        {COLUMNS.map((c) => (
          <div key={c.key} role="columnheader" aria-sort={sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button type="button" onClick={() => clickHeader(catalogStore, c.key)}>
              {c.title}
              {c.key === 'disagreement' && filter.disagreementMm != null ? ` > ${filter.disagreementMm}` : ''}
              {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
            </button>
          </div>
        ))}
      </div>
      <div
        className="catalog-scroll"
        ref={scrollRef}
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label="File rows (arrow keys move, Enter opens)"
        aria-activedescendant={cursorId !== null ? `file-row-${cursorId}` : undefined}
      >
        {rows.length === 0 ? (
          <p className="muted empty">{files.length === 0 ? 'The catalog is empty: import a folder above.' : 'No file matches the filter.'}</p>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const f = rows[v.index]!;
              const selected = f.id === cursorId;
              return (
                <div
                  key={f.id}
                  id={`file-row-${f.id}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  aria-selected={selected}
                  data-file-id={f.id}
                  className={`catalog-row${selected ? ' selected' : ''}${f.missing ? ' missing' : ''}`}
                  style={{ gridTemplateColumns: GRID, transform: `translateY(${v.start}px)`, height: ROW_HEIGHT }}
                  onClick={() => setCursor(catalogStore, f.id)}
                  onDoubleClick={() => onOpen(f.id)}
                  title={f.parseError ? `Parse error: ${f.parseError}` : f.path}
                >
                  {COLUMNS.map((c) => (
                    <div key={c.key} role="gridcell">
                      {c.cell(f, root)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
