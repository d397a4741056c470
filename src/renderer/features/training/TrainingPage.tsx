/** Training runs (PyTorch in python-bridge/) will be started and followed here. */
export function TrainingPage(): React.JSX.Element {
  return (
    <section>
      <h1>Training</h1>
      <p className="muted">No training runs yet. Training needs labelled files; check Python and torch under Settings → Check installation.</p>
    </section>
  );
}
