/**
 * What a notification says, frozen when it is written to the outbox: a retry days later sends
 * the same words and links, whatever the database says by then.
 */
import type { NotificationKind } from './settings.ts';

interface PortalLink {
  source: string;
  /** `Passerelles (réf. 2026-1234)` */
  label: string;
  url: string;
}

export interface OpeningSnapshot {
  uid: string;
  title: string;
  employer: string | null;
  location: string | null;
  contractType: string | null;
  deadline: string | null;
  status: 'open' | 'missing' | 'closed';
  /** The opening's page on this service. */
  pageUrl: string;
  /** One link per portal posting. */
  links: PortalLink[];
}

export interface SourceSnapshot {
  id: string;
  label: string;
  /** Why the latest run failed. */
  reason: string | null;
  /** Consecutive unhealthy runs so far. */
  unhealthyRuns: number;
  lastHealthyAt: string | null;
  staleAfterHours: number;
}

interface Base<K extends NotificationKind> {
  kind: K;
  at: string;
  /** Whose opening or hiring page; absent for news of a source, which every channel hears. */
  organisation?: string;
}

export type Notification =
  | (Base<'new'> & { opening: OpeningSnapshot })
  | (Base<'closed'> & {
      opening: OpeningSnapshot;
      closeReasons: string[];
      shortLived: boolean;
      manualNote: string | null;
    })
  | (Base<'reopened'> & { opening: OpeningSnapshot; manual: boolean })
  | (Base<'deadline-changed'> & { opening: OpeningSnapshot; from: string | null; to: string | null })
  | (Base<'source-failing'> & { source: SourceSnapshot })
  | (Base<'source-stale'> & { source: SourceSnapshot })
  | (Base<'source-recovered'> & { source: SourceSnapshot })
  | (Base<'hiring-page-error'> & {
      message: string;
      evidence: string;
      tile: { title: string; url: string } | null;
      opening: OpeningSnapshot | null;
    });

/** The payload of an outbox row: one notification (`each`) or a run's worth (`digest`). */
export interface OutboxPayload {
  notifications: Notification[];
}
