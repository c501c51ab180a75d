// Shared with the worker, whose failing-handler policy audits handlers the same way.
export { handlerView } from '@hookline/db';
