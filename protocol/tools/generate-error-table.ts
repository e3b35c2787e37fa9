// Renders protocol/errors.json into the forms other places read: the SDK's typed table and the
// table in spec/v1/errors.md. Run through generate.ts, which also checks they are current.
import { readFileSync } from 'node:fs';

export interface ErrorTable {
  wire: Record<string, { status: number; message: string; when: string; next: string }>;
  local: Record<string, { class: string; message: string; when: string; next: string }>;
}

export function readErrorTable(path: string): ErrorTable {
  const table = JSON.parse(readFileSync(path, 'utf8')) as ErrorTable;
  for (const [code, e] of [...Object.entries(table.wire), ...Object.entries(table.local)]) {
    if (typeof e.next !== 'string' || e.next === '') throw new Error(`errors.json: ${code} has no "next" advice`);
    const unknown = [...e.next.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).filter((w) => !ADVICE_WORDS.includes(w!));
    if (unknown.length > 0) throw new Error(`errors.json: ${code} advice uses unknown placeholder {${unknown[0]}}`);
  }
  return table;
}

/** Placeholders an advice text may use; each surface fills them with its own words. */
export const ADVICE_WORDS = ['api_key', 'server'];

const allAdvice = (table: ErrorTable) => [...Object.entries(table.wire), ...Object.entries(table.local)];

export function renderErrorCodesTs(table: ErrorTable): string {
  const wire = Object.entries(table.wire)
    .map(([code, e]) => `  ${code}: { status: ${e.status}, message: ${JSON.stringify(e.message)} },`)
    .join('\n');
  const local = Object.entries(table.local)
    .map(([code, e]) => `  ${code}: { class: ${JSON.stringify(e.class)}, message: ${JSON.stringify(e.message)} },`)
    .join('\n');
  return `// Generated from protocol/errors.json by protocol/tools/generate.ts. Do not edit by hand.

/** Errors that travel in the HTTP envelope {"error":{"code","message"}}. */
export const WIRE_ERRORS = {
${wire}
} as const;

/** Errors raised by client libraries; they never travel on the wire. */
export const LOCAL_ERRORS = {
${local}
} as const;

export type WireErrorCode = keyof typeof WIRE_ERRORS;
export type LocalErrorCode = keyof typeof LOCAL_ERRORS;

/**
 * What to do next, per code: one wording for every surface (CLI, MCP tools, web pages).
 * {api_key} and {server} are placeholders each surface fills (see adviceFor).
 */
export const ERROR_ADVICE: Readonly<Record<WireErrorCode | LocalErrorCode, string>> = {
${allAdvice(table).map(([code, e]) => `  ${code}: ${JSON.stringify(e.next)},`).join('\n')}
};
`;
}

/** The same table for the Python SDK (packages/sdk-python), as plain dicts. */
export function renderErrorCodesPy(table: ErrorTable): string {
  const py = (s: string) => JSON.stringify(s);
  const wire = Object.entries(table.wire)
    .map(([code, e]) => `    ${py(code)}: (${e.status}, ${py(e.message)}),`)
    .join('\n');
  const local = Object.entries(table.local)
    .map(([code, e]) => `    ${py(code)}: (${py(e.class)}, ${py(e.message)}),`)
    .join('\n');
  return `# Generated from protocol/errors.json by protocol/tools/generate.ts. Do not edit by hand.
"""Every error code Zephr uses: wire codes travel in the HTTP envelope, local ones never do."""

from __future__ import annotations

from typing import Final

#: Wire code -> (HTTP status, default message).
WIRE_ERRORS: Final[dict[str, tuple[int, str]]] = {
${wire}
}

#: Local code -> (exception class name, default message).
LOCAL_ERRORS: Final[dict[str, tuple[str, str]]] = {
${local}
}

#: Code -> what to do next, worded once for every surface; {api_key} and {server} are placeholders.
ERROR_ADVICE: Final[dict[str, str]] = {
${allAdvice(table).map(([code, e]) => `    ${py(code)}: ${py(e.next)},`).join('\n')}
}
`;
}

const BEGIN = '<!-- BEGIN GENERATED TABLES: protocol/tools/generate.ts -->';
const END = '<!-- END GENERATED TABLES -->';

/** Replaces the generated section of errors.md, leaving the prose around it as written. */
export function renderErrorsMd(current: string, table: ErrorTable): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const wire = Object.entries(table.wire)
    .map(([code, e]) => `| \`${code}\` | ${e.status} | ${cell(e.message)} | ${cell(e.when)} | ${cell(e.next)} |`)
    .join('\n');
  const local = Object.entries(table.local)
    .map(([code, e]) => `| \`${code}\` | \`${e.class}\` | ${cell(e.message)} | ${cell(e.when)} | ${cell(e.next)} |`)
    .join('\n');
  const section = `${BEGIN}
### Wire codes

| code | HTTP | default message | when | what to do next |
|---|---|---|---|---|
${wire}

### Local codes

| code | class | default message | when | what to do next |
|---|---|---|---|---|
${local}
${END}`;
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start === -1 || end === -1) throw new Error('errors.md lacks the generated-section markers');
  return current.slice(0, start) + section + current.slice(end + END.length);
}
