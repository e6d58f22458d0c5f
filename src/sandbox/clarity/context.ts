// What every part of the sandbox shares: the store, the counters and the switches.
import type { Logger } from '../../core/logger.ts';
import type { Counters } from './counters.ts';
import type { ClarityStore } from './store.ts';
import type { SwitchBoard } from './switches.ts';

export interface SandboxContext {
  store: ClarityStore;
  counters: Counters;
  switches: SwitchBoard;
  logger: Logger;
}
