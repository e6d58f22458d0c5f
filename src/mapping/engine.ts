// A compiled mapping: what a flow holds and calls. Resolve, then evaluate:
//
//   const mapping = await catalog.get(integrationId, 'order.clarity-to-odoo');
//   const lookups = await mapping.resolve(orders, resolver, { version });          // one call per lookup kind
//   const { values, extras } = await mapping.apply(order, { lookups, version, context: { partnerId } });
//
// `apply` throws BusinessError for a lookup key the resolver did not know (naming it), ValidationError with every
// field problem at once when the output does not fit the target's schema, and returns values named as the target
// version wants them (Odoo concepts translated by the connector's version map).
import { BusinessError, ValidationError, type FieldProblem } from '../core/errors.ts';
import { toVersionFields, type OdooVersion } from '../connectors/odoo/fields.ts';
import { compileProgram, type EvalState, type Program, type Scope } from './compile.ts';
import { sideName, sideSystem, type MappingFile, type SideRef } from './mapping-file.ts';
import {
  LOOKUP_KINDS,
  LookupMiss,
  resolveLookups,
  type LookupNeeds,
  type LookupResolver,
  type Lookups,
} from './resolver.ts';

export interface ApplyOptions {
  /** Resolved dynamic lookups (from `resolve` or `resolveLookups`). */
  lookups?: Lookups;
  /** The Odoo version on the other side; required when the source or target is Odoo. */
  version?: OdooVersion;
  /** `update` skips `onlyOnCreate` rules and Clarity's required-on-create checks. Default `create`. */
  mode?: 'create' | 'update';
  /** Values the flow supplies, named `$name` in rules (partner ids, the store currency, ...). */
  context?: Readonly<Record<string, unknown>>;
  /** Preview: a lookup not in `lookups` yields a placeholder `<kind:key>` instead of a BusinessError. */
  placeholders?: boolean;
  /** Leave out the rules of these field groups (fields the other side owns, per the integration's systems of record). */
  skipGroups?: readonly string[];
}

export interface MappingResult {
  /** The target record: Odoo field values for `version` (x2many as commands), or a Clarity resource body. */
  values: Record<string, unknown>;
  /** The mapping's `extras:` values (e.g. the note to post on the order's chatter). */
  extras: Record<string, unknown>;
}

/** One record's outcome in `applyEach`: its result, or the typed error that record alone raised. */
export type MappingOutcome =
  { ok: true; result: MappingResult } | { ok: false; error: BusinessError | ValidationError };

export interface PreviewResult extends MappingResult {
  problems: FieldProblem[];
  unknownLookups: Record<string, string[]>;
}

const MAX_EXPRESSION_ROUNDS = 8;

export class CompiledMapping {
  readonly name: string;
  readonly source: SideRef;
  readonly target: SideRef;
  private readonly programs = new Map<number, Program>();

  constructor(
    readonly file: MappingFile,
    /** Where it was read from (a path, or `<text>`). */
    readonly origin: string,
    /** The mapping files its `children: {mapping: ...}` rules use, by name. */
    readonly includes: ReadonlyMap<string, MappingFile> = new Map(),
  ) {
    this.name = file.mapping;
    this.source = file.source;
    this.target = file.target;
    // compile once now so a broken mapping fails at load, naming every problem
    this.program(this.needsVersion ? 17 : undefined);
  }

  get needsVersion(): boolean {
    return sideSystem(this.source) === 'odoo' || sideSystem(this.target) === 'odoo';
  }

  /** The compiled closures for a version (compiled on first use, then cached). */
  program(version: OdooVersion | undefined): Program {
    const key = this.needsVersion ? (version ?? 17) : 0;
    let program = this.programs.get(key);
    if (!program) {
      const compiled = compileProgram(this.file, this.needsVersion ? (version ?? 17) : undefined, this.includes);
      if (compiled.fatal.length)
        throw new ValidationError(`mapping ${this.name} (${this.origin}) has errors`, compiled.fatal, {
          details: { mapping: this.name },
        });
      program = compiled.program;
      this.programs.set(key, program);
    }
    return program;
  }

  /** The lookup kinds this mapping may ask for. */
  lookupKinds(): string[] {
    return [...this.program(undefined).kinds].sort();
  }

  /** Field groups and the target fields (rule labels) tagged with each, e.g. {price: ['Price', 'SalePrice']}. */
  fieldGroups(): Record<string, string[]> {
    return Object.fromEntries([...this.program(undefined).groups].map(([group, fields]) => [group, [...fields]]));
  }

