// The mapping engine's public surface (flows, CLI, dashboard import from here).
export {
  MappingCatalog,
  DEFAULT_MAPPINGS_DIR,
  loadMappingFile,
  mappingFromText,
  type MappingCatalogOptions,
  type MappingSource,
} from './catalog.ts';
export {
  CompiledMapping,
  type ApplyOptions,
  type MappingOutcome,
  type MappingResult,
  type PreviewResult,
} from './engine.ts';
export { checkMapping, checkMappings, CHECKED_VERSIONS, type MappingCheck } from './check.ts';
export {
  LOOKUP_KINDS,
  isLookupKind,
  mergeNeeds,
  resolveLookups,
  tableResolver,
  lookupsFromTables,
  type LookupKind,
  type LookupNeeds,
  type LookupResolver,
  type Lookups,
} from './resolver.ts';
export { LookupMiss } from './resolver.ts';
export { cachedResolver, type CachedLookupResolver, type LookupCacheOptions } from './lookup-cache.ts';
export { CLARITY_SHAPES, clarityShape, type ClarityShape, type ClarityField } from './clarity-shapes.ts';
export { parseMappingFile, type MappingFile, type RuleSpec, type SideRef } from './mapping-file.ts';
export { LookupPlaceholder } from './validate.ts';
export { suggestRules, suggestMappingYaml, type Suggestion } from './suggest.ts';
