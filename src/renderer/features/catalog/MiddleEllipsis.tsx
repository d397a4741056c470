/**
 * A name cut in the middle when it does not fit (`E00401009F45C395_114…_ST_1846_18.xls`), whole in its tooltip.
 * Pure CSS (app.css `.mid-ellipsis`): the head shrinks with an ellipsis, the tail always shows, so it adapts to
 * any width without measuring, and the element's text stays the whole name.
 */
import { splitMiddle } from '../../../shared/text/middleEllipsis';

export function MiddleEllipsis({ text, tailChars, className, testId }: { text: string; tailChars?: number; className?: string; testId?: string }): React.JSX.Element {
  const { head, tail } = splitMiddle(text, tailChars);
  return (
    <span className={`mid-ellipsis${className ? ` ${className}` : ''}`} title={text} data-testid={testId}>
      <span className="mid-head">{head}</span>
      {tail && <span className="mid-tail">{tail}</span>}
    </span>
  );
}
