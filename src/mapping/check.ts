// `bridge mappings check`, offline: compile every mapping and check each field it writes (and reads) against the
// schemas kept in the repository, for every Odoo version asked for: Odoo's real fields_get through the connector's
// version map, and the Clarity contract's shapes.
import { ValidationError, type FieldProblem } from '../core/errors.ts';
import type { OdooVersion } from '../connectors/odoo/fields.ts';
import type { MappingCatalog } from './catalog.ts';
import { CompiledMapping } from './engine.ts';

export const CHECKED_VERSIONS: readonly OdooVersion[] = [17, 18, 19];

export interface MappingCheck {
  mapping: string;
  path: string;
  origin: 'default' | 'override';
  /** The Odoo version checked (undefined for a mapping with no Odoo side). */
  version: OdooVersion | undefined;
  problems: FieldProblem[];
}

/** Checks one compiled mapping for one version. */
export function checkMapping(mapping: CompiledMapping, version: OdooVersion | undefined): FieldProblem[] {
  try {
    const program = mapping.program(version);
    return [...program.versionProblems, ...program.sourceProblems];
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
}

/** Every mapping of an integration (or the shipped defaults) against every version. */
export async function checkMappings(
  catalog: MappingCatalog,
  integrationId?: string,
  versions: readonly OdooVersion[] = CHECKED_VERSIONS,
): Promise<MappingCheck[]> {
  const out: MappingCheck[] = [];
  for (const source of catalog.sources(integrationId)) {
    let mapping: CompiledMapping;
    try {
      mapping = await catalog.get(integrationId, source.name);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      out.push({
        mapping: source.name,
        path: source.path,
        origin: source.origin,
        version: undefined,
        problems: error.problems,
      });
      continue;
    }
    for (const version of mapping.needsVersion ? versions : [undefined]) {
      out.push({
        mapping: source.name,
        path: source.path,
        origin: source.origin,
        version,
        problems: checkMapping(mapping, version),
      });
    }
  }
  return out;
}
