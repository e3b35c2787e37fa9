// The link as a QR code in the terminal, drawn locally (the link never leaves this machine).
// Two module rows per text line with half blocks, black on white whatever the terminal's theme,
// with the 4-module quiet zone scanners need. uqr is bundled into the CLI: no runtime dependency.
import { encode } from 'uqr';

const BLACK_ON_WHITE = '\x1b[30;107m';
const RESET = '\x1b[0m';
const QUIET_ZONE = 4;

/** Lines of text drawing `text` as a QR code (error correction M). */
export function terminalQr(text: string): string[] {
  const { data } = encode(text, { ecc: 'M', border: QUIET_ZONE });
  const lines: string[] = [];
  for (let y = 0; y < data.length; y += 2) {
    const top = data[y]!;
    const bottom = data[y + 1];
    let line = '';
    for (let x = 0; x < top.length; x++) {
      const up = top[x]!;
      const down = bottom?.[x] ?? false;
      line += up && down ? '█' : up ? '▀' : down ? '▄' : ' ';
    }
    lines.push(`${BLACK_ON_WHITE}${line}${RESET}`);
  }
  return lines;
}
