// The store's repositories over one open database.
import { AlertsRepo } from './alerts.repo.ts';
import { BindingsRepo } from './bindings.repo.ts';
import { CheckpointsRepo } from './checkpoints.repo.ts';
import { ConnectorsRepo } from './connectors.repo.ts';
import type { Store } from './db.ts';
import { EventsRepo } from './events.repo.ts';
import { JobsRepo } from './jobs.repo.ts';
import { SecretsRepo } from './secrets.repo.ts';

export interface Repos {
  events: EventsRepo;
  jobs: JobsRepo;
  bindings: BindingsRepo;
  checkpoints: CheckpointsRepo;
  alerts: AlertsRepo;
  connectors: ConnectorsRepo;
  secrets: SecretsRepo;
}

export function repos(store: Store): Repos {
  return {
    events: new EventsRepo(store),
    jobs: new JobsRepo(store),
    bindings: new BindingsRepo(store),
    checkpoints: new CheckpointsRepo(store),
    alerts: new AlertsRepo(store),
    connectors: new ConnectorsRepo(store),
    secrets: new SecretsRepo(store),
  };
}

export { openStore, type Store, type Dialect } from './db.ts';
