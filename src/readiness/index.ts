// Whether an Odoo is ready for a store's orders (`bridge odoo check`), and making it so (`bridge odoo prepare`).
export { emptyNeeds, needsOfOrders, recentStoreNeeds, type StoreNeeds } from './store-needs.ts';
export { describeAction, odooGaps, type Gap, type PrepareAction } from './odoo-gaps.ts';
export { plannedActions, prepareOdoo, type PrepareResult } from './prepare.ts';
