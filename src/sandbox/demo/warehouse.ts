// The demo's warehouse: a worker in the Odoo sandbox that packs and ships each ready delivery after a short delay,
// with a carrier and a tracking number, validating it the way a person would in Odoo.
import type { OdooClient } from '../../connectors/odoo/client.ts';
import { setTrackingReference, validatePicking } from '../../connectors/odoo/operations/pickings.ts';
import type { Logger } from '../../core/logger.ts';

export interface WarehouseOptions {
  client: OdooClient;
  /** How long a delivery waits before it is shipped. */
  delayMs: number;
  logger: Logger;
  /** Poll interval (default 500 ms). */
  everyMs?: number;
}

export class DemoWarehouse {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private carriers: { id: number; name: string }[] = [];
  private readonly firstSeen = new Map<number, number>();
  shipped = 0;

  constructor(private readonly options: WarehouseOptions) {}

  async start(): Promise<void> {
    const rows = await this.options.client.searchRead('delivery.carrier', { fields: ['name'], order: 'id asc' });
    this.carriers = rows.map((r) => ({ id: r.id, name: String(r.name) }));
    this.timer = setInterval(() => void this.tick(), this.options.everyMs ?? 500);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const ready = await this.options.client.searchRead('stock.picking', {
        domain: [
          ['state', '=', 'assigned'],
          ['picking_type_code', '=', 'outgoing'],
        ],
        fields: ['name'],
        order: 'id asc',
        limit: 50,
      });
      const now = Date.now();
      for (const picking of ready) {
        const seen = this.firstSeen.get(picking.id) ?? now;
        this.firstSeen.set(picking.id, seen);
        if (now - seen < this.options.delayMs) continue;
        const carrier = this.carriers[picking.id % Math.max(1, this.carriers.length)];
        const tracking = `1Z${String(picking.id).padStart(6, '0')}${Math.floor(Math.random() * 1e6)
          .toString()
          .padStart(6, '0')}`;
        await setTrackingReference(this.options.client, picking.id, tracking, carrier?.id);
        await validatePicking(this.options.client, picking.id);
        this.firstSeen.delete(picking.id);
        this.shipped++;
      }
    } catch (error) {
      this.options.logger.warn(
        { err: (error as Error).message },
        'demo warehouse: a delivery could not be shipped; trying again',
      );
    } finally {
      this.busy = false;
    }
  }
}
