/** An expected failure of an identity operation: a status and a message safe to show. */
export class IdentityError extends Error {
  override name = 'IdentityError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
