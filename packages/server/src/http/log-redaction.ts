// What request logs may contain: method, path with secret ids shortened, status, timing. Never
// bodies (blobs, callback secrets), headers (API keys, Idempotency-Key) or query strings; and
// never a whole secret id, because an id alone is enough to destroy a secret.
const ID_IN_PATH = /(\/secrets?\/)([A-Za-z0-9_-]{4})[^/?#]*/g;

function redactUrl(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return path.replace(ID_IN_PATH, '$1$2…');
}

export const logSerializers = {
  req(req: { method?: string; url?: string }) {
    return { method: req.method, url: redactUrl(req.url ?? '') };
  },
  res(res: { statusCode?: number }) {
    return { statusCode: res.statusCode };
  },
};

/** Belt and braces: pino removes these paths should any object carrying them be logged. */
export const LOG_REDACT_PATHS = [
  'req.headers', 'headers', 'body', 'req.body', '*.encrypted_blob', '*.callback_secret', '*.authorization', '*["idempotency-key"]',
];
