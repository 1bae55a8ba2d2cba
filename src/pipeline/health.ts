/**
 * The run-health verdict. A run may change what the product believes (mark postings missing,
 * close them) only when its inventory was fetched and understood completely.
 */
import type { InventoryResult } from './crawl.ts';

export interface HealthVerdict {
  healthy: boolean;
  reason: string | null;
}

/**
 * Healthy when every inventory page was fetched and understood, pagination reached its end, and
 * the number of postings listed is plausible: not fewer than (1 - maxDropRatio) × the portal's
 * announced total, or, when it announces none, × what the previous healthy run listed. A portal
 * that answers 200 with an empty or half page must not close anything.
 */
/** Small inventories (a hiring page with three tiles) legitimately halve: the ratio applies above this. */
const MIN_COUNT_FOR_RATIO = 10;

export function judgeInventory(inventory: InventoryResult, previousListed: number | null, maxDropRatio: number): HealthVerdict {
  if (inventory.pages.length === 0) return { healthy: false, reason: 'no inventory page was requested' };
  if (inventory.failures.length > 0) {
    const more = inventory.failures.length > 1 ? ` (+${inventory.failures.length - 1} more)` : '';
    return { healthy: false, reason: `${inventory.failures[0]}${more}` };
  }
  const listed = inventory.postings.size;
  // 1 - 0.9 is 0.0999… in floating point: the tolerance keeps 20 × 0.1 from flooring to 1.
  const floor = (reference: number) => Math.floor(reference * (1 - maxDropRatio) + 1e-9);
  if (inventory.declaredTotal !== null) {
    if (listed < floor(inventory.declaredTotal)) {
      return { healthy: false, reason: `implausible count: ${listed} posting(s) listed, the portal announces ${inventory.declaredTotal}` };
    }
  } else if (previousListed !== null && previousListed >= MIN_COUNT_FOR_RATIO && listed < floor(previousListed)) {
    return { healthy: false, reason: `implausible count: ${listed} posting(s) listed, ${previousListed} in the previous healthy run` };
  }
  if (listed === 0 && previousListed && !inventory.statedEmpty) {
    return { healthy: false, reason: `implausible count: nothing listed (${previousListed} in the previous healthy run) and no page says there is nothing` };
  }
  return { healthy: true, reason: null };
}
