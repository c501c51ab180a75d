import { defineSignal } from '@temporalio/workflow';
import { ORDERING_MESSAGES } from './ordering-messages';

/** To an event's workflow: the event ahead of it in its key has ended; its turn has come. */
export const turnSignal = defineSignal(ORDERING_MESSAGES.turn);
