/**
 * The annotation workspace: the signal plot with its overview strip, the label palette, the label table,
 * readouts and file attributes beside it, and the review bar above. Keyboard-first (? lists the keys).
 */
import { useCallback, useEffect, type ReactNode } from 'react';
import { useApi } from '../../api/ApiContext';
import { openFile } from '../../state/annotateActions';
import { annotateStore, useAnnotate } from '../../state/annotateStore';
import { catalogStore, loadFiles } from '../../state/catalogStore';
import { loadPrefs, prefsStore } from '../../state/prefsStore';
import { useNav } from '../../state/navStore';
import { followRemoteLabels } from '../../state/remoteLabels';
import { CompareBar } from '../compare/CompareBar';
import { TrendPanel } from '../compare/TrendPanel';
import { ModelProposalNote, useModelProposals } from '../models/ModelProposalNote';
import { OverviewStrip } from '../plot/OverviewStrip';
import { PlotStatusBar } from '../plot/PlotStatusBar';
import { SignalPlot } from '../plot/SignalPlot';
import { AttributeForm, attributeControlId } from './AttributeForm';
import { FileBar } from './FileBar';
import { HelpOverlay } from './HelpOverlay';
import { handleKeyDown, runAction, type KeyContext } from './keyboard';
import { LabelTable } from './LabelTable';
import { followReviewInCatalog, showReviewNotice } from './reviewKeys';
import { Readouts } from './Readouts';
import { Toolbar } from './Toolbar';

function Findings(): React.JSX.Element | null {
  const findings = useAnnotate((s) => s.detail?.findings);
  if (!findings || findings.length === 0) return null;
  return (
    <details className="findings">
      <summary>
        Findings ({findings.filter((f) => f.severity === 'error').length} errors, {findings.filter((f) => f.severity === 'warning').length} warnings,{' '}
        {findings.filter((f) => f.severity === 'info').length} info)
      </summary>
      <ul className="small">
        {findings.map((f, i) => (
          <li key={i} className={f.severity === 'error' ? 'fail' : f.severity === 'warning' ? 'warn' : 'muted'}>
            {f.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function focusAttribute(classId: string): void {
  const el = document.getElementById(attributeControlId(classId));
  el?.focus();
}

/**
 * The section's busy flag and the load error are the only parts of the page that follow an open's `loading`
 * (on, then off) and `fileId`: here, not in AnnotatePage, so an open re-renders this frame, and the children
 * (the same elements, made by AnnotatePage) re-render only for what each of them reads from the stores.
 */
function AnnotateFrame({ children }: { children: ReactNode }): React.JSX.Element {
  const loading = useAnnotate((s) => s.loading);
  return (
    <section className="annotate" aria-busy={loading}>
      {children}
    </section>
  );
}

function LoadError(): React.JSX.Element | null {
  const fileId = useAnnotate((s) => s.fileId);
  const loadError = useAnnotate((s) => s.loadError);
  if (!loadError) return null;
  return (
    <p className="error" role="alert">
      File {fileId} could not be opened: {loadError}
    </p>
  );
}

export function AnnotatePage(): React.JSX.Element {
  const api = useApi();
  const navFileId = useNav((s) => s.openFileId);
  const openNav = useNav((s) => s.openFile);

  // Settings (keymap, annotator) and the catalog order (next/previous) are needed here too after a reload.
  useEffect(() => {
    void loadPrefs(prefsStore, api).catch(() => undefined);
    if (!catalogStore.getState().loaded) void loadFiles(catalogStore, api);
  }, [api]);

  // (Re)load on entry and on every file change: labels may have changed elsewhere (CLI, another window).
  useEffect(() => {
    if (navFileId !== null) void openFile(annotateStore, api, navFileId);
  }, [api, navFileId]);

  // With a model active, the file arrives pre-annotated (its proposals come back as labels.changed).
  useModelProposals(api, navFileId);

  // Edits made in another window or by the CLI show in the open file without reopening it.
  useEffect(() => followRemoteLabels(annotateStore, api), [api]);

  // Review changes made here show in the catalog without a reload.
  useEffect(() => followReviewInCatalog(annotateStore, catalogStore), []);

  const ctx = useCallback(
    (): KeyContext => ({ api, annotate: annotateStore, catalog: catalogStore, keymap: prefsStore.getState().keymap, openFile: openNav, focusAttribute, notify: showReviewNotice }),
    [api, openNav],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return;
      if (handleKeyDown(e, ctx())) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ctx]);

  if (navFileId === null) {
    return (
      <section className="annotate-empty">
        <h1>Annotate</h1>
        <p className="muted">Open a file from the Catalog (double-click a row, or select it and press Enter).</p>
      </section>
    );
  }

  return (
    <AnnotateFrame>
      <FileBar
        onPrev={() => runAction('prevFile', ctx())}
        onNext={() => runAction('nextFile', ctx())}
        onNextUnlabelled={() => runAction('nextUnlabelled', ctx())}
        onConfirmAndNext={() => runAction('confirmAndNext', ctx())}
      />
      <LoadError />
      <div className="annotate-body">
        <div className="annotate-main">
          <Toolbar />
          <SignalPlot fileId={navFileId} />
          <PlotStatusBar />
          <OverviewStrip />
          <CompareBar fileId={navFileId} />
        </div>
        <aside className="annotate-side" aria-label="Labels and attributes">
          <ModelProposalNote />
          <LabelTable />
          <Readouts />
          <AttributeForm />
          <Findings />
        </aside>
      </div>
      <HelpOverlay />
      <TrendPanel />
    </AnnotateFrame>
  );
}
