/**
 * The run-health verdict. A run may change what the product believes (mark postings missing,
 * close them) only when its inventory was fetched and understood completely.
 */
import type { InventoryResult } from './crawl.ts';

export interface HealthVerdict {
  healthy: boolean;
  reason: string | null;
}

export function judgeInventory(inventory: InventoryResult): HealthVerdict {
  if (inventory.pages.length === 0) return { healthy: false, reason: 'no inventory page was requested' };
  if (inventory.failures.length > 0) {
    const more = inventory.failures.length > 1 ? ` (+${inventory.failures.length - 1} more)` : '';
    return { healthy: false, reason: `${inventory.failures[0]}${more}` };
  }
  return { healthy: true, reason: null };
}
