// `bridge odoo setup-webhooks`: creates (or updates) in Odoo 17+ the "Send Webhook Notification" server actions and the
// automation rules that fire them (fixture 23), so Odoo tells the bridge at once what the poller would find later.
import { BusinessError } from '../../core/errors.ts';
import type { OdooClient } from './client.ts';
import { CONNECTOR } from './errors.ts';
import { odooField, type OdooVersion } from './fields.ts';

export interface WebhookRule {
  /** Names the action and rule in Odoo (`<prefix>: <key>`), so running setup again updates instead of duplicating. */
  key: string;
  model: string;
  /** `on_state_set` (with `state`) fires when the state becomes that value; `on_create_or_write` on any save touching `watch`. */
  trigger: 'on_state_set' | 'on_create_or_write';
  state?: string;
  /** Fields whose change fires an on_create_or_write rule. */
  watch?: string[];
  /** Fields Odoo puts in the POST body (concepts; translated to the server's version). */
  fields: string[];
}

/** What the flows listen to. */
export const DEFAULT_WEBHOOK_RULES: WebhookRule[] = [
  {
    key: 'picking done',
    model: 'stock.picking',
    trigger: 'on_state_set',
    state: 'done',
    fields: ['state', 'name', 'origin', 'carrier_tracking_ref', 'sale_id', 'write_date'],
  },
  {
    key: 'sale order state',
    model: 'sale.order',
    trigger: 'on_create_or_write',
    watch: ['state'],
    fields: ['state', 'name', 'client_order_ref', 'write_date'],
  },
  {
    key: 'stock quantity',
    model: 'stock.quant',
    trigger: 'on_create_or_write',
    watch: ['quantity'],
    fields: ['product_id', 'location_id', 'quantity', 'write_date'],
  },
  // a price or a name changed in the ERP reaches the store in seconds; partners are left to the poller (the bridge
  // itself makes most of them, and each would come back as an echo)
  {
    key: 'product',
    model: 'product.template',
    trigger: 'on_create_or_write',
    watch: ['name', 'default_code', 'barcode', 'list_price', 'weight', 'categ_id', 'active', 'description_sale'],
    fields: ['name', 'default_code', 'list_price', 'active', 'write_date'],
  },
  {
    key: 'product variant',
    model: 'product.product',
    trigger: 'on_create_or_write',
    watch: ['default_code', 'barcode', 'active', 'weight'],
    fields: ['default_code', 'product_tmpl_id', 'active', 'write_date'],
  },
];

export interface SetupWebhooksOptions {
  /** The URL Odoo posts to (it holds the secret token: never print it). */
  url: string;
  rules?: WebhookRule[];
  prefix?: string;
}

export interface SetupWebhooksResult {
  rules: { key: string; model: string; actionId: number; automationId: number; created: boolean }[];
}

export async function setupOdooWebhooks(
  client: OdooClient,
  options: SetupWebhooksOptions,
): Promise<SetupWebhooksResult> {
  const { version, server } = await client.connect();
  if (server.major < 17) {
    throw new BusinessError(
      `Odoo ${server.text} has no "Send Webhook Notification" action (it came with 17); the poller covers changes without webhooks`,
      {
        connector: CONNECTOR,
        details: { version: server.text },
      },
    );
  }
  const prefix = options.prefix ?? 'Bridge webhook';
  const out: SetupWebhooksResult['rules'] = [];
  for (const rule of options.rules ?? DEFAULT_WEBHOOK_RULES) {
    out.push(await setupRule(client, version, rule, options.url, `${prefix}: ${rule.key}`));
  }
  return { rules: out };
}

async function setupRule(
  client: OdooClient,
  version: OdooVersion,
  rule: WebhookRule,
  url: string,
  name: string,
): Promise<SetupWebhooksResult['rules'][number]> {
  const [model] = await client.searchRead('ir.model', {
    domain: [['model', '=', rule.model]],
    fields: ['model'],
    raw: true,
  });
  if (!model)
    throw new BusinessError(`Odoo has no model ${rule.model} (is its module installed?)`, {
      connector: CONNECTOR,
      details: { model: rule.model },
    });
  const fieldNames = (concepts: string[]) =>
    concepts.map((c) => odooField(rule.model, c, version)).filter((f): f is string => f !== null);
  const wanted = [...new Set([...fieldNames(rule.fields), ...fieldNames(rule.watch ?? []), 'state'])];
  const fields = await client.searchRead('ir.model.fields', {
    domain: [
      ['model', '=', rule.model],
      ['name', 'in', wanted],
    ],
    fields: ['name'],
    raw: true,
  });
  const fieldId = new Map(fields.map((f) => [String(f.name), f.id]));
  const ids = (names: string[]) => names.map((n) => fieldId.get(n)).filter((id): id is number => id !== undefined);

  const actionValues = {
    name,
    model_id: model.id,
    state: 'webhook',
    webhook_url: url,
    webhook_field_ids: [[6, 0, ids(fieldNames(rule.fields))]],
  };
  const [existingAction] = await client.search(
    'ir.actions.server',
    [
      ['name', '=', name],
      ['model_id', '=', model.id],
    ],
    { limit: 1, raw: true },
  );
  const actionId = existingAction ?? (await client.create('ir.actions.server', actionValues, { raw: true }));
  if (existingAction) await client.write('ir.actions.server', [actionId], actionValues, { raw: true });

  const automation: Record<string, unknown> = {
    name: `${name} rule`,
    model_id: model.id,
    trigger: rule.trigger,
    action_server_ids: [[6, 0, [actionId]]],
    active: true,
  };
  if (rule.trigger === 'on_state_set') {
    const stateField = fieldId.get('state');
    const [selection] = await client.searchRead('ir.model.fields.selection', {
      domain: [
        ['field_id', '=', stateField ?? 0],
        ['value', '=', rule.state ?? 'done'],
      ],
      fields: ['value'],
      raw: true,
    });
    if (!stateField || !selection)
      throw new BusinessError(`${rule.model} has no state "${rule.state}" in this Odoo`, {
        connector: CONNECTOR,
        details: { model: rule.model, state: rule.state },
      });
    automation.trigger_field_ids = [[6, 0, [stateField]]];
    automation.trg_selection_field_id = selection.id;
  } else {
    automation.trigger_field_ids = [[6, 0, ids(fieldNames(rule.watch ?? []))]];
  }
  const [existingRule] = await client.search(
    'base.automation',
    [
      ['name', '=', `${name} rule`],
      ['model_id', '=', model.id],
    ],
    { limit: 1, raw: true, context: { active_test: false } },
  );
  const automationId = existingRule ?? (await client.create('base.automation', automation, { raw: true }));
  if (existingRule) await client.write('base.automation', [automationId], automation, { raw: true });
  return { key: rule.key, model: rule.model, actionId, automationId, created: existingAction === undefined };
}
