// `bridge mappings check`: compile every mapping and check it against the Odoo schemas of 17, 18 and 19 and the
// Clarity contract, offline. `bridge mappings preview <mapping> <record.json>`: the output (or the problems) for one
// record, with `--diff` against a stored target record. `bridge mappings list`: where each mapping comes from.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { configPath } from '../../config/load.ts';
import { UsageError, ValidationError } from '../../core/errors.ts';
import {
  CHECKED_VERSIONS,
  MappingCatalog,
  checkMappings,
  lookupsFromTables,
  type MappingCheck,
} from '../../mapping/index.ts';
import { clarityShape } from '../../mapping/clarity-shapes.ts';
import type { SideRef } from '../../mapping/mapping-file.ts';
import { suggestMappingYaml, suggestRules } from '../../mapping/suggest.ts';
import { odooSchema, type OdooVersion } from '../../connectors/odoo/fields.ts';
import { odooLookupResolver } from '../../flows/lookup-resolver.ts';
import { clarityRecordPath, storedClarityRecord, storedOdooRecord } from '../../mapping/stored-record.ts';
import { odooConnectorFromConfig, type OdooConnector } from '../../connectors/odoo/index.ts';
import { clarityClientFromSettings, type ClarityClient } from '../../connectors/clarity/client.ts';
import { configFrom, flagsOf } from '../context.ts';
import { group } from '../group.ts';
import { printJson, printTable } from '../output.ts';

interface CatalogChoice {
  catalog: MappingCatalog;
  /** The integrations to look at; `undefined` stands for the shipped defaults alone. */
  integrations: (string | undefined)[];
}

/** The config's catalog when a config file is given or found, else the shipped defaults. */
function catalogFor(command: Command, integration: string | undefined): CatalogChoice {
  const { config } = flagsOf(command);
  if (configPath(config !== undefined ? { path: config } : {}) === undefined) {
    if (integration !== undefined)
      throw new UsageError(
        `no configuration, so no integration ${integration}`,
        'pass --config <path>, or leave out --integration to use the shipped defaults',
      );
    return { catalog: new MappingCatalog(), integrations: [undefined] };
  }
  const loaded = configFrom(command);
  const ids = loaded.integrations.map((i) => i.id);
  if (integration !== undefined && !ids.includes(integration))
    throw new UsageError(`no integration ${integration} in ${loaded.source}`, `known: ${ids.join(', ') || 'none'}`);
  const catalog = MappingCatalog.fromConfig(loaded); // the config resolves mappings folders against its own directory
  return { catalog, integrations: integration !== undefined ? [integration] : ids.length ? ids : [undefined] };
}

function parseVersions(text: string | undefined): OdooVersion[] {
  if (text === undefined) return [...CHECKED_VERSIONS];
  const versions = text.split(',').map((v) => Number(v.trim()));
  for (const v of versions)
    if (![16, 17, 18, 19].includes(v))
      throw new UsageError(`unknown Odoo version "${v}"`, 'use 16, 17, 18 or 19, comma-separated');
  return versions as OdooVersion[];
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`${what} ${path} is not JSON: ${(error as Error).message}`);
  }
}

/** `--context` takes inline JSON or @file. */
function parseContext(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const value = text.startsWith('@') ? readJson(text.slice(1), 'context file') : safeParse(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError('--context must be a JSON object, e.g. \'{"partnerId": 67}\' or @context.json');
  return value as Record<string, unknown>;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`--context is not JSON: ${text}`, 'give a JSON object, or @file.json');
  }
}

