// Refusals as RFC 9457 problem details (`application/problem+json`), with per-field `errors` for validation.

export type FieldErrors = Record<string, string[]>;

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldErrors,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${title}: ${detail}`);
    this.name = 'HttpProblem';
  }

  body(): Record<string, unknown> {
    return {
      type: `https://clarity-sandbox.local/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      title: this.title,
      status: this.status,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'Not Found', detail);
}

export function conflict(detail: string): HttpProblem {
  return new HttpProblem(409, 'Conflict', detail);
}

export function unprocessable(detail: string, errors: FieldErrors): HttpProblem {
  return new HttpProblem(422, 'Unprocessable Entity', detail, errors);
}

export function badRequest(detail: string): HttpProblem {
  return new HttpProblem(400, 'Bad Request', detail);
}
