import { randomBytes } from 'node:crypto';
import {
  type Database,
  type HandlerSnapshotRow,
  SNAPSHOT_CHANNEL,
  latestSnapshot,
  notify,
  snapshotByVersion,
} from '@hookline/db';
import type { HandlerCache } from '@hookline/services';
import type { HandlerSnapshot, SnapshotHandler } from '@hookline/domain';
import type { Logger } from 'pino';

export interface ListeningHandlerCacheOptions {
  database: Database;
  log: Logger;
  /** How often the LISTEN connection is checked (and, while it is down, the table polled). */
  heartbeatMs?: number;
  /** Older versions kept for executions and replays that still run with them. */
  keepVersions?: number;
}

function fromRow(row: HandlerSnapshotRow): HandlerSnapshot {
  return {
    version: row.version,
    hash: row.hash,
    createdAt: row.createdAt.toISOString(),
    handlers: row.handlers as SnapshotHandler[],
  };
}

/**
 * The newest handler snapshot, held in memory. A NOTIFY on `hookline_snapshot` announces every
 * new version; when the listening connection stops delivering, polling takes over until it is back.
 */
export class ListeningHandlerCache implements HandlerCache {
  private newest: HandlerSnapshot | null = null;
  private readonly older = new Map<number, HandlerSnapshot>();
  private readonly unlisteners: (() => Promise<void>)[] = [];
  private readonly pingChannel = `hookline_snapshot_ping_${randomBytes(6).toString('hex')}`;
  private heartbeat: NodeJS.Timeout | null = null;
  private pingOutstanding = false;
  private listening = false;
  private reloading: Promise<void> | null = null;

  constructor(private readonly options: ListeningHandlerCacheOptions) {}

  async start(): Promise<void> {
    await this.reload();
    const onVersion = (payload: string) => {
      const version = Number(payload);
      if (!this.newest || !(version <= this.newest.version)) void this.reloadSafely();
    };
    const onListening = () => {
      // (Re)subscribed: anything announced while we were away must be picked up now.
      this.listening = true;
      void this.reloadSafely();
    };
    this.unlisteners.push(await this.options.database.listen(SNAPSHOT_CHANNEL, onVersion, onListening));
    this.unlisteners.push(
      await this.options.database.listen(this.pingChannel, () => {
        this.pingOutstanding = false;
        this.listening = true;
      })
    );
    this.listening = true;
    this.heartbeat = setInterval(() => void this.beat(), this.options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
  }

  /**
   * A NOTIFY to ourselves proves the LISTEN connection still delivers. If the last one never came
   * back, notifications may be getting lost: poll the snapshot table until they flow again.
   */
  private async beat(): Promise<void> {
    if (this.pingOutstanding) this.listening = false;
    if (!this.listening) await this.reloadSafely();
    this.pingOutstanding = true;
    await notify(this.options.database.db, this.pingChannel, '').catch((err: unknown) => {
      this.options.log.warn({ err }, 'handler snapshot heartbeat failed');
    });
  }

  async stop(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.listening = false;
    await Promise.all(this.unlisteners.map((unlisten) => unlisten()));
  }

  current(): HandlerSnapshot {
    if (!this.newest) throw new Error('no handler snapshot is loaded yet');
    return this.newest;
  }

  hasSnapshot(): boolean {
    return this.newest !== null;
  }

  /** The version the next event is planned with (`current()`), or null before any snapshot is loaded. */
  activeVersion(): number | null {
    return this.newest?.version ?? null;
  }

  /**
   * Whether the LISTEN connection is believed to deliver: false from a heartbeat that never came back until
   * notifications flow again (polling covers the gap meanwhile), and after `stop()`.
   */
  isListening(): boolean {
    return this.listening;
  }

  async byVersion(version: number): Promise<HandlerSnapshot | null> {
    if (this.newest?.version === version) return this.newest;
    const cached = this.older.get(version);
    if (cached) return cached;
    const row = await snapshotByVersion(this.options.database.db, version);
    if (!row) return null;
    const snapshot = fromRow(row);
    this.remember(snapshot);
    return snapshot;
  }

  offer(snapshot: HandlerSnapshot): void {
    if (this.newest && snapshot.version <= this.newest.version) return;
    if (this.newest) this.remember(this.newest);
    this.newest = snapshot;
    this.options.log.info({ version: snapshot.version, handlers: snapshot.handlers.length }, 'handler snapshot active');
  }

  private remember(snapshot: HandlerSnapshot): void {
    this.older.set(snapshot.version, snapshot);
    const keep = this.options.keepVersions ?? 8;
    for (const version of [...this.older.keys()].sort((a, b) => a - b).slice(0, Math.max(0, this.older.size - keep))) {
      this.older.delete(version);
    }
  }

  private async reload(): Promise<void> {
    const row = await latestSnapshot(this.options.database.db);
    if (row) this.offer(fromRow(row));
  }

  private reloadSafely(): Promise<void> {
    // Coalesce bursts of notifications into one query at a time.
    this.reloading ??= this.reload()
      .catch((err: unknown) => this.options.log.warn({ err }, 'could not reload the handler snapshot'))
      .finally(() => {
        this.reloading = null;
      });
    return this.reloading;
  }
}
