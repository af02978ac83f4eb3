import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../src/env';
import { tempDir } from '../helpers/tmp';

const KEYS = ['ENV_FILE', 'PLANBOT_TEST_FROM_FILE', 'PLANBOT_TEST_BOTH'];

afterEach(() => {
  for (const k of KEYS) delete process.env[k];
});

describe('the .env file', () => {
  it('fills the environment, without overriding what is already set', () => {
    const file = join(tempDir(), '.env');
    writeFileSync(file, '# secrets\nPLANBOT_TEST_FROM_FILE=từ tệp\nPLANBOT_TEST_BOTH=tệp\n');
    process.env.ENV_FILE = file;
    process.env.PLANBOT_TEST_BOTH = 'môi trường';
    loadEnvFile();
    expect(process.env.PLANBOT_TEST_FROM_FILE).toBe('từ tệp');
    expect(process.env.PLANBOT_TEST_BOTH).toBe('môi trường');
  });

  it('is skipped when ENV_FILE is empty or the file does not exist', () => {
    const file = join(tempDir(), '.env');
    writeFileSync(file, 'PLANBOT_TEST_FROM_FILE=x\n');
    process.env.ENV_FILE = '';
    loadEnvFile();
    process.env.ENV_FILE = join(tempDir(), 'none.env');
    loadEnvFile();
    expect(process.env.PLANBOT_TEST_FROM_FILE).toBeUndefined();
  });
});

describe('.env.example', () => {
  it('lists every variable of the configuration schema', () => {
    const root = join(import.meta.dirname, '../..');
    const schema = readFileSync(join(root, 'src/config.ts'), 'utf8');
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const keys = [...schema.matchAll(/^ +([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] ?? '');
    expect(keys.length).toBe(32);
    expect(keys.filter((k) => !new RegExp(`^${k}=`, 'm').test(example))).toEqual([]);
  });
});
