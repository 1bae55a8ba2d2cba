/** robots.txt rules of one origin, matched with our User-Agent's product token (RFC 9309). */
import robotsParser from 'robots-parser';

// robots-parser's typings declare an ES default export, but the package is CommonJS:
// under NodeNext the default import is the function itself.
const parseRobots = robotsParser as unknown as typeof robotsParser.default;

export interface RobotsVerdict {
  allowed: boolean;
  crawlDelaySeconds: number | null;
  robotsUrl: string;
  /** HTTP status robots.txt was served with. */
  robotsStatus: number | null;
}

/** `peren-openings/0.1 (+https://…)` → `peren-openings`: robots.txt groups name products, not versions. */
export function productToken(userAgent: string): string {
  return /^[A-Za-z_-]+/.exec(userAgent.trim())?.[0] ?? '*';
}

export class RobotsRules {
  private readonly rules: ReturnType<typeof parseRobots>;
  private readonly lines: string[];

  /** `text` is empty when robots.txt does not exist (4xx), which allows everything. */
  constructor(
    readonly robotsUrl: string,
    readonly status: number,
    text: string,
    private readonly token: string,
  ) {
    this.rules = parseRobots(robotsUrl, text);
    this.lines = text.split(/\r\n|\r|\n/);
  }

  get crawlDelaySeconds(): number | null {
    const delay = this.rules.getCrawlDelay(this.token);
    return delay !== undefined && Number.isFinite(delay) && delay > 0 ? delay : null;
  }

  /** `url` must be on this robots.txt's origin. */
  verdict(url: string): RobotsVerdict {
    return {
      // undefined means "another origin": never the case here, and never a licence to crawl.
      allowed: this.rules.isAllowed(url, this.token) === true,
      crawlDelaySeconds: this.crawlDelaySeconds,
      robotsUrl: this.robotsUrl,
      robotsStatus: this.status,
    };
  }

  /** The directive that decided for this URL (`line 4: Disallow: /private`), for error messages. */
  decidingRule(url: string): string | null {
    const line = this.rules.getMatchingLineNumber(url, this.token);
    return line > 0 ? `line ${line}: ${this.lines[line - 1]?.trim() ?? ''}` : null;
  }
}
