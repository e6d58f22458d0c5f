// Table-driven tests of the mappings: src/mapping/fixtures/<folder>/<case>.json. A folder is named after a shipped
// default mapping, or holds its own mapping.yaml (to exercise rule kinds the defaults do not use). Each case gives
// the input, the context, the lookups it needs, and the expected output, problems or unknown lookup keys.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BusinessError, ValidationError, type FieldProblem } from '../core/errors.ts';
import type { OdooVersion } from '../connectors/odoo/fields.ts';
import { MappingCatalog, loadMappingFile, lookupsFromTables, type CompiledMapping } from './index.ts';

interface FixtureCase {
  description: string;
  version?: OdooVersion;
  mode?: 'create' | 'update';
  context?: Record<string, unknown>;
  /** Field groups the other side owns (left out). */
  skipGroups?: string[];
  input: unknown;
  lookups?: Record<string, Record<string, unknown>>;
  /** The keys `mapping.lookups([input])` must collect, per kind. */
  expectLookups?: Record<string, string[]>;
  expect:
    | { values: Record<string, unknown>; extras?: Record<string, unknown> }
    | { problems: { field: string; reason: string; rule?: string; value?: unknown }[] }
    | { unknownLookups: Record<string, string[]> };
}

const root = fileURLToPath(new URL('./fixtures/', import.meta.url));
const catalog = new MappingCatalog();

async function mappingFor(folder: string): Promise<CompiledMapping> {
  const own = join(root, folder, 'mapping.yaml');
  return existsSync(own) ? loadMappingFile(own) : catalog.get(undefined, folder);
}

for (const folder of readdirSync(root).sort()) {
  const cases = readdirSync(join(root, folder))
    .filter((f) => f.endsWith('.json'))
    .sort();
  describe(folder, () => {
    for (const file of cases) {
      const c = JSON.parse(readFileSync(join(root, folder, file), 'utf8')) as FixtureCase;
      it(`${file.replace(/\.json$/, '')}: ${c.description}`, async () => {
        const mapping = await mappingFor(folder);
        const options = {
          lookups: lookupsFromTables(c.lookups ?? {}),
          ...(mapping.needsVersion ? { version: c.version ?? 17 } : {}),
          ...(c.mode ? { mode: c.mode } : {}),
          ...(c.context ? { context: c.context } : {}),
          ...(c.skipGroups ? { skipGroups: c.skipGroups } : {}),
        };
        if (c.expectLookups) {
          const needs = await mapping.lookups([c.input], options);
          const collected = Object.fromEntries([...needs].map(([kind, keys]) => [kind, [...keys].sort()]));
          expect(collected).toEqual(
            Object.fromEntries(Object.entries(c.expectLookups).map(([k, v]) => [k, [...v].sort()])),
          );
        }
        const expected = c.expect;
        if ('values' in expected) {
          const result = await mapping.apply(c.input, options);
          expect(result.values).toEqual(expected.values);
          expect(result.extras).toEqual(expected.extras ?? {});
          return;
        }
        const error = await mapping.apply(c.input, options).then(
          () => undefined,
          (e: unknown) => e,
        );
        if ('unknownLookups' in expected) {
          expect(error).toBeInstanceOf(BusinessError);
          expect((error as BusinessError).details.unknownLookups).toEqual(expected.unknownLookups);
          for (const keys of Object.values(expected.unknownLookups))
            for (const key of keys) expect((error as Error).message).toContain(key);
          return;
        }
        expect(error).toBeInstanceOf(ValidationError);
        const problems = (error as ValidationError).problems;
        expect(problems.map((p) => p.field)).toEqual(expected.problems.map((p) => p.field));
        expected.problems.forEach((want, i) => {
          const got = problems[i] as FieldProblem;
          expect(got.reason).toContain(want.reason);
          if (want.rule !== undefined) expect(got.rule).toBe(want.rule);
          if ('value' in want) expect(got.value).toEqual(want.value);
        });
      });
    }
  });
}
