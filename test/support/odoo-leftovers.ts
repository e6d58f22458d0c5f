// What a replay made on a real Odoo, and how it is taken away again: the servers are shared, so a likeness run
// leaves them as it found them, as far as Odoo allows. Orders are cancelled and deleted, invoices and payments reset
// to draft and deleted (or cancelled), partners, products, external ids and automation rules deleted (or archived),
// on-hand quantities and the company's SMS flags put back. Done stock moves stay (Odoo keeps them): their effect on
// stock is undone by the restored quantities.
import type { Execute } from './odoo-target.ts';

interface QuantRow {
  product_id: [number, string];
  location_id: [number, string];
  quantity: number;
}

/** Undone in this order, so that what refers to a record goes before it; on-hand quantities between the two. */
const UNDO_BEFORE_STOCK = [
  'account.payment',
  'account.move',
  'sale.order',
  'ir.model.data',
  'base.automation',
  'ir.actions.server',
];
const UNDO_AFTER_STOCK = ['res.partner', 'product.product', 'product.template', 'product.category'];
const UNDO_ORDER = [...UNDO_BEFORE_STOCK, ...UNDO_AFTER_STOCK];

/** stock_sms's flags (19 renamed stock_move_sms_validation to stock_text_confirmation). */
const COMPANY_FLAGS = ['stock_move_sms_validation', 'stock_text_confirmation', 'has_received_warning_stock_sms'];

export class OdooLeftovers {
  private readonly made = new Map<string, Set<number>>();
  private quantsBefore = new Map<string, number>();
  private products: number[] = [];
  private companyFlags: Record<string, unknown> | undefined;

  constructor(private readonly execute: Execute) {}

  /** Records a create's answer (an id or a list of ids), or a window action showing a created record. */
  note(model: string, answer: unknown): void {
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) {
      const action = answer as { res_model?: unknown; res_id?: unknown };
      if (typeof action.res_model === 'string' && typeof action.res_id === 'number' && action.res_id > 0)
        this.note(action.res_model, action.res_id);
      return;
    }
    if (!UNDO_ORDER.includes(model)) return;
    const ids = Array.isArray(answer) ? answer : [answer];
    const set = this.made.get(model) ?? new Set<number>();
    for (const id of ids) if (typeof id === 'number') set.add(id);
    this.made.set(model, set);
  }

  /** Remembers on-hand quantities of these products (internal locations) and the company's flags, to put back. */
  async remember(productIds: number[], companyId: number): Promise<void> {
    this.products = [...new Set([...this.products, ...productIds])];
    this.quantsBefore = await this.quants();
    const known = (await this.execute('res.company', 'fields_get', [], { attributes: ['type'] })) as object;
    const [company] = (await this.execute('res.company', 'read', [[companyId]], {
      fields: COMPANY_FLAGS.filter((flag) => flag in known),
    })) as Record<string, unknown>[];
    this.companyFlags = company;
  }

  /** Takes away what was made; returns what could not be (empty when all went). */
  async undo(): Promise<string[]> {
    const failures: string[] = [];
    const attempt = async (what: string, ...steps: (() => Promise<unknown>)[]): Promise<void> => {
      const errors: string[] = [];
      for (const step of steps) {
        try {
          await step();
          return;
        } catch (error) {
          errors.push((error as Error).message.split('\n')[0]!);
        }
      }
      failures.push(`${what}: ${errors.join('; ')}`);
    };
    await this.undoModels(UNDO_BEFORE_STOCK, attempt);
    // Products made here go back to nothing on hand before they are deleted or archived.
    const templates = [...(this.made.get('product.template') ?? [])];
    const variants = templates.length
      ? ((await this.execute('product.product', 'search', [[['product_tmpl_id', 'in', templates]]], {
          context: { active_test: false },
        })) as number[])
      : [];
    this.products = [...new Set([...this.products, ...variants, ...(this.made.get('product.product') ?? [])])];
    await attempt('on-hand quantities', () => this.restoreQuants());
    await this.undoModels(UNDO_AFTER_STOCK, attempt);
    if (this.companyFlags) {
      const { id, ...flags } = this.companyFlags;
      await attempt('company SMS flags', () => this.execute('res.company', 'write', [[id], flags]));
    }
    return failures;
  }

  private async undoModels(
    models: string[],
    attempt: (what: string, ...steps: (() => Promise<unknown>)[]) => Promise<void>,
  ): Promise<void> {
    for (const model of models) {
      const ids = [...(this.made.get(model) ?? [])].sort((a, b) => b - a);
      for (const id of ids) {
        const exists = (
          (await this.execute(model, 'search', [[['id', '=', id]]], {
            context: { active_test: false },
          })) as number[]
        ).length;
        if (!exists) continue;
        const unlink = () => this.execute(model, 'unlink', [[id]]);
        const archive = () => this.execute(model, 'write', [[id], { active: false }]);
        if (model === 'account.payment')
          await attempt(
            `${model} ${id}`,
            async () => {
              await this.execute(model, 'action_draft', [[id]]);
              await unlink();
            },
            () => this.execute(model, 'action_cancel', [[id]]),
          );
        else if (model === 'account.move')
          await attempt(
            `${model} ${id}`,
            async () => {
              await this.execute(model, 'button_draft', [[id]]).catch(() => undefined);
              await unlink();
            },
            () => this.execute(model, 'button_cancel', [[id]]),
          );
        else if (model === 'sale.order')
          await attempt(`${model} ${id}`, async () => {
            await this.execute(model, 'action_cancel', [[id]], { context: { disable_cancel_warning: true } });
            await unlink();
          });
        else if (model === 'product.category')
          await attempt(`${model} ${id}`, async () => {
            // the products made here (archived when Odoo keeps them) move to the parent category first
            const [category] = (await this.execute(model, 'read', [[id]], { fields: ['parent_id'] })) as {
              parent_id: [number, string] | false;
            }[];
            const templates = (await this.execute(
              'product.template',
              'search',
              [[['id', 'in', [...(this.made.get('product.template') ?? [])]]]],
              { context: { active_test: false } },
            )) as number[];
            if (category?.parent_id && templates.length)
              await this.execute('product.template', 'write', [templates, { categ_id: category.parent_id[0] }]);
            await unlink();
          });
        else if (model === 'res.partner' || model.startsWith('product.'))
          await attempt(`${model} ${id}`, unlink, archive);
        else await attempt(`${model} ${id}`, unlink);
      }
    }
  }

  private async quants(): Promise<Map<string, number>> {
    const rows = (await this.execute(
      'stock.quant',
      'search_read',
      [
        [
          ['product_id', 'in', this.products],
          ['location_id.usage', '=', 'internal'],
        ],
      ],
      { fields: ['product_id', 'location_id', 'quantity'] },
    )) as QuantRow[];
    const byKey = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.product_id[0]}@${row.location_id[0]}`;
      byKey.set(key, (byKey.get(key) ?? 0) + row.quantity);
    }
    return byKey;
  }

  private async restoreQuants(): Promise<void> {
    const now = await this.quants();
    const inventoryMode = { context: { inventory_mode: true } };
    for (const key of new Set([...now.keys(), ...this.quantsBefore.keys()])) {
      const before = this.quantsBefore.get(key) ?? 0;
      if ((now.get(key) ?? 0) === before) continue;
      const [productId, locationId] = key.split('@').map(Number);
      const quant = await this.execute(
        'stock.quant',
        'create',
        [{ product_id: productId, location_id: locationId, inventory_quantity: before }],
        inventoryMode,
      );
      await this.execute('stock.quant', 'action_apply_inventory', [[quant]], inventoryMode);
    }
  }
}