export function register(program: Command): void {
  const mappings = group(program, 'mappings', 'Check and preview the field mappings');

  mappings
    .command('check')
    .description(
      'Compile every mapping and check each field against the Odoo 17/18/19 schemas and the Clarity contract (offline)',
    )
    .option(
      '--integration <id>',
      'only this integration (default: all in the config, or the shipped defaults without one)',
    )
    .option('--odoo-versions <list>', 'Odoo versions to check, comma-separated', CHECKED_VERSIONS.join(','))
    .option('--json', 'print JSON')
    .action(async (_f: object, command: Command) => {
      const flags = flagsOf<{ integration?: string; odooVersions?: string }>(command);
      const versions = parseVersions(flags.odooVersions);
      const { catalog, integrations } = catalogFor(command, flags.integration);
      const results: (MappingCheck & { integration: string | null })[] = [];
      for (const integration of integrations) {
        for (const check of await checkMappings(catalog, integration, versions))
          results.push({ integration: integration ?? null, ...check });
      }
      const failed = results.filter((r) => r.problems.length > 0);
      if (failed.length) process.exitCode = 1;
      if (flags.json) return printJson({ ok: failed.length === 0, checks: results });
      for (const r of results) {
        const where = `${r.integration ? `${r.integration}: ` : ''}${r.mapping}${r.version ? ` @ Odoo ${r.version}` : ''}${r.origin === 'override' ? ` (${r.path})` : ''}`;
        if (r.problems.length === 0) console.log(`ok    ${where}`);
        else {
          console.log(`FAIL  ${where}`);
          for (const p of r.problems) console.log(`        ${p.field}: ${p.reason}`);
        }
      }
      const mappingsChecked = new Set(results.map((r) => `${r.integration}:${r.mapping}`)).size;
      console.log(
        failed.length
          ? `${failed.length} check(s) failed`
          : `all ${mappingsChecked} mappings pass for Odoo ${versions.join(', ')}`,
      );
    });

  mappings
    .command('list')
    .description('The mappings in use and where each comes from (shipped default or integration override)')
    .option('--integration <id>', 'the integration whose overrides apply')
    .option('--json', 'print JSON')
    .action(async (_f: object, command: Command) => {
      const flags = flagsOf<{ integration?: string }>(command);
      const { catalog, integrations } = catalogFor(command, flags.integration);
      const rows = [];
      for (const integration of integrations) {
        for (const m of await catalog.all(integration)) {
          rows.push({
            integration: integration ?? '',
            mapping: m.name,
            source: m.source,
            target: m.target,
            lookups: m.lookupKinds().join(' '),
            file: m.origin,
          });
        }
      }
      if (flags.json) return printJson(rows);
      printTable(
        rows.map((r) => ({
          ...r,
          source: Object.entries(r.source).flat().join(':'),
          target: Object.entries(r.target).flat().join(':'),
        })),
        ['integration', 'mapping', 'source', 'target', 'lookups'],
      );
    });

  mappings
    .command('suggest <source> <target>')
    .description(
      'Draft a mapping from the two schemas (e.g. suggest clarity:Contact odoo:res.partner), to review and edit',
    )
    .option('--name <mapping>', 'the mapping name to write in the draft', 'draft.clarity-to-odoo')
    .option('--min-confidence <n>', 'leave out suggestions below this (0..1)', '0.5')
    .option('--json', 'print JSON')
    .action(async (sourceText: string, targetText: string, _f: object, command: Command) => {
      const flags = flagsOf<{ name: string; minConfidence: string }>(command);
      const source = parseSide(sourceText);
      const target = parseSide(targetText);
      const threshold = Number(flags.minConfidence);
      if (!(threshold >= 0 && threshold <= 1)) throw new UsageError('--min-confidence must be a number from 0 to 1');
      if (flagsOf(command).json) return printJson(suggestRules(source, target, threshold));
      process.stdout.write(suggestMappingYaml(flags.name, source, target, threshold));
    });

  mappings
    .command('preview <mapping> <record>')
    .description('Map one record (a JSON file, or - for stdin) and print the output or the problems')
    .option('--integration <id>', "use this integration's overrides (and its Odoo/Clarity for --resolve and --diff)")
    .option('--odoo-version <n>', "the Odoo version to map for (default: the server's when it is contacted, else 17)")
    .option('--mode <mode>', 'create or update', 'create')
    .option('--context <json>', 'context values, as JSON or @file.json (e.g. \'{"partnerId": 67}\')')
    .option('--lookups <file>', 'resolved lookups as JSON {kind: {key: value}}; without it lookups show as <kind:key>')
    .option('--resolve', "resolve the lookups against the integration's Odoo")
    .option(
      '--diff <stored>',
      'print only what would change against the stored record: a JSON file, odoo:<id> or clarity:<ID>',
    )
    .option('--json', 'print JSON')
    .action(async (name: string, recordPath: string, _f: object, command: Command) => {
      const flags = flagsOf<{
        integration?: string;
        odooVersion?: string;
        mode: string;
        context?: string;
        lookups?: string;
        resolve?: boolean;
        diff?: string;
      }>(command);
      if (flags.mode !== 'create' && flags.mode !== 'update')
        throw new UsageError(`--mode must be create or update, not ${flags.mode}`);
      if (flags.resolve && flags.lookups !== undefined) throw new UsageError('give --lookups or --resolve, not both');
      const live = flags.resolve === true || /^(odoo|clarity):/.test(flags.diff ?? '');
      const { catalog, integrations } = catalogFor(command, flags.integration);
      let mapping;
      try {
        mapping = await catalog.get(integrations[0], name);
      } catch (error) {
        if (error instanceof ValidationError)
          throw new UsageError(error.message, 'run `bridge mappings check` for every problem');
        throw error;
      }
      let record = readJson(recordPath, 'record');
      // a Clarity webhook body: the record is its data
      if (record && typeof record === 'object' && 'data' in record && 'type' in record)
        record = (record as { data: unknown }).data;
      const context = parseContext(flags.context);
      const connections = live ? connectionsFor(command, integrations[0]) : undefined;
      try {
        let version: OdooVersion = flags.odooVersion !== undefined ? parseVersions(flags.odooVersion)[0]! : 17;
        const odoo = connections && (flags.resolve || flags.diff?.startsWith('odoo:')) ? connections.odoo() : undefined;
        if (odoo && flags.odooVersion === undefined) version = (await odoo.client.connect()).version;
        const versionOption = mapping.needsVersion ? { version } : {};
        const lookups =
          odoo && flags.resolve
            ? await mapping.resolve([record], odooLookupResolver(odoo), { ...versionOption, context })
            : lookupsFromTables(
                flags.lookups === undefined
                  ? {}
                  : (readJson(flags.lookups, 'lookups file') as Record<string, Record<string, unknown>>),
              );
        const placeholders = flags.lookups === undefined && !flags.resolve;
        const result = await mapping.preview(record, {
          lookups,
          placeholders,
          mode: flags.mode,
          context,
          ...versionOption,
        });
        const stored =
          flags.diff === undefined
            ? undefined
            : await storedFor(flags.diff, mapping.target, Object.keys(result.values), connections);
        const diff = stored === undefined ? undefined : diffRecords(stored, result.values);
        if (result.problems.length || Object.keys(result.unknownLookups).length) process.exitCode = 1;
        if (flagsOf(command).json)
          return printJson({
            mapping: mapping.name,
            version: mapping.needsVersion ? version : null,
            ...result,
            ...(diff ? { diff } : {}),
          });
        if (diff) {
          if (diff.length === 0) console.log('no change: the stored record already holds these values');
          for (const d of diff)
            console.log(
              d.before === undefined
                ? `+ ${d.field}: ${show(d.after)}`
                : `~ ${d.field}: ${show(d.before)} → ${show(d.after)}`,
            );
        } else {
          console.log(JSON.stringify(result.values, null, 2));
          if (Object.keys(result.extras).length) console.log(`extras: ${JSON.stringify(result.extras, null, 2)}`);
        }
        for (const [kind, keys] of Object.entries(result.unknownLookups))
          console.log(`unknown ${kind}: ${keys.join(', ')}`);
        if (result.problems.length) {
          console.log(`${result.problems.length} problem(s):`);
          for (const p of result.problems)
            console.log(
              `  ${p.field}: ${p.reason}${p.value !== undefined ? ` (source value ${show(p.value)})` : ''}${p.rule ? ` [rule ${p.rule}]` : ''}`,
            );
        }
        if (placeholders && mapping.lookupKinds().length)
          console.log(
            '(lookups not resolved: shown as <kind:key>; pass --lookups <file> or --resolve to resolve them)',
          );
      } finally {
        await connections?.close();
      }
    });
}

