/** Folder tree of the catalog; clicking a folder filters the table to it (and its subfolders). */
import { useMemo, useState } from 'react';
import { catalogStore, setFilter, useCatalog } from '../../state/catalogStore';
import { folderTree, type FolderNode } from './catalogModel';

function Node({ node, depth, selected }: { node: FolderNode; depth: number; selected: string | null }): React.JSX.Element {
  const [open, setOpen] = useState(depth < 3);
  const isSel = selected === node.path;
  return (
    <li role="treeitem" aria-expanded={node.children.length ? open : undefined} aria-selected={isSel}>
      <div className={`tree-row${isSel ? ' selected' : ''}`} style={{ paddingLeft: 4 + depth * 12 }}>
        {node.children.length ? (
          <button type="button" className="twisty" aria-label={open ? `Collapse ${node.name}` : `Expand ${node.name}`} onClick={() => setOpen(!open)}>
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="twisty" />
        )}
        <button type="button" className="tree-label" title={node.path} onClick={() => setFilter(catalogStore, { folder: isSel ? null : node.path })}>
          {node.name}
        </button>
        <span className="muted small" title={`${node.unlabelled} of ${node.total} unlabelled`}>
          {node.total - node.unlabelled}/{node.total}
        </span>
      </div>
      {open && node.children.length > 0 && (
        <ul role="group">
          {node.children.map((c) => (
            <Node key={c.path} node={c} depth={depth + 1} selected={selected} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function FolderTree(): React.JSX.Element {
  const files = useCatalog((s) => s.files);
  const selected = useCatalog((s) => s.filter.folder);
  const tree = useMemo(() => folderTree(files), [files]);
  return (
    <nav className="folder-tree" aria-label="Folders">
      <div className="tree-head">
        <strong>Folders</strong>
        {selected && (
          <button type="button" className="link" onClick={() => setFilter(catalogStore, { folder: null })}>
            all
          </button>
        )}
      </div>
      {tree ? (
        <ul role="tree" aria-label="Folder tree">
          <Node node={tree} depth={0} selected={selected} />
        </ul>
      ) : (
        <p className="muted small">No folders yet.</p>
      )}
    </nav>
  );
}
