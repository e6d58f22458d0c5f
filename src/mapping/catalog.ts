// Where mappings come from: the defaults shipped in src/mapping/defaults/, and per integration an optional folder
// (`integrations[].mappings`) whose files replace the defaults of the same name (and may add new ones).
// Each mapping is read and compiled once per integration, then cached.
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, ValidationError } from '../core/errors.ts';
import { CompiledMapping } from './engine.ts';
import { MAPPING_NAME, includedMappings, parseMappingFile, type MappingFile } from './mapping-file.ts';

export const DEFAULT_MAPPINGS_DIR = fileURLToPath(new URL('./defaults/', import.meta.url));

export interface MappingSource {
  name: string;
  path: string;
  origin: 'default' | 'override';
}

export interface MappingCatalogOptions {
  /** The shipped defaults (tests may point elsewhere). */
  defaultsDir?: string;
  /** integration id → its override folder. */
  overrides?: Readonly<Record<string, string | undefined>>;
}

/** Reads and compiles one mapping file; the mappings its children use are read from the same folder. */
export async function loadMappingFile(path: string): Promise<CompiledMapping> {
  const file = parseMappingFile(await readFile(path, 'utf8'), path);
  const dir = dirname(path);
  const includes = await readIncludes(file, async (name) => {
    const candidate = join(dir, `${name}.yaml`);
    return existsSync(candidate) ? candidate : undefined;
  });
  return new CompiledMapping(file, path, includes);
}

/** Compiles a mapping given as YAML text (tests, the dashboard's editor); `includes` holds the texts its children use. */
export function mappingFromText(
  text: string,
  origin = '<text>',
  includes: Record<string, string> = {},
): CompiledMapping {
  const files = new Map<string, MappingFile>();
  for (const [name, body] of Object.entries(includes)) files.set(name, parseMappingFile(body, name));
  return new CompiledMapping(parseMappingFile(text, origin), origin, files);
}

/** Reads, transitively, the mapping files `file` includes; `locate` gives a name's path (undefined: not found). */
async function readIncludes(
  file: MappingFile,
  locate: (name: string) => Promise<string | undefined>,
): Promise<Map<string, MappingFile>> {
  const out = new Map<string, MappingFile>();
  const pending = includedMappings(file);
  while (pending.length) {
    const name = pending.pop()!;
    if (out.has(name) || name === file.mapping) continue;
    const path = await locate(name);
    if (path === undefined) continue; // compile reports the missing mapping with the rule that names it
    const included = parseMappingFile(await readFile(path, 'utf8'), path);
    out.set(name, included);
    pending.push(...includedMappings(included));
  }
  return out;
}

function mappingFilesIn(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)) {
    const m = /^(.+)\.ya?ml$/.exec(file);
    if (m && MAPPING_NAME.test(m[1]!)) out.set(m[1]!, join(dir, file));
  }
  return out;
}

export class MappingCatalog {
  private readonly defaultsDir: string;
  private readonly overrides: Readonly<Record<string, string | undefined>>;
  private readonly cache = new Map<string, Promise<CompiledMapping>>();

  constructor(options: MappingCatalogOptions = {}) {
    this.defaultsDir = options.defaultsDir ?? DEFAULT_MAPPINGS_DIR;
    this.overrides = options.overrides ?? {};
  }

  /** A catalog for a configuration: each integration's `mappings` folder, resolved against `baseDir`. */
  static fromConfig(
    config: { integrations: readonly { id: string; mappings?: string | undefined }[] },
    baseDir = process.cwd(),
  ): MappingCatalog {
    const overrides: Record<string, string> = {};
    for (const integration of config.integrations)
      if (integration.mappings) overrides[integration.id] = resolve(baseDir, integration.mappings);
    return new MappingCatalog({ overrides });
  }

  /** The files that make up an integration's mappings (overrides win), by name. */
  sources(integrationId?: string): MappingSource[] {
    const byName = new Map<string, MappingSource>();
    for (const [name, path] of mappingFilesIn(this.defaultsDir)) byName.set(name, { name, path, origin: 'default' });
    const dir = integrationId === undefined ? undefined : this.overrides[integrationId];
    if (dir !== undefined) {
      if (!existsSync(dir))
        throw new UsageError(
          `the mappings folder ${dir} of integration ${integrationId} does not exist`,
          'create it or fix integrations[].mappings',
        );
      for (const [name, path] of mappingFilesIn(dir)) byName.set(name, { name, path, origin: 'override' });
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The compiled mapping `name` for an integration (`undefined`: the defaults only). */
  get(integrationId: string | undefined, name: string): Promise<CompiledMapping> {
    const key = `${integrationId ?? ''}\u0000${name}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.load(integrationId, name);
      this.cache.set(key, hit);
      hit.catch(() => this.cache.delete(key)); // a fixed file is read again next time
    }
    return hit;
  }

  /** Every mapping of an integration, compiled. */
  async all(integrationId?: string): Promise<CompiledMapping[]> {
    return Promise.all(this.sources(integrationId).map((s) => this.get(integrationId, s.name)));
  }

  private async load(integrationId: string | undefined, name: string): Promise<CompiledMapping> {
    const source = this.sources(integrationId).find((s) => s.name === name);
    if (!source) {
      const known = this.sources(integrationId)
        .map((s) => s.name)
        .join(', ');
      throw new UsageError(`no mapping named ${name}`, `known mappings: ${known}`);
    }
    const sources = this.sources(integrationId);
    const file = parseMappingFile(await readFile(source.path, 'utf8'), source.path);
    // included mappings come from the same integration's set, so an override of order-line applies inside order
    const includes = await readIncludes(file, async (included) => sources.find((s) => s.name === included)?.path);
    const mapping = new CompiledMapping(file, source.path, includes);
    if (mapping.name !== name) {
      throw new ValidationError(`mapping file ${source.path} declares mapping: ${mapping.name}`, [
        {
          field: 'mapping',
          reason: `the file name says ${name}; a file replaces the default of its own name, so make them agree`,
        },
      ]);
    }
    return mapping;
  }
}
