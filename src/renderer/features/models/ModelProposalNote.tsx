/** One line in the annotation side bar: what the active model did for the open file. */
import { useEffect } from 'react';
import type { AppApi } from '../../../shared/api/contract';
import { fileProposalsStore, fileProposalsText, proposeForFile, useFileProposals } from './fileProposals';

/** Pre-annotates each file the view opens (see fileProposals.ts). */
export function useModelProposals(api: AppApi, fileId: number | null): void {
  useEffect(() => {
    if (fileId !== null) void proposeForFile(fileProposalsStore, api, fileId);
  }, [api, fileId]);
}

export function ModelProposalNote(): React.JSX.Element | null {
  const text = useFileProposals(fileProposalsText);
  const failed = useFileProposals((s) => s.phase === 'failed');
  if (!text) return null;
  return (
    <p className={`small ${failed ? 'warn' : 'muted'}`} data-testid="model-proposal-note" role="status">
      {text}
    </p>
  );
}
