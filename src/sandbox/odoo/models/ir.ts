// Technical models: the model/field registry (ir.model, ir.model.fields, ir.model.fields.selection), external
// ids (ir.model.data, fixture 22) and automation (ir.actions.server + base.automation, fixture 23).
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ModelSpec, Raw } from '../model-spec.ts';
import { validationError } from '../odoo-errors.ts';
import { pyJsonDumps } from '../py-repr.ts';

export const irModel: ModelSpec = {
  name: 'ir.model',
  description: 'Models',
  order: 'model',
  indexes: ['model'],
  fields: () => ({
    name: f.char('Model Description', true),
    model: f.char('Model', true),
    state: f.sel('Type', [
      ['manual', 'Custom Object'],
      ['base', 'Base Object'],
    ]),
    transient: f.bool('Transient Model'),
    field_id: f.o2m('ir.model.fields', 'Fields'),
    info: f.text('Information'),
  }),
  inverses: { field_id: 'model_id' },
};

export const irModelFields: ModelSpec = {
  name: 'ir.model.fields',
  description: 'Fields',
  order: 'name',
  indexes: ['model_id'],
  fields: () => ({
    name: f.char('Field Name', true),
    model: f.char('Model Name', true),
    model_id: f.m2o('ir.model', 'Model', true),
    field_description: f.char('Field Label', true),
    ttype: f.char('Field Type', true),
    relation: f.char('Related Model'),
    required: f.bool('Required'),
    readonly: f.bool('Readonly'),
    store: f.bool('Stored'),
    selection_ids: f.o2m('ir.model.fields.selection', 'Selection Options'),
    state: f.sel('Type', [
      ['manual', 'Custom Field'],
      ['base', 'Base Field'],
    ]),
  }),
  inverses: { selection_ids: 'field_id' },
  displayName: (rec) => `${String(rec.field_description)} (${String(rec.model)})`,
};

export const irModelFieldsSelection: ModelSpec = {
  name: 'ir.model.fields.selection',
  description: 'Fields Selection',
  order: 'sequence, id',
  indexes: ['field_id'],
  fields: () => ({
    field_id: f.m2o('ir.model.fields', 'Field', true),
    value: f.char('Value', true),
    name: f.char('Name', true),
    sequence: f.int('Sequence'),
  }),
};

