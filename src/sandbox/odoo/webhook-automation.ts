// base.automation rules whose ir.actions.server is a "Send Webhook Notification" really POST, as Odoo 17 does
// (fixture 23): body = json.dumps(vals, sort_keys=True) with `_action` "<name>(#<id>)", `_id`, `_model`, `id` and
// the selected fields read with load=None (many2one as bare ids); Content-Type application/json, a 1 s timeout,
// failures only logged. Rules are evaluated after the call's changes are made, from its change log. The record is
// read from the ORM cache as it stands when the rule fires (fixture 25): its write_date is the call's own, with
// microseconds (str() of a datetime), unless the rule fired on a field Odoo computes (a picking's state), which
// leaves the write_date the record had before the call.
import type { Logger } from '../../core/logger.ts';
import { compileDomain, type Domain } from './domain.ts';
import type { Env, RecordChange, Transaction } from './env.ts';
import type { FaultInjector } from './faults.ts';
import type { Raw } from './model-spec.ts';
import { formatDatetime } from './odoo-time.ts';
import { pyJsonDumps } from './py-repr.ts';

export interface PendingWebhook {
  url: string;
  body: string;
}

const STATE_TRIGGERS = new Set(['on_state_set', 'on_stage_set', 'on_priority_set', 'on_user_set', 'on_tag_set']);

/** Stored fields Odoo computes rather than writes; a rule they fire posts the previous write_date (fixture 25). */
const COMPUTED_IN_ODOO: Record<string, readonly string[]> = { 'stock.picking': ['state'] };

export class WebhookAutomation {
  constructor(
    private readonly env: Env,
    private readonly logger: Logger,
    private readonly faults: FaultInjector,
  ) {}

  /** The webhooks the changes of one call (its `transaction`) trigger, with their payloads read now. */
  collect(changes: RecordChange[], transaction: Transaction): PendingWebhook[] {
    if (!changes.length) return [];
    const rules = this.env.models.get('base.automation');
    if (!rules || rules.records.size === 0) return [];
    const merged = mergeChanges(changes);
    const before = new Map(transaction.changed().map(({ rec, before }) => [rec, before]));
    const pending: PendingWebhook[] = [];
    for (const rule of rules.records.values()) {
      if (rule.active === false) continue;
      const modelName = this.modelNameOf(rule.model_id as number);
      if (!modelName) continue;
      const model = this.env.models.get(modelName);
      if (!model) continue;
      const trigger = String(rule.trigger);
      const triggerFields = ((rule.trigger_field_ids as number[] | undefined) ?? [])
        .map((id) => this.fieldNameOf(id))
        .filter(Boolean) as string[];
      const filter = parsePythonDomain(rule.filter_domain);
      const matches = filter ? compileDomain(this.env, model, filter) : () => true;
      for (const change of merged) {
        if (change.model !== modelName || change.kind === 'unlink') continue;
        const rec = model.get(change.id);
        if (!rec) continue;
        if (!this.fires(trigger, triggerFields, change, rec, model.getValue.bind(model), filter)) continue;
        if (!matches(rec)) continue;
        const computedOnly =
          change.kind === 'write' &&
          firedBy(trigger, triggerFields, change, filter).every((f) => COMPUTED_IN_ODOO[modelName]?.includes(f));
        const writeDate = computedOnly ? before.get(rec)?.write_date : pyDatetime(this.env.callTime);
        pending.push(...this.webhooksFor(rule, modelName, rec, writeDate));
      }
    }
    return pending;
  }

  private fires(
    trigger: string,
    fields: string[],
    change: MergedChange,
    rec: Raw,
    get: (r: Raw, f: string) => unknown,
    filter: Domain | null,
  ): boolean {
    const created = change.kind === 'create';
    if (trigger === 'on_create') return created;
    if (trigger === 'on_create_or_write') return created || fields.length === 0 || fields.some((f) => f in change.old);
    if (trigger === 'on_write') return !created && (fields.length === 0 || fields.some((f) => f in change.old));
    if (trigger === 'on_archive' || trigger === 'on_unarchive') {
      return !created && 'active' in change.old && get(rec, 'active') === (trigger === 'on_unarchive');
    }
    if (STATE_TRIGGERS.has(trigger)) {
      if (created) return true; // the filter domain decides whether the created record is in the state
      const field = fields[0] ?? firstLeafField(filter);
      if (!field || !(field in change.old)) return false;
      return change.old[field] !== get(rec, field); // the domain checks the new value; the old one must differ
    }
    return false;
  }

