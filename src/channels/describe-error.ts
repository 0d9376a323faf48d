/**
 * What a log may hold of an error: never the token, never the payload (the officials' words). The token
 * can stand in a URL a client library puts in its messages and stacks, so every text is redacted.
 */
export type ErrorDescriber = (error: unknown) => Record<string, unknown>;

/** `platform` describes the API client's own errors (their code says more than their message), or returns null. */
export function createErrorDescriber(
  token: string,
  platform: (error: unknown, redact: (text: string) => string) => Record<string, unknown> | null,
): ErrorDescriber {
  const redact = (text: string): string => text.split(token).join('<token>');
  return (error) => {
    const described = platform(error, redact);
    if (described) return described;
    if (error instanceof Error)
      return { type: error.name, message: redact(error.message), stack: redact(error.stack ?? '') };
    return { message: redact(String(error)) };
  };
}
