import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShellOptions } from './options';

const fallback = '/home/u/.config/clinic/practice';

describe('parseShellOptions', () => {
  it('uses the default folder when nothing is given', () => {
    expect(parseShellOptions(['.'], {}, fallback)).toEqual({ dataDir: fallback, dataDirChosen: false });
  });
  it('takes CLINIC_DATA_DIR, and --data-dir over it, in both spellings', () => {
    expect(parseShellOptions([], { CLINIC_DATA_DIR: '/env/dir' }, fallback).dataDir).toBe('/env/dir');
    expect(parseShellOptions(['--data-dir', '/arg/dir'], { CLINIC_DATA_DIR: '/env/dir' }, fallback)).toEqual({
      dataDir: '/arg/dir',
      dataDirChosen: true,
    });
    expect(parseShellOptions(['--data-dir=/eq/dir'], {}, fallback).dataDir).toBe('/eq/dir');
  });
  it('resolves a relative folder and ignores an empty env variable', () => {
    expect(parseShellOptions(['--data-dir', 'rel'], {}, fallback).dataDir).toBe(path.resolve('rel'));
    expect(parseShellOptions([], { CLINIC_DATA_DIR: '' }, fallback).dataDirChosen).toBe(false);
  });
  it('refuses --data-dir without a folder', () => {
    expect(() => parseShellOptions(['--data-dir'], {}, fallback)).toThrow(/needs a folder/);
    expect(() => parseShellOptions(['--data-dir', '--inspect'], {}, fallback)).toThrow(/needs a folder/);
    expect(() => parseShellOptions(['--data-dir='], {}, fallback)).toThrow(/needs a folder/);
  });
});
