import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isIdentifierField,
  isValueLike,
  parseBoolean,
  parseNumber,
  parseSetitecDate,
  typeValue,
} from '../../../src/shared/setitec/values';

describe('parseNumber (DOMAIN §4.12)', () => {
  it('reads comma and dot decimals, leading spaces and integers', () => {
    expect(parseNumber('-0,673')).toBe(-0.673);
    expect(parseNumber('2048,000')).toBe(2048);
    expect(parseNumber(' 21,923')).toBe(21.923);
    expect(parseNumber('0,000000')).toBe(0);
    expect(parseNumber('21.923')).toBe(21.923);
    expect(parseNumber('42949672.950')).toBe(42949672.95);
    expect(parseNumber('-0.000001')).toBe(-0.000001);
    expect(parseNumber('3287891394')).toBe(3287891394);
    expect(parseNumber('1.5e-3')).toBe(0.0015);
  });
  it('converts decimal commas on every path: short cells, long mantissas, exponents, signs and padding', () => {
    const cases: Array<[string, number]> = [
      ['-0,673', -0.673],
      [' 21,923 ', 21.923],
      ['0,049', 0.049],
      ['131074,5', 131074.5],
      [',5', 0.5],
      ['5,', 5],
      ['+3,5', 3.5],
      // More than 15 digits: past the short reader, through the general one.
      ['1234567890123,4567', Number('1234567890123.4567')],
      ['-0,0000000000000001', -1e-16],
      ['1,5e-3', 0.0015],
      ['-2,25E2', -225],
    ];
    for (const [cell, value] of cases) {
      expect(parseNumber(cell), cell).toBe(value);
      expect(parseNumber(cell.replace(',', '.')), cell).toBe(value);
    }
  });
  it('reads plain decimals exactly as Number() does, bit for bit (up to 17 digits, both separators, -0)', () => {
    // `size: 'max'` lets the digit strings reach their declared 17 and 12 characters (the default size stops
    // near 10), so the long-mantissa path is taken in a good share of the cases, with commas too.
    const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max, size: 'max' });
    let longWithComma = 0;
    let shortWithComma = 0;
    fc.assert(
      fc.property(fc.boolean(), digits(1, 17), fc.option(fc.tuple(fc.constantFrom(',', '.'), digits(1, 12))), (neg, int, frac) => {
        const s = `${neg ? '-' : ''}${int}${frac ? frac[0] + frac[1] : ''}`;
        expect(Object.is(parseNumber(s), Number(s.replace(',', '.'))), s).toBe(true);
        if (frac?.[0] === ',') {
          if (int.length + frac[1].length > 15) longWithComma++;
          else shortWithComma++;
        }
      }),
      { seed: 4, numRuns: 5000 },
    );
    expect(longWithComma).toBeGreaterThan(500);
    expect(shortWithComma).toBeGreaterThan(500);
  });
  it('reads Inf and -Inf as infinities', () => {
    expect(parseNumber('Inf')).toBe(Infinity);
    expect(parseNumber('-Inf')).toBe(-Infinity);
  });
  it('rejects text, empties and identifiers', () => {
    for (const s of ['', ' ', 'abc', '01E60D78', 'E00401009F45C395', 'NaN', '1,2,3', '1.000,5', 'V 3.1.2', '-', ',']) {
      expect(parseNumber(s), s).toBeNull();
    }
  });
});

describe('parseBoolean', () => {
  it('accepts both casings', () => {
    expect(parseBoolean('True')).toBe(true);
    expect(parseBoolean('FALSE')).toBe(false);
    expect(parseBoolean('false')).toBe(false);
    expect(parseBoolean('yes')).toBeNull();
  });
});

describe('parseSetitecDate', () => {
  it('reads the controller timestamp as local ISO without zone', () => {
    expect(parseSetitecDate('2024-05-30:04:31:01')).toEqual({ iso: '2024-05-30T04:31:01', clockUnset: false });
  });
  it('keeps ISO timestamps with zone', () => {
    expect(parseSetitecDate('2024-05-08T17:51:30Z')).toEqual({ iso: '2024-05-08T17:51:30Z', clockUnset: false });
  });
  it('flags the 1970 unset clock', () => {
    expect(parseSetitecDate('1970-01-01:06:38:39')?.clockUnset).toBe(true);
  });
  it('reads dd/mm/yyyy', () => {
    expect(parseSetitecDate('29/10/2024')).toEqual({ iso: '2024-10-29', clockUnset: false });
  });
  it('rejects impossible dates and other text', () => {
    expect(parseSetitecDate('2024-13-01:00:00:00')).toBeNull();
    expect(parseSetitecDate('32/01/2024')).toBeNull();
    expect(parseSetitecDate('hello')).toBeNull();
  });
});

describe('typeValue', () => {
  it('keeps identifier fields as strings even when numeric or exponent-like', () => {
    expect(typeValue('01E60D78', 'BOX SN')).toBe('01E60D78');
    expect(typeValue('17070141', 'Motor SN')).toBe('17070141');
    expect(typeValue('17070141', 'Head Name')).toBe('17070141');
    expect(typeValue('E00401009F45C395', 'Head TAG UID')).toBe('E00401009F45C395');
    expect(typeValue('40403910', 'BOX Customer Info')).toBe('40403910');
    expect(typeValue('5006', 'BOX STSE')).toBe('5006');
  });
  it('types numbers, Inf, booleans and dates elsewhere; empty is null', () => {
    expect(typeValue('3287891394', 'Drilling Cycle ID')).toBe(3287891394);
    expect(typeValue('Inf', 'AV (mm/tr)')).toBe(Infinity);
    expect(typeValue('TRUE', 'Module Disable')).toBe(true);
    expect(typeValue('False', 'Cycle OK')).toBe(false);
    expect(typeValue('01/01/2016', 'BOX Production Date')).toBe('2016-01-01');
    expect(typeValue('', 'BOX STSE')).toBeNull();
    expect(typeValue('   ', 'Comment')).toBeNull();
    expect(typeValue('V 3.2.5', 'BOX Firmware Version')).toBe('V 3.2.5');
  });
  it('classifies label and value cells', () => {
    expect(isValueLike('Step Nb')).toBe(false);
    expect(isValueLike('0,000')).toBe(true);
    expect(isValueLike('Inf')).toBe(true);
    expect(isValueLike('TRUE')).toBe(true);
    expect(isValueLike('2021-11-11:13:30:29')).toBe(true);
    expect(isValueLike('Information')).toBe(false);
    expect(isIdentifierField('Motor Name')).toBe(true);
    expect(isIdentifierField('Motor M2 Ratio')).toBe(false);
  });
});
