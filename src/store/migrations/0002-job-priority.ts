import type { Migration } from './index.ts';

/**
 * Jobs carry their flow's priority, and a claim takes the lowest number first: orders and shipments are not kept
 * waiting behind a backlog of catalog or customer echoes. Existing jobs get the default (5).
 */
export const m0002JobPriority: Migration = {
  name: '0002-job-priority',
  statements: () => [
    `alter table jobs add column priority integer not null default 5`,
    `drop index jobs_ready`,
    `create index jobs_ready on jobs (priority, run_at, id) where state in ('pending','retrying')`,
  ],
};
