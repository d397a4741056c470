/** `udw models pull` references: NAME@ALIAS, NAME@latest, NAME/VERSION, NAME@vVERSION, models:/…, and clear refusals. */
import { describe, expect, it } from 'vitest';
import { formatModelVersionRef, parseModelVersionRef } from '../../../src/main/sync/models/modelVersionRef';

describe('parseModelVersionRef', () => {
  it('reads aliases, versions and latest', () => {
    expect(parseModelVersionRef('udw-drill@champion')).toEqual({ name: 'udw-drill', kind: 'alias', alias: 'champion' });
    expect(parseModelVersionRef('models:/udw-drill@champion')).toEqual({ name: 'udw-drill', kind: 'alias', alias: 'champion' });
    expect(parseModelVersionRef('udw-drill/3')).toEqual({ name: 'udw-drill', kind: 'version', version: '3' });
    expect(parseModelVersionRef('models:/team/udw-drill/12')).toEqual({ name: 'team/udw-drill', kind: 'version', version: '12' });
    expect(parseModelVersionRef('udw-drill@v7')).toEqual({ name: 'udw-drill', kind: 'version', version: '7' });
    expect(parseModelVersionRef('udw-drill@Latest')).toEqual({ name: 'udw-drill', kind: 'latest' });
    expect(parseModelVersionRef('me@lab@prod')).toEqual({ name: 'me@lab', kind: 'alias', alias: 'prod' });
  });

  it('writes them back the way they are typed', () => {
    for (const text of ['udw-drill@champion', 'udw-drill/3', 'udw-drill@latest']) expect(formatModelVersionRef(parseModelVersionRef(text))).toBe(text);
    expect(formatModelVersionRef(parseModelVersionRef('udw-drill@v03'))).toBe('udw-drill/3');
  });

  it('refuses what names no alias or version, saying what it expected', () => {
    expect(() => parseModelVersionRef('udw-drill')).toThrow("model 'udw-drill': no alias or version given; expected NAME@ALIAS");
    expect(() => parseModelVersionRef('@champion')).toThrow('expected NAME@ALIAS');
    expect(() => parseModelVersionRef('udw-drill@')).toThrow('expected NAME@ALIAS');
    expect(() => parseModelVersionRef('udw-drill@ch ampion')).toThrow("alias 'ch ampion' has characters MLflow does not allow");
    expect(() => parseModelVersionRef('udw-drill/x')).toThrow('no alias or version given');
  });
});