  /** Odoo concepts the mapping reads from its Odoo source, per model (what to ask `read` for). */
  sourceFields(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [model, concepts] of this.program(undefined).reads) out[model] = [...concepts].sort();
    return out;
  }

  /** Every lookup key the records need, per kind (collect these for a batch, then resolve each kind once). */
  async lookups(
    records: readonly unknown[],
    options: Omit<ApplyOptions, 'lookups' | 'placeholders'> = {},
  ): Promise<LookupNeeds> {
    const program = this.program(options.version);
    const needs: LookupNeeds = new Map();
    for (const record of records) {
      const st = this.state(options, needs);
      await this.evaluate(program, record, st);
    }
    return needs;
  }

  /** `lookups` then `resolveLookups`: one resolver call per kind for the whole batch. */
  async resolve(
    records: readonly unknown[],
    resolver: LookupResolver,
    options: Omit<ApplyOptions, 'lookups' | 'placeholders'> = {},
  ): Promise<Lookups> {
    return resolveLookups(resolver, await this.lookups(records, options));
  }

  /** Maps one record. Throws BusinessError (unknown lookup keys) or ValidationError (every field problem). */
  async apply(record: unknown, options: ApplyOptions = {}): Promise<MappingResult> {
    this.requireVersion(options.version);
    const program = this.program(options.version);
    const st = this.state(options, undefined);
    const result = await this.evaluate(program, record, st);
    if (st.unknown.size) {
      const unknown = Object.fromEntries([...st.unknown].map(([kind, keys]) => [kind, [...keys]]));
      const reasons: string[] = [];
      const bare: string[] = [];
      for (const [kind, keys] of st.unknown) {
        const missing: string[] = [];
        for (const key of keys) {
          const answer = options.lookups?.get(kind)?.get(key);
          if (answer instanceof LookupMiss) reasons.push(answer.reason);
          else missing.push(JSON.stringify(key));
        }
        if (missing.length) bare.push(`${kind} ${missing.join(', ')}`);
      }
      const text = [
        ...new Set(reasons),
        ...(bare.length
          ? [`unknown lookup key: ${bare.join('; ')} (create it on the other side or fix the source, then replay)`]
          : []),
      ].join('; ');
      throw new BusinessError(text, {
        details: {
          mapping: this.name,
          unknownLookups: unknown,
          kinds: Object.fromEntries(
            Object.keys(unknown).map((k) => [k, LOOKUP_KINDS[k as keyof typeof LOOKUP_KINDS] ?? k]),
          ),
        },
      });
    }
    const problems = [...program.versionProblems, ...st.problems];
    if (problems.length) {
      const where = this.needsVersion ? ` for Odoo ${options.version}` : '';
      throw new ValidationError(
        `mapping ${this.name}${where} gives a record that does not fit ${sideName(this.target)}`,
        problems,
        {
          details: { mapping: this.name, version: options.version },
        },
      );
    }
    return { values: this.toTarget(result.values, options.version), extras: result.extras };
  }

  /**
   * Maps a batch: resolves every lookup of the batch in one call per kind, then maps each record on its own, so one
   * bad record (unknown SKU, invalid data) does not fail the others. `contextOf` gives each record's context.
   */
  async applyEach(
    records: readonly unknown[],
    resolver: LookupResolver,
    options: Omit<ApplyOptions, 'lookups' | 'context' | 'placeholders'> & {
      contextOf?: (record: unknown, index: number) => Readonly<Record<string, unknown>>;
    } = {},
  ): Promise<MappingOutcome[]> {
    const { contextOf, ...rest } = options;
    const lookups = await this.resolve(records, resolver, rest);
    return Promise.all(
      records.map(async (record, i): Promise<MappingOutcome> => {
        try {
          return {
            ok: true,
            result: await this.apply(record, {
              ...rest,
              lookups,
              ...(contextOf ? { context: contextOf(record, i) } : {}),
            }),
          };
        } catch (error) {
          if (error instanceof BusinessError || error instanceof ValidationError) return { ok: false, error };
          throw error;
        }
      }),
    );
  }

  /** Like `apply`, but returns the problems and unknown lookups instead of throwing (for `bridge mappings preview`). */
  async preview(record: unknown, options: ApplyOptions = {}): Promise<PreviewResult> {
    this.requireVersion(options.version);
    const program = this.program(options.version);
    const st = this.state(options, undefined);
    const result = await this.evaluate(program, record, st);
    return {
      values: this.toTarget(result.values, options.version),
      extras: result.extras,
      problems: [...program.versionProblems, ...st.problems],
      unknownLookups: Object.fromEntries([...st.unknown].map(([kind, keys]) => [kind, [...keys]])),
    };
  }

  private requireVersion(version: OdooVersion | undefined): void {
    if (this.needsVersion && version === undefined)
      throw new TypeError(`mapping ${this.name} maps to or from Odoo: pass options.version`);
  }

  private state(options: ApplyOptions, collect: LookupNeeds | undefined): EvalState {
    return {
      context: options.context ?? {},
      lookups: options.lookups,
      collect,
      touched: 0,
      placeholders: options.placeholders === true,
      skipGroups: options.skipGroups?.length ? new Set(options.skipGroups) : undefined,
      create: options.mode !== 'update',
      problems: [],
      unknown: new Map(),
      prefix: '',
      field: '',
      rule: '',
      exprResults: new Map(),
      exprPending: [],
    };
  }

  /** Synchronous passes; when `expr:` rules started JSONata evaluations, await them and run again with their results. */
  private async evaluate(program: Program, record: unknown, st: EvalState): Promise<MappingResult> {
    let result = this.pass(program, record, st);
    for (let round = 0; st.exprPending.length > 0; round++) {
      if (round >= MAX_EXPRESSION_ROUNDS)
        throw new Error(`mapping ${this.name}: expressions did not settle after ${MAX_EXPRESSION_ROUNDS} rounds`);
      await Promise.all(st.exprPending.splice(0));
      st.problems = [];
      st.unknown = new Map();
      result = this.pass(program, record, st);
    }
    return result;
  }

  private pass(program: Program, record: unknown, st: EvalState): MappingResult {
    const scope: Scope = { record, parent: undefined, root: record, index: 0 };
    const values: Record<string, unknown> = {};
    const extras: Record<string, unknown> = {};
    st.prefix = '';
    for (const run of program.rules) run(scope, st, values);
    st.prefix = 'extras.';
    for (const run of program.extras) run(scope, st, extras);
    st.prefix = '';
    return { values, extras };
  }

  private toTarget(values: Record<string, unknown>, version: OdooVersion | undefined): Record<string, unknown> {
    const target = this.target;
    if (!('odoo' in target) || version === undefined || version === 17) return values; // concepts are 17 names
    return toVersionFields(target.odoo, values, version);
  }
}
