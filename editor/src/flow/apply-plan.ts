import type { Handler } from '@hookline/domain';
import { patchHandler, reorderHandlers } from '../api/handlers';
import type { ApiClient } from '../api/client';
import type { MovePlan } from './serialise';

/**
 * Carries out a canvas move: one reorder call for a move along a chain; for a move to another lane
 * the PATCH of its event (with the version the canvas showed), then the reorder of its new chain.
 * Answers the handlers as the server now holds them.
 */
export async function applyPlan(api: ApiClient, plan: MovePlan): Promise<Handler[]> {
  switch (plan.kind) {
    case 'none':
      return [];
    case 'reorder':
      return reorderHandlers(api, plan.request);
    case 'move': {
      const moved = await patchHandler(api, plan.handlerId, plan.patch);
      const reordered = await reorderHandlers(api, plan.reorder);
      return reordered.some((h) => h.id === moved.id) ? reordered : [moved, ...reordered];
    }
  }
}
