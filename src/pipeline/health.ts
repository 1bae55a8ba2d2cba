/**
 * The run-health verdict. A run may change what the product believes (mark postings missing,
 * close them) only when its inventory was fetched and understood completely.
 */
import type { RunVerdictReason } from '../model/run.ts';
import type { InventoryResult } from './crawl.ts';

export interface HealthVerdict {
  healthy: boolean;
  reason: RunVerdictReason | null;
}

/** Small inventories (a hiring page with three tiles) legitimately halve: the ratio applies above this. */
const MIN_COUNT_FOR_RATIO = 10;

const unhealthy = (reason: RunVerdictReason['reason'], more = 0): HealthVerdict => ({
  healthy: false,
  reason: { reason, more },
});

/**
 * Healthy when every inventory page was fetched and understood, pagination reached its end, and
 * the number of postings listed is plausible: not fewer than (1 - maxDropRatio) × the portal's
 * announced total, or, when it announces none, × what the previous healthy run listed. A portal
 * that answers 200 with an empty or half page must not close anything.
 */
export function judgeInventory(
  inventory: Pick<
    InventoryResult,
    'pages' | 'failures' | 'listed' | 'declaredTotal' | 'announcedBySeries' | 'statedEmpty'
  >,
  previousListed: number | null,
  maxDropRatio: number,
): HealthVerdict {
  if (inventory.pages.length === 0) return unhealthy({ code: 'no-inventory-request' });
  const [first, ...others] = inventory.failures;
  if (first) return unhealthy(first, others.length);
  const listed = inventory.listed;
  // 1 - 0.9 is 0.0999… in floating point: the tolerance keeps 20 × 0.1 from flooring to 1.
  const floor = (reference: number) => Math.floor(reference * (1 - maxDropRatio) + 1e-9);
  // Two searches: one listing 5 of its 27, the other 2 of 2, together list 7 of "27": judged per search.
  const truncated = inventory.announcedBySeries.find((s) => s.listed < floor(s.announced));
  if (truncated)
    return unhealthy({ code: 'count-below-announced', listed: truncated.listed, announced: truncated.announced });
  if (inventory.declaredTotal !== null) {
    if (listed < floor(inventory.declaredTotal))
      return unhealthy({ code: 'count-below-announced', listed, announced: inventory.declaredTotal });
  } else if (previousListed !== null && previousListed >= MIN_COUNT_FOR_RATIO && listed < floor(previousListed)) {
    return unhealthy({ code: 'count-below-previous', listed, previous: previousListed });
  }
  if (listed === 0 && previousListed && !inventory.statedEmpty)
    return unhealthy({ code: 'nothing-listed', previous: previousListed });
  return { healthy: true, reason: null };
}
