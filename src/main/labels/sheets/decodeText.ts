/**
 * Bytes of a CSV or JSON file as text. UTF-8 (with or without the byte-order mark Excel writes) is tried
 * first; bytes that are not valid UTF-8 are read as Latin-1 (Windows-1252 in practice), which is what Excel
 * writes for "CSV" in western locales. Latin-1 decodes every byte, so this never fails.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

export function decodeText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'latin1' } {
  let text: string;
  let encoding: 'utf-8' | 'latin1' = 'utf-8';
  try {
    text = utf8.decode(bytes);
  } catch {
    text = latin1.decode(bytes);
    encoding = 'latin1';
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
}
