/** `charset`: the body still reads as decoded with the wrong charset (src/http/mis-decoding.ts). */
export type FetchErrorKind = 'network' | 'timeout' | 'http' | 'too-large' | 'robots' | 'redirect' | 'charset';

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
