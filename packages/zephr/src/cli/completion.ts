// `zephr completion bash|zsh|fish`: a completion script generated from the option table in
// args.ts, so every flag the parser accepts is offered, for the commands it applies to.
import { COMMAND_WORDS, inScope, OPTIONS, SCOPES, type Shell } from './args.js';

type Name = keyof typeof OPTIONS;
type Context = 'create' | 'retrieve' | 'link' | 'request' | 'fulfill' | 'limits';

const COMMANDS: Record<(typeof COMMAND_WORDS)[number], string> = {
  retrieve: 'retrieve and decrypt a secret (it is destroyed)',
  info: 'hint and expiry of an unread secret, without opening it',
  burn: 'destroy an unread secret',
  request: 'ask someone for a secret: print a request link, wait, print what arrives',
  fulfill: 'answer a request link with a secret',
  fulfil: 'answer a request link with a secret (same as fulfill)',
  limits: 'your tier, expiries, size limit and remaining creates',
  login: 'sign in through the browser and store an API key',
  logout: 'revoke the stored API key and forget it',
  completion: 'print a shell completion script',
};
const EXPIRY_WORDS = '5m 15m 30m 1h 24h 1d 7d 30d';
const FILE_OPTIONS: Name[] = ['file', 'output'];

function optionsFor(context: Context): Name[] {
  const scopes: readonly string[] = SCOPES[context === 'limits' ? 'other' : context];
  return (Object.keys(OPTIONS) as Name[]).filter((name) => inScope(name, scopes));
}

const flagsOf = (name: Name) => ['short' in OPTIONS[name] ? `-${(OPTIONS[name] as { short: string }).short}` : '', `--${name}`].filter(Boolean);
const takesValue = (name: Name) => OPTIONS[name].type === 'string';

export function completionScript(shell: Shell): string {
  return shell === 'bash' ? bash() : shell === 'zsh' ? zsh() : fish();
}

function bash(): string {
  const words = (context: Context) => optionsFor(context).flatMap(flagsOf).join(' ');
  const valued = (Object.keys(OPTIONS) as Name[]).filter(takesValue);
  const files = valued.filter((n) => FILE_OPTIONS.includes(n)).flatMap(flagsOf).join('|');
  const others = valued.filter((n) => !FILE_OPTIONS.includes(n) && n !== 'expiry').flatMap(flagsOf).join('|');
  return `# zephr completion for bash. Load it with: source <(zephr completion bash)
_zephr() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}" cmd="" word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in ${COMMAND_WORDS.join('|')}) cmd="$word"; break ;; esac
  done
  case "$prev" in
    -e|--expiry) COMPREPLY=($(compgen -W "${EXPIRY_WORDS}" -- "$cur")); return ;;
    ${files}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${others}) COMPREPLY=(); return ;;
  esac
  local opts
  case "$cmd" in
    retrieve) opts="${words('retrieve')}" ;;
    info|burn) opts="${words('link')}" ;;
    request) opts="receive ${words('request')}" ;;
    fulfill|fulfil) opts="${words('fulfill')}" ;;
    limits|login|logout) opts="${words('limits')}" ;;
    completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
    *) opts="${words('create')}"; [ "$COMP_CWORD" -eq 1 ] && opts="${COMMAND_WORDS.join(' ')} $opts" ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _zephr zephr
`;
}

function zsh(): string {
  const quote = (text: string) => text.replace(/'/g, `'\\''`).replace(/[[\]:]/g, '\\$&');
  const spec = (name: Name) => {
    const flags = flagsOf(name);
    const value = name === 'expiry' ? `:time:(${EXPIRY_WORDS})` : FILE_OPTIONS.includes(name) ? ':path:_files' : takesValue(name) ? `:${name}: ` : '';
    const about = `[${quote(OPTIONS[name].about)}]${value}`;
    return flags.length === 1 ? `'${flags[0]}${about}'` : `'(${flags.join(' ')})'{${flags.join(',')}}'${about}'`;
  };
  const specs = (context: Context) => optionsFor(context).map(spec).join(' ');
  const commands = Object.entries(COMMANDS).map(([word, about]) => `'${word}:${quote(about)}'`).join(' ');
  return `#compdef zephr
# zephr completion for zsh. Load it with: source <(zephr completion zsh) (after compinit),
# or save it as _zephr in a directory on $fpath.
_zephr() {
  local -a opts commands
  commands=(${commands})
  case $words[2] in
    retrieve) opts=(${specs('retrieve')}) ;;
    info|burn) opts=(${specs('link')}) ;;
    request) opts=(${specs('request')}) ;;
    fulfill|fulfil) opts=(${specs('fulfill')}) ;;
    limits|login|logout) opts=(${specs('limits')}) ;;
    completion) (( CURRENT == 3 )) && _values shell bash zsh fish; return ;;
    *) opts=(${specs('create')})
       (( CURRENT == 2 )) && [[ $PREFIX != -* ]] && { _describe command commands; return } ;;
  esac
  _arguments -s $opts '*:argument: '
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then _zephr "$@"; else compdef _zephr zephr; fi
`;
}

function fish(): string {
  const seen = (words: readonly string[]) => `__fish_seen_subcommand_from ${words.join(' ')}`;
  const when: Record<Context, string> = {
    create: `not ${seen(COMMAND_WORDS)}`,
    retrieve: seen(['retrieve']),
    link: seen(['info', 'burn']),
    request: seen(['request']),
    fulfill: seen(['fulfill', 'fulfil']),
    limits: seen(['limits', 'login', 'logout']),
  };
  const lines = ['# zephr completion for fish. Load it with: zephr completion fish | source', 'complete -c zephr -f'];
  for (const [word, about] of Object.entries(COMMANDS)) lines.push(`complete -c zephr -n __fish_use_subcommand -a ${word} -d '${about}'`);
  lines.push(`complete -c zephr -n '${seen(['completion'])}' -a 'bash zsh fish'`);
  for (const context of ['create', 'retrieve', 'link', 'request', 'fulfill', 'limits'] as const) {
    for (const name of optionsFor(context)) {
      const o = OPTIONS[name];
      const short = 'short' in o ? ` -s ${(o as { short: string }).short}` : '';
      const value = name === 'expiry' ? ` -x -a '${EXPIRY_WORDS}'` : FILE_OPTIONS.includes(name) ? ' -r -F' : takesValue(name) ? ' -x' : '';
      lines.push(`complete -c zephr -n '${when[context]}'${short} -l ${name}${value} -d '${o.about.replace(/'/g, "\\'")}'`);
    }
  }
  return `${lines.join('\n')}\n`;
}
