// Every option a flow takes is documented where an operator looks: the README's "Flow options" table and the starter
// file `bridge init` writes. An option added to a flow without its documentation fails here.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.ts';
import { STARTER_CONFIG } from '../config/starter.ts';
import { checkFlowSettings } from './check-settings.ts';
import { FLOWS } from './registry.ts';

const EVERY_FLOW = 'every flow';

/** `flow.option` for each option each flow declares. */
const declared = FLOWS.flatMap((flow) => (flow.options?.keys ?? []).map((key) => `${flow.name}.${key}`)).sort();

const SECRETS = { ODOO_API_KEY: 'k', ODOO_WEBHOOK_TOKEN: 't', CLARITY_CLIENT_SECRET: 's' };

/** The `flow.option` rows of the README's table (a row may name several flows, or every flow). */
function readmeOptions(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('### Flow options')[1]?.split(/\n#+ /)[0] ?? '';
  const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| flow |'));
  return rows
    .flatMap((row) => {
      const [flows = '', option = ''] = row.split('|').slice(1, 3);
      const key = /`([^`]+)`/.exec(option)?.[1] ?? option.trim();
      const names = flows.trim() === EVERY_FLOW ? [EVERY_FLOW] : [...flows.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      return names.map((name) => `${name}.${key}`);
    })
    .sort();
}

/** The starter file with the commented settings of its `flows:` block switched on (explanations stay comments). */
function starterWithEveryFlowOption(): string {
  const lines = STARTER_CONFIG.split('\n');
  const start = lines.findIndex((line) => /^\s+flows:\s*$/.test(line));
  const indent = (line: string) => line.length - line.trimStart().length;
  const flowsIndent = indent(lines[start]!);
  for (let i = start + 1; i < lines.length && (!lines[i]!.trim() || indent(lines[i]!) > flowsIndent); i++)
    lines[i] = lines[i]!.replace(/^(\s*)# (\s*[A-Za-z][\w-]*:(\s|$))/, '$1$2');
  return lines.join('\n');
}

describe('flow options are documented', () => {
  it('in the README, one row per option of each flow, and none that no flow takes', () => {
    expect(declared.length).toBeGreaterThan(0);
    const documented = readmeOptions();
    expect(documented.filter((o) => !o.startsWith(`${EVERY_FLOW}.`))).toEqual(declared);
    expect(documented.filter((o) => o.startsWith(`${EVERY_FLOW}.`))).toEqual([
      `${EVERY_FLOW}.enabled`,
      `${EVERY_FLOW}.ownership`,
    ]);
  });

  it('in the starter config, each under its flow with a valid example, the file valid as written', () => {
    const asWritten = parseConfig(parseYaml(STARTER_CONFIG), { source: 'starter', env: SECRETS });
    expect(checkFlowSettings(asWritten, FLOWS)).toEqual([]);

    const switchedOn = parseConfig(parseYaml(starterWithEveryFlowOption()), { source: 'starter', env: SECRETS });
    const flows = switchedOn.integrations[0]!.flows;
    const written = Object.entries(flows)
      .filter(([name]) => FLOWS.some((f) => f.name === name))
      .flatMap(([name, options]) => Object.keys(options).map((key) => `${name}.${key}`));
    expect(declared.filter((option) => !written.includes(option))).toEqual([]);
    // each example is a value the flow takes
    expect(checkFlowSettings(switchedOn, FLOWS)).toEqual([]);
  });
});
