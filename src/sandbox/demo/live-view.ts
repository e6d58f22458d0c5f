// What the demo shows in the terminal: a live table on a TTY, plain lines otherwise (logs, CI, pipes).
import type { OrderTracker, Percentiles, Transition } from './order-tracker.ts';

const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const stageTime = (p: Percentiles) => `p50 ${seconds(p.p50)}, p95 ${seconds(p.p95)}`;

export interface LiveView {
  update(transitions: Transition[]): void;
  close(): void;
}

export function createLiveView(
  out: NodeJS.WriteStream | NodeJS.WritableStream,
  tracker: OrderTracker,
  header: string[],
): LiveView {
  const tty = Boolean((out as NodeJS.WriteStream).isTTY);
  const write = (text: string) => out.write(text);
  for (const line of header) write(`${line}\n`);
  if (!tty) {
    return {
      update(transitions) {
        for (const { order, stage } of transitions) {
          const time = new Date().toISOString().slice(11, 19);
          if (stage === 'placed') write(`${time}  placed     ${order.number}  ${order.customer} (${order.total})\n`);
          if (stage === 'confirmed')
            write(
              `${time}  in Odoo    ${order.number}  as ${order.erpReference} after ${seconds(order.confirmedAt! - order.placedAt)}\n`,
            );
          if (stage === 'shipped')
            write(
              `${time}  shipped    ${order.number}  tracking ${order.tracking || '–'} after ${seconds(order.shippedAt! - order.placedAt)}\n`,
            );
        }
      },
      close() {
        const s = tracker.summary();
        write(
          `placed ${s.placed}, in Odoo ${s.inOdoo} (${stageTime(s.toOdoo)}), shipped ${s.shipped} (${stageTime(s.toShipped)})\n`,
        );
      },
    };
  }
  let drawn = 0;
  const draw = () => {
    const s = tracker.summary();
    const rows = [...tracker.orders.values()].slice(-12).reverse();
    const lines = [
      '',
      `  placed ${String(s.placed).padStart(4)}   →   in Odoo ${String(s.inOdoo).padStart(4)} (${stageTime(s.toOdoo)})   →   shipped ${String(s.shipped).padStart(4)} (${stageTime(s.toShipped)})`,
      '',
      `  ${'order'.padEnd(14)}${'customer'.padEnd(26)}${'total'.padEnd(14)}${'status'.padEnd(18)}${'Odoo'.padEnd(10)}tracking`,
      ...rows.map(
        (o) =>
          `  ${o.number.padEnd(14)}${o.customer.slice(0, 24).padEnd(26)}${o.total.padEnd(14)}${o.status.padEnd(18)}${(o.erpReference ?? '').padEnd(10)}${o.tracking ?? ''}`,
      ),
      '',
      '  Ctrl+C stops the demo.',
    ];
    if (drawn) write(`\x1b[${drawn}A\x1b[J`);
    write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  return { update: () => draw(), close: () => draw() };
}
