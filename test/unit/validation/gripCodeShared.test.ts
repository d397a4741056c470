/** V39 and the annotation readouts use one grip-code function, so they cannot disagree. */
import { describe, expect, it } from 'vitest';
import * as labels from '../../../src/shared/labels/gripCode';
import { checkGripCode, checkLabels, gripCode, GRIP_UNIT_MM } from '../../../src/shared/validation';

describe('one grip code for validation and readouts', () => {
  it('validation re-exports the labels module’s function and unit', () => {
    expect(gripCode).toBe(labels.gripCode);
    expect(GRIP_UNIT_MM).toBe(labels.GRIP_UNIT_MM);
  });

  it('V39 compares against that code, and has nothing to compare for a negative depth (V36 reports it)', () => {
    expect(checkGripCode({ entry: 0, transition: null, exit: 4.7625 }, 4)).toEqual([]);
    expect(checkGripCode({ entry: 0, transition: null, exit: 4.7625 }, 3)[0]).toMatchObject({
      ruleId: 'V39',
      message: 'grip code 3 but a total depth of 4.763 mm gives code 4',
    });
    const reversed = checkLabels({ entry: 10, transition: null, exit: 4, gripCode: 1 });
    expect(reversed.map((f) => f.ruleId)).toEqual(['V36']);
  });
});
