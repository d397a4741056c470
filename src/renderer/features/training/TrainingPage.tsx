/**
 * The Training view: build or pick a dataset snapshot, set the parameters, start; then follow the run —
 * loss and metric curves growing per epoch, the console as a terminal shows it — and cancel or resume it.
 * Events are followed for as long as the app runs, so a run keeps its curves while another section is shown.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { useNav } from '../../state/navStore';
import { ConsoleView } from './ConsoleView';
import { CurvePlot } from './CurvePlot';
import { ParamsPanel } from './ParamsPanel';
import { PythonSetup } from './PythonSetup';
import { RunPanel } from './RunPanel';
import { SnapshotPanel } from './SnapshotPanel';
import { openTraining } from './trainingActions';
import { followTraining } from './trainingEvents';
import { trainingStore, useTraining } from './trainingStore';
import './training.css';

function LiveCurves(): React.JSX.Element {
  const curves = useTraining((s) => s.curves);
  const [logLoss, setLogLoss] = useState(false);
  return (
    <section className="training-card" aria-labelledby="curves-heading">
      <div className="run-head">
        <h2 id="curves-heading">Curves</h2>
        <label className="check">
          <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.target.checked)} />
          log-scale loss
        </label>
      </div>
      <div className="training-curves">
        <CurvePlot curves={curves.loss} title="Loss" yTitle="loss" testId="training-loss-plot" logY={logLoss} emptyText="Loss curves appear after the first epoch." />
        <CurvePlot curves={curves.metrics} title="Metrics" yTitle="value" testId="training-metrics-plot" emptyText="Validation metrics appear after the first epoch." />
      </div>
    </section>
  );
}

function TrainingConsole(): React.JSX.Element {
  const revision = useTraining((s) => s.consoleRevision);
  return (
    <section className="training-card" aria-labelledby="console-heading">
      <h2 id="console-heading">Console</h2>
      <ConsoleView buffer={trainingStore.console} revision={revision} label="Training console" testId="training-console" />
    </section>
  );
}

export function TrainingPage(): React.JSX.Element {
  const api = useApi();
  const go = useNav((s) => s.go);
  const error = useTraining((s) => s.error);
  const hasRun = useTraining((s) => s.run !== null);

  useEffect(() => {
    followTraining(trainingStore, api);
    void openTraining(trainingStore, api);
  }, [api]);

  return (
    <section className="training" data-testid="training-page">
      <div className="training-title">
        <h1>Training</h1>
        <span className="spacer" />
        <PythonSetup />
      </div>
      {error && (
        <p className="error" role="alert" data-testid="training-error">
          {error}
        </p>
      )}
      <div className="training-setup">
        <SnapshotPanel />
        <ParamsPanel />
      </div>
      <RunPanel onShowRuns={() => go('runs')} />
      {hasRun ? (
        <>
          <LiveCurves />
          <TrainingConsole />
        </>
      ) : (
        <p className="muted">No run followed yet. Training reads the snapshot&apos;s confirmed labels; check Python and torch with “Set up Python” or under Settings → Check installation.</p>
      )}
    </section>
  );
}
