/** Placeholder replaced by the catalog browser (issue 4). */
import { useEffect, useState } from 'react';
import type { FileRow } from '../../../shared/api/catalog.contract';
import { useApi } from '../../api/ApiContext';

export function CatalogPage(): React.JSX.Element {
  const api = useApi();
  const [files, setFiles] = useState<FileRow[] | null>(null);
  useEffect(() => void api.invoke('catalog.listFiles', {}).then(setFiles), [api]);
  return (
    <section>
      <h1>Catalog</h1>
      <p>{files ? `${files.length} files` : 'Loading…'}</p>
    </section>
  );
}
