// Inspection of what the store holds: JSON under /sandbox/store/..., and a small read-only page at / for the
// demo (orders with status, shipments and tracking, stock levels, customers, webhook deliveries).
import { notFound } from './problem.ts';
import { route, type Route } from './router.ts';
import type { ClarityStoreView } from './store-view.ts';

const COLLECTIONS = [
  'orders',
  'shipments',
  'products',
  'categories',
  'inventory',
  'customers',
  'returns',
  'webhooks',
  'deliveries',
] as const;
/** Rows per table on the page; the JSON endpoints have everything. */
const PAGE_ROWS = 200;

export function inspectionRoutes(view: ClarityStoreView, counters: () => Record<string, number>): Route[] {
  const page = () => ({ status: 200, body: renderPage(view, counters()), contentType: 'text/html' });
  return [
    route('GET', '/', undefined, page),
    route('GET', '/sandbox', undefined, page),
    route('GET', '/sandbox/store', undefined, () => ({
      status: 200,
      body: Object.fromEntries(COLLECTIONS.map((name) => [name, collection(view, name).length])),
    })),
    route('GET', '/sandbox/store/:collection', undefined, (request) => {
      const name = request.params.collection as (typeof COLLECTIONS)[number];
      if (!COLLECTIONS.includes(name)) throw notFound(`no collection ${name}; known: ${COLLECTIONS.join(', ')}`);
      return { status: 200, body: collection(view, name) };
    }),
  ];
}

function collection(view: ClarityStoreView, name: (typeof COLLECTIONS)[number]): unknown[] {
  switch (name) {
    case 'orders':
      return view.orders();
    case 'shipments':
      return view.shipments();
    case 'products':
      return view.products();
    case 'categories':
      return view.categories();
    case 'inventory':
      return view.inventory();
    case 'customers':
      return view.customers();
    case 'returns':
      return view.returns();
    case 'webhooks':
      return view.webhooks();
    case 'deliveries':
      return view.deliveries();
  }
}

const escape = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function table(title: string, headers: string[], rows: unknown[][], total: number): string {
  const shown = rows.length < total ? ` (latest ${rows.length} of ${total})` : ` (${total})`;
  return `<h2>${escape(title)}${shown}</h2><table><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function renderPage(view: ClarityStoreView, counters: Record<string, number>): string {
  const orders = view.orders();
  const shipments = view.shipments();
  const latest = <T>(list: T[]) => list.slice(-PAGE_ROWS).reverse();
  const customers = view.customers();
  const inventory = view.inventory();
  const deliveries = view.deliveries();
  const sections = [
    table(
      'Orders',
      [
        'Order',
        'Status',
        'Customer',
        'Currency',
        'Total',
        'Lines',
        'ERP reference',
        'Shipments (carrier: tracking)',
        'Updated',
      ],
      latest(orders).map((o) => [
        o.CustomKey,
        o.StatusKey,
        o.UserEmail,
        o.CurrencyKey,
        o.Totals.Total.toFixed(2),
        o.SalesItems.length,
        o.ErpReference,
        shipments
          .filter((s) => s.OrderID === o.ID)
          .map((s) => `${s.CarrierKey}: ${s.TrackingNumber ?? '—'}`)
          .join(', ') || o.TrackingNumber,
        o.UpdatedDate,
      ]),
      orders.length,
    ),
    table(
      'Stock levels',
      ['SKU', 'Location', 'On hand', 'Updated'],
      inventory.slice(0, PAGE_ROWS).map((r) => [r.Sku, r.LocationKey, r.Quantity, r.UpdatedDate]),
      inventory.length,
    ),
    table(
      'Customers',
      ['Key', 'Name', 'Email', 'Company', 'Country'],
      latest(customers).map((c) => [
        c.CustomKey,
        `${c.FirstName} ${c.LastName}`,
        c.Email,
        c.Company,
        c.Addresses[0]?.Address.CountryCode,
      ]),
      customers.length,
    ),
    table(
      'Returns',
      ['Return', 'Order', 'Status', 'Refund', 'Items'],
      latest(view.returns()).map((r) => [
        r.CustomKey,
        r.OrderKey,
        r.StatusKey,
        r.RefundAmount,
        r.Items.map((i) => `${i.Quantity}× ${i.Sku}`).join(', '),
      ]),
      view.returns().length,
    ),
    table(
      'Webhook subscriptions',
      ['ID', 'URL', 'Events', 'Active', 'Disabled because'],
      view.webhooks().map((w) => [w.ID, w.Url, w.Events.join(' '), w.Active, w.DisabledReason]),
      view.webhooks().length,
    ),
    table(
      'Webhook deliveries',
      ['At', 'Event', 'webhook-id', 'Attempt', 'Status', 'Outcome', 'Retry in (ms)', 'Error'],
      latest(deliveries).map((d) => [
        d.at,
        d.eventType,
        d.webhookId,
        d.attempt,
        d.status,
        d.outcome,
        d.retryInMs,
        d.error,
      ]),
      deliveries.length,
    ),
    table('Counters', ['Name', 'Value'], Object.entries(counters), Object.keys(counters).length),
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Clarity sandbox</title><style>
body{font:14px system-ui,sans-serif;margin:1.5rem;color:#222}table{border-collapse:collapse;margin-bottom:1.5rem}
th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f4f4f4}h2{font-size:1.1rem}
</style></head><body><h1>Clarity sandbox store</h1><p>Read-only; refreshes every 5 s. JSON: <a href="/sandbox/store">/sandbox/store</a>,
<a href="/sandbox/counters">/sandbox/counters</a>, <a href="/sandbox/switches">/sandbox/switches</a>.</p>${sections.join('\n')}</body></html>`;
}
