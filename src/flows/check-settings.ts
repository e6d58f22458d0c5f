// The `flows:` section of each integration, checked before the bridge starts (and by `bridge config check`), so a
// mistyped flow name or option is refused with its key and the fix, not found later in a dead job. Every flow may
// take `enabled` and `ownership`; the rest are the options it declares.
import type { Config } from '../config/load.ts';
import { ValidationError } from '../core/errors.ts';
import type { FlowDefinition } from './flow.ts';
import { ownershipFor, SYSTEMS_OF_RECORD_KEY } from './ownership.ts';

const COMMON_OPTIONS = ['enabled', 'ownership'];

function problemsOf(error: unknown, where: string): string[] {
  if (error instanceof ValidationError && error.problems.length)
    return error.problems.map((p) => `${where}.${p.field}: ${p.reason}`);
  return [`${where}: ${(error as Error).message}`];
}

/** One line per problem, `integrations[<id>].flows.<flow>.<option>: what is wrong`. */
export function checkFlowSettings(config: Pick<Config, 'integrations'>, flows: readonly FlowDefinition[]): string[] {
  const byName = new Map(flows.map((f) => [f.name, f]));
  const problems: string[] = [];
  for (const integration of config.integrations) {
    const at = `integrations[${integration.id}].flows`;
    for (const [name, options] of Object.entries(integration.flows)) {
      if (name === SYSTEMS_OF_RECORD_KEY) continue;
      const flow = byName.get(name);
      if (!flow) {
        problems.push(
          `${at}.${name}: no flow has this name; the flows are ${[...byName.keys()].join(', ')} (and ${SYSTEMS_OF_RECORD_KEY})`,
        );
        continue;
      }
      const known = [...COMMON_OPTIONS, ...(flow.options?.keys ?? [])];
      for (const key of Object.keys(options)) {
        if (!known.includes(key))
          problems.push(`${at}.${name}.${key}: ${name} has no such option; it takes ${known.join(', ')}`);
      }
      if (options.enabled !== undefined && typeof options.enabled !== 'boolean')
        problems.push(`${at}.${name}.enabled: must be true or false`);
      try {
        flow.options?.check?.(options);
      } catch (error) {
        problems.push(...problemsOf(error, `${at}.${name}`));
      }
    }
    try {
      // the systems of record, for every flow at once
      for (const flow of flows) ownershipFor(integration, flow.name);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return [...new Set(problems)];
}
