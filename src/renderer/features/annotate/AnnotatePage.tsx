/** Placeholder replaced by the annotation workspace (issue 4). */
import { useNav } from '../../state/navStore';

export function AnnotatePage(): React.JSX.Element {
  const fileId = useNav((s) => s.openFileId);
  return (
    <section>
      <h1>Annotate</h1>
      <p className="muted">{fileId === null ? 'Open a file from the Catalog.' : `File ${fileId}`}</p>
    </section>
  );
}
