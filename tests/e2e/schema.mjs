// The page summary's JSON Schema (schema/summary.schema.json), compiled once for the tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './harness.mjs';

const ajv = new Ajv({ allErrors: true, strict: false });
export const validateSummary = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'summary.schema.json'), 'utf8')));

export function assertValid(s) {
  assert.ok(validateSummary(s), JSON.stringify(validateSummary.errors?.slice(0, 5)));
}
