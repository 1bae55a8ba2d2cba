export type FetchErrorKind = 'network' | 'timeout' | 'http' | 'too-large' | 'robots' | 'redirect';

/** Why a page could not be fetched; `url` is the canonical URL the caller asked for. */
export class FetchError extends Error {
  override readonly name = 'FetchError';

  constructor(
    readonly kind: FetchErrorKind,
    readonly url: string,
    readonly status: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

