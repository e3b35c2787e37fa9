// The --help text.
import { HINT_MAX_LENGTH } from '../protocol/rules.js';

export const HELP = `zephr: share a secret through a one-time link. It is encrypted on this machine;
the server only ever stores ciphertext, and deletes it when the link is first opened.

Usage:
  zephr [options]                       prompt for the secret (input hidden)
  echo "$SECRET" | zephr [options]      create from stdin (one trailing newline is removed)
  zephr --file <path> [options]         share a file's contents exactly (checked against your limit first)
  zephr <secret> [options]              create from an argument (it stays in shell history: prefer the above)
  zephr retrieve <link> [options]       retrieve and decrypt (the secret is destroyed)
  zephr retrieve --url <url> --key <key>  retrieve a split-mode secret
  zephr x | zephr retrieve              retrieve a link given on stdin (split: URL and key on two lines)
  zephr info <link>                     hint and expiry of an unread secret, without opening it
                                        (also: zephr retrieve --peek <link>)
  zephr burn <link>                     destroy an unread secret: the link stops working
  zephr request [options]               ask for a secret: print a request link, wait, print what arrives
                                        (VAR=$(zephr request --hint "prod db") keeps it out of sight)
  zephr request receive <id>            finish a request made with --no-wait (or an interrupted wait)
  zephr fulfill <request-link> [secret] answer a request (the secret from stdin, --file or the prompt)
  zephr limits                          your tier, expiries, size limit and creates left
  zephr login [--server <url>]          sign in: approve in the browser, get an API key stored here
  zephr logout [--server <url>]         revoke that key and forget it
  zephr completion bash|zsh|fish        print a shell completion script

Only the key opens, previews or burns a secret: someone who sees the URL without its key
(a proxy log, a chat preview, a mistyped split key) cannot use it up.

Create options:
  -e, --expiry <time>        5m 15m 30m 1h 24h 1d 7d 30d, or minutes (default: 1h);
                             a bare 1, 24, 168 or 720 is hours, as older Zephr docs write it;
                             sub-hour needs a Dev/Pro key; over 1h needs an API key
  -s, --split                print the URL and the key separately, for two channels
  -H, --hint <label>         plaintext label for routing/audit (1-${HINT_MAX_LENGTH} ASCII, not encrypted)
  -f, --file <path>          share this UTF-8 file's contents (nothing trimmed)
      --qr                   also draw the link as a QR code (split mode: the URL only)
      --callback-url <url>   https URL notified when the secret is read or expires (needs a key)
      --callback-secret <s>  HMAC-SHA256 signing secret for that notification
      --no-claim             let the bare URL open it too, for a recipient on an older
                             Zephr client (zephr 1.3 / PyPI 0.5) that cannot prove the key

Request options:
  -e, --expiry <time>, -H, --hint <label>, --callback-url, --callback-secret   as for create
      --no-wait              print the request link and keep the key (0600, in ~/.config/zephr/requests);
                             zephr request receive <id> then waits for the secret

Retrieve options:
  -o, --output <path>        write the secret to a new file (mode 0600) instead of stdout
      --peek                 show hint and expiry without opening it (same as zephr info)

Common options:
  -k, --api-key <key>        API key (default: $ZEPHR_API_KEY, else the key zephr login stored
                             for the server, in ~/.config/zephr/credentials.json)
      --server <url>         Zephr server to create on (default: $ZEPHR_URL, else http://localhost:8080);
                             retrieval uses the server in the link unless --server is given
      --json                 machine-readable output on stdout (errors: {"error":{code,message}} on stderr)
  -q, --quiet                only the result on stdout (the link, the secret); nothing on stderr but errors
  -v, --version              show the version
  -h, --help                 show this help

Examples:
  zephr                                       # type the secret; nothing is echoed
  pass show prod/db | zephr                   # from a password manager
  link=$(zephr --file .env.prod --expiry 24h --api-key zeph_...)
  zephr --split --hint DB_PROD < db.txt       # URL and key for two channels
  zephr -- "-starts-with-a-dash"              # a secret that begins with "-"
  zephr retrieve "https://zephr.example/secret/Ht7k...#v1.AbC..." --output secret.txt
  zephr burn "https://zephr.example/secret/Ht7k...#v1.AbC..."  # sent to the wrong chat
  DB_PASSWORD=$(zephr request --hint "prod db")  # send the printed link to whoever has it
  pass show prod/db | zephr fulfill "https://zephr.example/request/k0WX...#r1.BLD8..."

Output: on a terminal, "Link: ..." (or "URL: ..." and "Key: ...") and when it expires; into a
pipe or file, only the link (split: the URL, then the key, on two lines), with the expiry note
on stderr. Retrieve writes the secret to stdout exactly (a newline is added only on a terminal)
and "Hint: ..." to stderr.
Exit status: 0 on success, 1 on any error, 130 when a prompt is cancelled.`;
