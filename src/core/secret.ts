// A secret value that cannot leak by accident: printing, logging or JSON-encoding it shows a mask.
// Only `reveal()` gives the value, and every revealed value is registered for by-value log redaction.

const MASK = '********';
const revealed = new Set<string>();

export class Secret {
  readonly #value: string;
  constructor(
    value: string,
    readonly source: string = 'literal',
  ) {
    this.#value = value;
    if (value.length >= 4) revealed.add(value);
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return MASK;
  }
  toJSON(): string {
    return MASK;
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${MASK})`;
  }
}

/** Registers a value learnt at run time (a token, a webhook signing secret) so logs redact it. */
export function registerSecretValue(value: string): void {
  if (value.length >= 4) revealed.add(value);
}

/** Replaces every known secret value found in `text` with the mask. */
export function redactSecretValues(text: string): string {
  let out = text;
  for (const value of revealed) {
    if (out.includes(value)) out = out.split(value).join(MASK);
  }
  return out;
}

export const SECRET_MASK = MASK;
