/**
 * Save bytes or text the back end made as a file, the way a browser and Electron both understand: a Blob,
 * an object URL and a temporary <a download>. Following a download link is not a fetch, so the CSP's
 * connect-src and default-src have no say; Electron hands it to the session's download handling.
 */
import type { Download } from './sheetsModel';

/**
 * How long the object URL outlives the click. Chromium reads the Blob when the download starts, but not
 * necessarily within the click's task; a minute is far more than it needs and frees the memory soon after.
 */
const REVOKE_AFTER_MS = 60_000;

export function saveDownload(download: Download, doc: Document = document): void {
  // A copy into a plain ArrayBuffer: BlobPart rejects views over a SharedArrayBuffer.
  const part = typeof download.data === 'string' ? download.data : new Uint8Array(download.data);
  const url = URL.createObjectURL(new Blob([part], { type: download.mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = download.fileName;
  a.hidden = true;
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}
