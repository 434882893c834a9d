// How messages about a data file quote its content: only short values in the shape the format expects, so that a
// scenario naming some other file (a key, a password file) cannot have its content printed.

/** Longest field text quoted back in a message. */
export const SHOWN_FIELD_CHARS = 32;

/** A field's text as a message quotes it: `"abc"`, or `a field of 200 characters` when long. */
export function shownField(text: string): string {
  return text.length <= SHOWN_FIELD_CHARS ? `"${text}"` : `a field of ${text.length} characters`;
}

/**
 * A header row as a message quotes it: `"size,impact"` when every name is a short word (letters, digits, `_`, `-`,
 * `.`, spaces), else only how many fields it has (the first line of a file that is not a CSV of this kind).
 */
export function shownHeader(header: readonly string[]): string {
  const words = header.every((name) => name.length <= SHOWN_FIELD_CHARS && /^[A-Za-z0-9_. -]*$/.test(name));
  return words ? `"${header.join(',')}"` : `a first line of ${header.length} field(s) that are not column names`;
}