interface Connections {
  odoo(): OdooConnector;
  clarity(): ClarityClient;
  close(): Promise<void>;
}

/** Clients for an integration's Odoo and Clarity, made on first use (a preview may need neither, one or both). */
function connectionsFor(command: Command, integrationId: string | undefined): Connections {
  if (integrationId === undefined)
    throw new UsageError(
      '--resolve and --diff odoo:/clarity: need a configuration with an integration',
      'pass --config <path> (and --integration <id> when it has several)',
    );
  const integration = configFrom(command).integrations.find((i) => i.id === integrationId)!;
  let odoo: OdooConnector | undefined;
  let clarity: ClarityClient | undefined;
  return {
    odoo: () => (odoo ??= odooConnectorFromConfig(integration.odoo)),
    clarity: () => (clarity ??= clarityClientFromSettings(integration.clarity)),
    close: async () => {
      await Promise.all([odoo?.close(), clarity?.close()]);
    },
  };
}

/** The stored target record named by --diff: a JSON file, `odoo:<id>` or `clarity:<ID>`. */
async function storedFor(
  spec: string,
  target: SideRef,
  fields: string[],
  connections: Connections | undefined,
): Promise<Record<string, unknown>> {
  const live = /^(odoo|clarity):(.*)$/.exec(spec);
  if (!live) return readJson(spec, 'stored record') as Record<string, unknown>;
  const [, system, idText] = live as unknown as [string, 'odoo' | 'clarity', string];
  const id = Number(idText);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--diff ${spec}: expected ${system}:<numeric id>`);
  if (!(system in target))
    throw new UsageError(
      `--diff ${spec}: this mapping writes to ${'odoo' in target ? 'Odoo' : 'Clarity'}, so diff against ${'odoo' in target ? 'odoo' : 'clarity'}:<id>`,
    );
  if ('odoo' in target) {
    const stored = await storedOdooRecord(connections!.odoo().client, target.odoo, id, fields);
    if (!stored) throw new UsageError(`Odoo has no ${target.odoo} with id ${id}`);
    return stored;
  }
  if (!clarityRecordPath(target.clarity))
    throw new UsageError(`a Clarity ${target.clarity} cannot be read by id; save it to a file and pass --diff <file>`);
  return storedClarityRecord(connections!.clarity(), target.clarity, id);
}

/** `odoo:res.partner` or `clarity:Contact` → a mapping side, refusing what the repository holds no schema for. */
function parseSide(text: string): SideRef {
  const [system, name] = text.split(':', 2) as [string, string | undefined];
  if (system === 'odoo' && name && odooSchema(name, 17)) return { odoo: name };
  if (system === 'clarity' && name && clarityShape(name)) return { clarity: name };
  throw new UsageError(
    `unknown side ${JSON.stringify(text)}`,
    'write odoo:<model> (a model with a schema in src/connectors/odoo/schemas) or clarity:<shape> (e.g. clarity:SalesOrder)',
  );
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Fields whose mapped value differs from the stored one (x2many lists compared whole). */
export function diffRecords(
  stored: Record<string, unknown>,
  mapped: Record<string, unknown>,
  prefix = '',
): { field: string; before: unknown; after: unknown }[] {
  const out: { field: string; before: unknown; after: unknown }[] = [];
  for (const [key, after] of Object.entries(mapped)) {
    const before = stored[key];
    const field = prefix + key;
    const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(after) && isObject(before))
      out.push(...diffRecords(before as Record<string, unknown>, after as Record<string, unknown>, `${field}.`));
    else if (JSON.stringify(normalizeStored(before, after)) !== JSON.stringify(after))
      out.push({ field, before, after });
  }
  return out;
}

/** An Odoo many2one reads as [id, name] but is written as id: compare ids. */
function normalizeStored(before: unknown, after: unknown): unknown {
  if (
    Array.isArray(before) &&
    before.length === 2 &&
    typeof before[0] === 'number' &&
    typeof before[1] === 'string' &&
    typeof after === 'number'
  )
    return before[0];
  return before;
}
