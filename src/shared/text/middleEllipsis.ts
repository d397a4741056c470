/**
 * Long names with the ellipsis in the middle: hole identities differ at their end (`…_ST_1846_18.xls`) as much
 * as at their start (the head's serial number), so cutting only the end makes every row look the same.
 * `splitMiddle` gives the two parts for a CSS middle ellipsis (the head shrinks with `text-overflow`, the tail
 * always shows, and the text stays whole for copying, search and tests); `middleEllipsis` cuts to a character
 * budget where no layout is at hand (tooltips, plain text).
 */

/** Where a tail may start: after these, the name's next part begins. */
const SEPARATOR = /[_\-. ]/;

/**
 * Split `text` into a head (may be cut) and a tail of about `tailChars` characters that starts at a separator
 * when one is near (`_ST_1846_18.xls`, not `Q_ST_1846_18.xls`). A text not longer than the tail is all head.
 */
export function splitMiddle(text: string, tailChars = 16): { head: string; tail: string } {
  if (tailChars <= 0 || text.length <= tailChars) return { head: text, tail: '' };
  const cut = text.length - tailChars;
  // The first separator in the first half of the would-be tail; the tail keeps at least half its length.
  const window = text.slice(cut, cut + Math.ceil(tailChars / 2));
  const at = window.search(SEPARATOR);
  const start = at < 0 ? cut : cut + at;
  return { head: text.slice(0, start), tail: text.slice(start) };
}

/** `text` in at most `max` characters, the cut in the middle marked with '…'. */
export function middleEllipsis(text: string, max: number, tailChars = 16): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  const room = max - 1;
  let { tail } = splitMiddle(text, tailChars);
  // The tail may take at most half of what is left, so the head (the serial number) shows too.
  const tailRoom = Math.floor(room / 2);
  if (tail.length === 0 || tail.length > tailRoom) tail = text.slice(text.length - tailRoom);
  return `${text.slice(0, room - tail.length)}…${tail}`;
}
