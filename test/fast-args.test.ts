import { describe, expect, it } from 'vitest';
import { parseGenerateArgs } from '../src/cli/fast-args.js';

const defaults = {
  specs: undefined,
  input: undefined,
  output: undefined,
  name: undefined,
  config: undefined,
  check: false,
  watch: false,
  cache: true,
  force: false,
  allowRemoteRefs: false,
  allowOutsideRefs: false,
  strict: false,
};

describe('parseGenerateArgs (the CLI lines parsed without yargs)', () => {
  it('gives what yargs gives for the everyday lines', () => {
    expect(parseGenerateArgs([])).toEqual(defaults);
    expect(parseGenerateArgs(['generate', '--no-cache', '--force'])).toEqual({ ...defaults, cache: false, force: true });
    expect(parseGenerateArgs(['-i', 'a.yaml', 'b.yaml', '-o', 'out', '--name', 'x'])).toEqual({
      ...defaults,
      input: ['a.yaml', 'b.yaml'],
      output: 'out',
      name: 'x',
    });
    expect(parseGenerateArgs(['s.yaml', '-i', 'a.yaml', '-o', 'out', 'c.yaml'])).toEqual({
      ...defaults,
      specs: ['s.yaml', 'c.yaml'],
      input: ['a.yaml'],
      output: 'out',
    });
    expect(parseGenerateArgs(['--check', 'generate', '-c', 'x.json', '--strict', '--allow-remote-refs', '--allow-outside-refs', '-w'])).toEqual({
      ...defaults,
      check: true,
      config: 'x.json',
      strict: true,
      allowRemoteRefs: true,
      allowOutsideRefs: true,
      watch: true,
    });
    expect(parseGenerateArgs(['--output=dist/api', '--input=spec.json'])).toEqual({ ...defaults, output: 'dist/api', input: ['spec.json'] });
  });

  it('leaves everything else to yargs', () => {
    for (const line of [
      ['--help'],
      ['--version'],
      ['init'],
      ['--json', 'init'],
      ['--bogus'],
      ['-o', 'a', '-o', 'b'],
      ['--check=false'],
      ['--no-force'],
      ['--', 'x'],
      ['-i=spec.json'],
      ['-ispec.json'],
      ['--check', 'false'],
      ['-i'],
      ['--allowRemoteRefs'],
    ]) {
      expect(parseGenerateArgs(line), line.join(' ')).toBeUndefined();
    }
  });
});
