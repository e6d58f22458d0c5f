import type { Migration } from './index.ts';

/**
 * Events and jobs carry a priority (their flows' most urgent), and the router and the workers take the lowest
 * number first: orders and shipments are not kept waiting behind a backlog of catalog or customer echoes.
 * Existing rows get the default (5).
 */
export const m0002Priorities: Migration = {
  name: '0002-priorities',
  statements: () => [
    `alter table jobs add column priority integer not null default 5`,
    `drop index jobs_ready`,
    `create index jobs_ready on jobs (priority, run_at, id) where state in ('pending','retrying')`,
    `alter table events add column priority integer not null default 5`,
    `drop index events_unrouted`,
    `create index events_unrouted on events (priority, received_at, id) where routed_at is null`,
  ],
};
