/** ONNX models trained here or pulled from MLflow will be listed here. */
export function ModelsPage(): React.JSX.Element {
  return (
    <section>
      <h1>Models</h1>
      <p className="muted">No models in this catalog yet.</p>
    </section>
  );
}