  private webhooksFor(rule: Raw, modelName: string, rec: Raw, writeDate: unknown): PendingWebhook[] {
    const actions = this.env.model('ir.actions.server');
    const model = this.env.model(modelName);
    const linked = new Set<number>([...actions.idsWhere('base_automation_id', rule.id)]);
    const webhooks: PendingWebhook[] = [];
    for (const actionId of linked) {
      const action = actions.get(actionId);
      if (!action || action.state !== 'webhook' || typeof action.webhook_url !== 'string') continue;
      const fieldNames = ((action.webhook_field_ids as number[] | undefined) ?? [])
        .map((id) => this.fieldNameOf(id))
        .filter(Boolean) as string[];
      const row = model.read(
        [rec.id],
        ['id', ...fieldNames.filter((n) => n !== 'id' && model.fields[n])],
        'none',
      )[0] ?? { id: rec.id };
      if ('write_date' in row && writeDate !== undefined) row.write_date = writeDate;
      const floats = new Set(fieldNames.filter((n) => ['float', 'monetary'].includes(model.fields[n]?.type ?? '')));
      const vals = { _action: `${String(action.name)}(#${action.id})`, _id: rec.id, _model: modelName, ...row };
      webhooks.push({ url: action.webhook_url, body: pyJsonDumps(vals, floats) });
    }
    return webhooks;
  }

  /** POST each webhook in turn, 1 s timeout each; a failure is logged and counted, never raised. */
  async send(webhooks: PendingWebhook[]): Promise<void> {
    for (const webhook of webhooks) {
      try {
        const response = await fetch(webhook.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': 'python-requests/2.28.1', Accept: '*/*' },
          body: webhook.body,
          signal: AbortSignal.timeout(1000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) this.faults.count('webhooks_sent');
        else {
          this.faults.count('webhooks_failed');
          this.logger.warn(
            { target: originOf(webhook.url), status: response.status },
            'odoo sandbox: webhook answered with an error status',
          );
        }
      } catch (error) {
        this.faults.count('webhooks_failed');
        this.logger.warn(
          { target: originOf(webhook.url), error: error instanceof Error ? error.message : String(error) },
          'odoo sandbox: webhook failed',
        );
      }
    }
  }

  private modelNameOf(irModelId: number): string | undefined {
    const rec = this.env.models.get('ir.model')?.get(irModelId);
    return rec ? String(rec.model) : undefined;
  }

  private fieldNameOf(fieldId: number): string | undefined {
    const rec = this.env.models.get('ir.model.fields')?.get(fieldId);
    return rec ? String(rec.name) : undefined;
  }
}

interface MergedChange {
  model: string;
  id: number;
  kind: RecordChange['kind'];
  old: Record<string, unknown>;
}

/** One entry per record: created wins, and a field's old value is the one before the call's first write. */
function mergeChanges(changes: RecordChange[]): MergedChange[] {
  const byKey = new Map<string, MergedChange>();
  for (const change of changes) {
    const key = `${change.model}:${change.id}`;
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...change, old: { ...change.old } });
      continue;
    }
    if (change.kind === 'unlink') existing.kind = 'unlink';
    for (const [field, value] of Object.entries(change.old)) if (!(field in existing.old)) existing.old[field] = value;
  }
  return [...byKey.values()];
}

/** A domain written as a Python literal ("[('state', '=', 'done')]") → JSON; null when empty or unreadable. */
export function parsePythonDomain(text: unknown): Domain | null {
  if (typeof text !== 'string' || !text.trim()) return null;
  const json = text
    .replace(/\(/g, '[')
    .replace(/\)/g, ']')
    .replace(/'((?:[^'\\]|\\.)*)'/g, (_m, inner: string) => JSON.stringify(inner.replace(/\\'/g, "'")))
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\bNone\b/g, 'null')
    .replace(/,\s*]/g, ']');
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as Domain) : null;
  } catch {
    return null;
  }
}

/** The changed fields that made a rule fire on a write (all changed fields for a rule that watches none). */
function firedBy(trigger: string, fields: string[], change: MergedChange, filter: Domain | null): string[] {
  const watched = STATE_TRIGGERS.has(trigger) ? [fields[0] ?? firstLeafField(filter)] : fields;
  const changed = Object.keys(change.old);
  const fired = watched.length ? changed.filter((f) => watched.includes(f)) : changed;
  return fired.length ? fired : changed;
}

/** Python's str() of a datetime: microseconds only when there are some. */
function pyDatetime(ms: number): string {
  const fraction = ms % 1000;
  return `${formatDatetime(ms)}${fraction ? `.${String(fraction).padStart(3, '0')}000` : ''}`;
}

function firstLeafField(domain: Domain | null): string | undefined {
  const leaf = domain?.find((item) => Array.isArray(item));
  return Array.isArray(leaf) && typeof leaf[0] === 'string' ? leaf[0] : undefined;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'invalid url';
  }
}
