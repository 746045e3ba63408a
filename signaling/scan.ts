/**
 * One linear pass over a message's text, before JSON.parse: how deep its arrays and objects nest,
 * and where the value of its top-level "data" key lies.
 *
 * Depth is checked on the text, without recursion, so a message nested thousands deep is refused
 * before anything walks it (JSON.stringify of such a value overflows the stack). The "data" range
 * lets the server relay a signal's payload as the very text the sender wrote: no re-serialisation,
 * so no stack to overflow, no work beyond a copy, and no growth (`9e20` would come back as 21
 * digits) or change (integers above 2^53) of the payload on the way.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export interface Scan {
  /** Deepest nesting seen, capped at maxDepth + 1 (the scan stops there). */
  readonly depth: number;
  /**
   * [start, end) of the top-level object's last "data" value, trimmed; -1 when there is none.
   * Meaningful only for text that JSON.parse accepts: for valid JSON the scan is exact, and for
   * anything else the caller has already refused the message.
   */
  readonly dataStart: number;
  readonly dataEnd: number;
}

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The key a raw JSON string token stands for ("d\u0061ta" is "data"). */
function keyOf(token: string): string {
  if (!token.includes('\\')) return token.slice(1, -1);
  try {
    const k: unknown = JSON.parse(token);
    return typeof k === 'string' ? k : '';
  } catch {
    return '';
  }
}

export function scanMessage(text: string, maxDepth: number): Scan {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  let topIsObject = false;
  // Within the top-level object: are we before a key, where did the current key and value start.
  let expectKey = false;
  let keyStart = -1;
  let key = '';
  let valueStart = -1;
  let dataStart = -1;
  let dataEnd = -1;

  const endValue = (end: number): void => {
    if (valueStart < 0 || key !== 'data') return;
    let a = valueStart;
    let b = end;
    while (a < b && isJsonSpace(text.charCodeAt(a))) a += 1;
    while (b > a && isJsonSpace(text.charCodeAt(b - 1))) b -= 1;
    dataStart = a;
    dataEnd = b;
  };

  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i += 1;
      else if (c === QUOTE) {
        inString = false;
        if (keyStart >= 0) {
          key = keyOf(text.slice(keyStart, i + 1));
          keyStart = -1;
        }
      }
      continue;
    }
    switch (c) {
      case QUOTE:
        inString = true;
        if (depth === 1 && topIsObject && expectKey) {
          keyStart = i;
          expectKey = false;
        }
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (depth === 0) {
          topIsObject = c === OPEN_BRACE;
          expectKey = topIsObject;
        }
        depth += 1;
        if (depth > deepest) deepest = depth;
        if (depth > maxDepth) return { depth: deepest, dataStart: -1, dataEnd: -1 };
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        if (depth === 1 && topIsObject) {
          endValue(i);
          valueStart = -1;
        }
        // Stray closers (invalid JSON, refused by the parse that follows) must not buy depth.
        if (depth > 0) depth -= 1;
        break;
      case COLON:
        if (depth === 1 && topIsObject) valueStart = i + 1;
        break;
      case COMMA:
        if (depth === 1 && topIsObject) {
          endValue(i);
          valueStart = -1;
          expectKey = true;
        }
        break;
      default:
        break;
    }
  }
  return { depth: deepest, dataStart, dataEnd };
}
