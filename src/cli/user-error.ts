/** A failure the user can act on: printed without a stack trace, with its exit code. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