/** Fill ir.model / ir.model.fields / ir.model.fields.selection from the models this sandbox holds. */
export function seedModelRegistry(env: Env): void {
  const models = env.model('ir.model');
  const fields = env.model('ir.model.fields');
  const selections = env.model('ir.model.fields.selection');
  for (const model of [...env.models.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const modelId = models.createRaw({ name: model.description, model: model.name, state: 'base', transient: false });
    for (const [name, def] of Object.entries(model.fields)) {
      const fieldId = fields.createRaw({
        name,
        model: model.name,
        model_id: modelId,
        field_description: def.string,
        ttype: def.type,
        relation: def.relation ?? false,
        required: def.required,
        readonly: def.readonly,
        store: true,
        state: 'base',
      });
      (def.selection ?? []).forEach(([value, label], sequence) =>
        selections.createRaw({ field_id: fieldId, value, name: label, sequence }),
      );
    }
  }
}

/** The modules a server with sale_management, sale_stock, stock_delivery, account and base_automation has. */
export function installedModules(version: number): string[] {
  return [
    'base',
    'web',
    'mail',
    'product',
    'uom',
    'sale',
    'sale_management',
    'stock',
    'sale_stock',
    'account',
    'base_automation',
    'sms',
    'stock_sms',
    'sale_sms',
    'payment',
    'portal',
    version <= 16 ? 'delivery' : 'stock_delivery',
  ];
}

export const irModuleModule: ModelSpec = {
  name: 'ir.module.module',
  description: 'Module',
  order: 'application desc,sequence,name',
  fields: () => ({
    name: f.char('Technical Name', true),
    shortdesc: f.char('Module Name'),
    state: f.sel('Status', [
      ['uninstallable', 'Uninstallable'],
      ['uninstalled', 'Not Installed'],
      ['installed', 'Installed'],
      ['to upgrade', 'To be upgraded'],
      ['to remove', 'To be removed'],
      ['to install', 'To be installed'],
    ]),
    latest_version: f.char('Installed Version'),
    application: f.bool('Application'),
    sequence: f.int('Sequence'),
  }),
  indexes: ['name'],
};

export const irModelData: ModelSpec = {
  name: 'ir.model.data',
  description: 'Model Data',
  order: 'module, model, name',
  required: ['name', 'model', 'module'],
  indexes: ['res_id'],
  defaults: () => ({ noupdate: false, module: '' }),
  computed: () => ({
    complete_name: { get: (rec) => `${String(rec.module)}.${String(rec.name)}` },
    reference: { get: (rec) => `${String(rec.model)},${String(rec.res_id ?? 0)}` },
  }),
  displayName: (rec) => `${String(rec.module)}.${String(rec.name)}`,
  createOverride: (_env, model, vals) => {
    for (const existing of model.records.values()) {
      if (existing.module === vals.module && existing.name === vals.name) {
        throw validationError(
          'The operation cannot be completed: duplicate key value violates unique constraint "ir_model_data_module_name_uniq_index"\n' +
            `DETAIL:  Key (module, name)=(${String(vals.module)}, ${String(vals.name)}) already exists.\n`,
        );
      }
    }
    return undefined;
  },
};

function modelNameOf(env: Env, rec: Raw): string | false {
  const model = env.model('ir.model').get(rec.model_id as number);
  return model ? String(model.model) : false;
}

/** The sample Odoo shows in the form (note: it says `_name` where the real POST sends `_action`). */
function samplePayload(env: Env, rec: Raw): string | false {
  if (rec.state !== 'webhook') return false;
  const modelName = modelNameOf(env, rec);
  if (!modelName) return false;
  const model = env.models.get(modelName);
  const fieldModel = env.model('ir.model.fields');
  const names = ((rec.webhook_field_ids as number[] | undefined) ?? [])
    .map((id) => String(fieldModel.get(id)?.name ?? ''))
    .filter(Boolean);
  const sampleId = model ? [...model.records.keys()][0] : undefined;
  const row =
    model && sampleId !== undefined
      ? (model.read(
          [sampleId],
          names.filter((n) => n !== 'id'),
          'none',
        )[0] ?? {})
      : {};
  const payload = { _model: modelName, _name: rec.name, id: sampleId ?? 1, ...row };
  // json.dumps(indent=4, sort_keys=True)
  const flat = JSON.parse(pyJsonDumps(payload)) as Record<string, unknown>;
  return `{\n${Object.entries(flat)
    .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(',\n')}\n}`;
}

export const irActionsServer: ModelSpec = {
  name: 'ir.actions.server',
  description: 'Server Actions',
  order: 'sequence,name',
  required: ['name', 'model_id'],
  indexes: ['base_automation_id'],
  defaults: () => ({
    type: 'ir.actions.server',
    usage: 'ir_actions_server',
    binding_type: 'action',
    state: 'object_write',
    sequence: 5,
    evaluation_type: 'value',
  }),
  computed: () => ({
    model_name: { get: (rec, env) => modelNameOf(env, rec) },
    webhook_sample_payload: { get: (rec, env) => samplePayload(env, rec) },
  }),
  methods: {
    run: () => false,
  },
};

const SELECTION_TRIGGERS = new Set(['on_state_set', 'on_stage_set', 'on_priority_set']);

/** Odoo derives filter_domain from the selected value of an "X is set to" trigger. */
function deriveFilterDomain(env: Env, rec: Raw): void {
  if (!SELECTION_TRIGGERS.has(String(rec.trigger)) || typeof rec.trg_selection_field_id !== 'number') return;
  const selection = env.model('ir.model.fields.selection').get(rec.trg_selection_field_id);
  const field = selection ? env.model('ir.model.fields').get(selection.field_id as number) : undefined;
  if (selection && field) rec.filter_domain = `[('${String(field.name)}', '=', '${String(selection.value)}')]`;
}

export const baseAutomation: ModelSpec = {
  name: 'base.automation',
  description: 'Automation Rule',
  order: 'id',
  required: ['name', 'model_id', 'trigger'],
  inverses: { action_server_ids: 'base_automation_id' },
  defaults: () => ({ active: true, filter_pre_domain: false, trg_date_range_type: 'hour', log_webhook_calls: false }),
  computed: () => ({ model_name: { get: (rec, env) => modelNameOf(env, rec) } }),
  afterCreate: (env, rec) => deriveFilterDomain(env, rec),
  afterWrite: (env, rec, vals) => {
    if ('trg_selection_field_id' in vals || 'trigger' in vals) deriveFilterDomain(env, rec);
  },
};
