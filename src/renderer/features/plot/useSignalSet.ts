/**
 * The open file's signals, into the downsampling worker: fetched in the catalog's compact form (about a
 * quarter of Float64's bytes on the wire), their bytes transferred to the worker, which decodes them there,
 * off the UI thread. The UI thread keeps only the depth column the worker sends back (index-mode mapping).
 * Leaving the file cancels a load still under way and frees what the worker holds for it.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { AppApi } from '../../../shared/api/contract';
import { annotateStore } from '../../state/annotateStore';
import { downsampleClient } from './downsampleClient';

/** Loads the file's signals into the worker; returns the depth column's ref (null until loaded). */
export function useSignalSet(api: AppApi, fileId: number): RefObject<Float64Array | null> {
  const depthRef = useRef<Float64Array | null>(null);
  useEffect(() => {
    const left = new AbortController();
    const client = downsampleClient();
    const setId = String(fileId);
    depthRef.current = null;
    // Whatever the worker held for this file went with the previous view (or is about to be replaced).
    annotateStore.setState({ signalsReady: null, signalsError: null, dataExtent: null });
    void (async () => {
      try {
        const packed = await api.invoke('catalog.getSignalsPacked', { id: fileId });
        if (left.signal.aborted) return;
        performance.mark('udw:signals-received', { detail: { fileId } });
        const loaded = await client.loadPacked(setId, packed.columns, { signal: left.signal });
        if (left.signal.aborted) return;
        depthRef.current = loaded.depth;
        performance.mark('udw:signals-loaded', { detail: { fileId } });
        annotateStore.setState({ signalsReady: fileId, signalsError: null });
      } catch (err) {
        if (!left.signal.aborted) annotateStore.setState({ signalsError: err instanceof Error ? err.message : String(err) });
      }
    })();
    return () => {
      left.abort();
      void client.dispose(setId);
    };
  }, [api, fileId]);
  return depthRef;
}
