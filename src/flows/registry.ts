// The one list of flows. A new flow is one folder and one line here.
import type { FlowDefinition } from './flow.ts';

export const FLOWS: readonly FlowDefinition[] = [];
