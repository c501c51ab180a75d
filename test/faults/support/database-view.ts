import { setTimeout as sleep } from 'node:timers/promises';
import postgres from 'postgres';

export interface ExecutionRecord {
  id: string;
  eventId: string;
  status: string;
  replayOf: string | null;
}

export interface AttemptRecord {
  executionId: string;
  eventId: string;
  handlerId: number;
  attempt: number;
  status: string;
  responseStatus: number | null;
  error: string | null;
  startedAt: Date;
}

/** Hookline's tables as the scenarios read them: straight from the private cluster, not through the API. */
export interface DatabaseView {
  executions(eventIds: string[]): Promise<ExecutionRecord[]>;
  attempts(eventIds: string[]): Promise<AttemptRecord[]>;
  /**
   * Waits until every one of these events has an original execution that ended. The deadline only turns a hang into
   * a failure; the answer is the count still open, so the caller can say which.
   */
  waitUntilEnded(eventIds: string[], deadlineMs: number): Promise<{ open: string[] }>;
  close(): Promise<void>;
}

export function openDatabaseView(url: string): DatabaseView {
  // One connection, reopened on demand: the cluster may be restarted underneath it.
  const sql = postgres(url, { max: 1, connect_timeout: 5, idle_timeout: 5, onnotice: () => undefined });

  async function executions(eventIds: string[]): Promise<ExecutionRecord[]> {
    const rows = await sql<{ id: string; event_id: string; status: string; replay_of: string | null }[]>`
      select id, event_id, status, replay_of from executions where event_id = any(${eventIds})`;
    return rows.map((r) => ({ id: r.id, eventId: r.event_id, status: r.status, replayOf: r.replay_of }));
  }

  return {
    executions,
    async attempts(eventIds) {
      const rows = await sql<
        {
          execution_id: string;
          event_id: string;
          handler_id: number;
          attempt: number;
          status: string;
          response_status: number | null;
          error: string | null;
          started_at: Date;
        }[]
      >`
        select l.execution_id, e.event_id, l.handler_id, l.attempt, l.status, l.response_status, l.error, l.started_at
        from execution_logs l join executions e on e.id = l.execution_id
        where e.event_id = any(${eventIds})
        order by l.id`;
      return rows.map((r) => ({
        executionId: r.execution_id,
        eventId: r.event_id,
        handlerId: r.handler_id,
        attempt: r.attempt,
        status: r.status,
        responseStatus: r.response_status,
        error: r.error,
        startedAt: r.started_at,
      }));
    },
    async waitUntilEnded(eventIds, deadlineMs) {
      const deadline = Date.now() + deadlineMs;
      let open = eventIds;
      while (Date.now() < deadline) {
        try {
          const ended = new Set(
            (await executions(open)).filter((e) => e.replayOf === null && e.status !== 'running').map((e) => e.eventId)
          );
          open = open.filter((id) => !ended.has(id));
          if (open.length === 0) break;
        } catch {
          // The cluster is (still) down in this scenario: ask again.
        }
        await sleep(500);
      }
      return { open };
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
