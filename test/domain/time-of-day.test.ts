import { describe, expect, it } from 'vitest';
import { looksLikeTime, parseTimeOfDay } from '../../src/domain/time-of-day';

// The union of what schedules ("every friday 4:30 pm …") and the digest time ("digest 8am") accept.
describe('parseTimeOfDay', () => {
  it.each([
    ['9:00', 9, 0],
    ['09:00', 9, 0],
    ['8:45', 8, 45],
    ['08:45', 8, 45],
    ['16:00', 16, 0],
    ['17:30', 17, 30],
    ['0:00', 0, 0],
    ['23:59', 23, 59],
    ['7am', 7, 0],
    ['8am', 8, 0],
    ['1AM', 1, 0],
    ['12am', 0, 0],
    ['12pm', 12, 0],
    ['4:30pm', 16, 30],
    ['4:30 pm', 16, 30],
    ['4:30PM', 16, 30],
    ['12:59am', 0, 59],
    [' 8:45 ', 8, 45],
  ])('%j → %i:%i', (text, hour, minute) => {
    expect(parseTimeOfDay(text)).toEqual({ hour, minute });
  });

  it.each([
    ['', 'empty'],
    ['9', 'a bare number'],
    ['16', 'a bare number'],
    ['24:00', 'past the day'],
    ['25:00', 'past the day'],
    ['9:75', 'no such minute'],
    ['9:0', 'one-digit minutes'],
    ['9:000', 'three-digit minutes'],
    ['100:00', 'three-digit hour'],
    ['0am', 'no hour 0 on a 12-hour clock'],
    ['13pm', 'no hour 13 on a 12-hour clock'],
    ['11:60pm', 'no such minute'],
    ['9a', 'half a meridiem'],
    ['9.00', 'a dot'],
    ['9:00,', 'a trailing comma'],
    ['am', 'no hour'],
    ['noon', 'a word'],
  ])('refuses %j (%s)', (text) => {
    expect(parseTimeOfDay(text)).toBeUndefined();
  });
});

describe('looksLikeTime', () => {
  it.each([
    ['9:00', true],
    ['4pm', true],
    ['25:00', true],
    ['9:75', true],
    ['13pm', true],
    ['9', false],
    ['15', false],
    ['friday', false],
    ['9:00,', false],
  ])('%j → %s', (text, shaped) => {
    expect(looksLikeTime(text)).toBe(shaped);
  });
});
