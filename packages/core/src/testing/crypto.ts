import type { Crypto } from "../ports.js";

/** Pure-TypeScript SHA-1 (tests only; production uses node:crypto through the same port). */
function sha1(bytes: Uint8Array): Uint8Array {
  const ml = bytes.length * 8;
  const withPadding = new Uint8Array(((bytes.length + 9 + 63) >> 6) << 6);
  withPadding.set(bytes);
  withPadding[bytes.length] = 0x80;
  const view = new DataView(withPadding.buffer);
  view.setUint32(withPadding.length - 8, Math.floor(ml / 0x100000000));
  view.setUint32(withPadding.length - 4, ml >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let off = 0; off < withPadding.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3]! ^ w[i - 8]! ^ w[i - 14]! ^ w[i - 16]!;
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
      else { f = b ^ c ^ d; k = 0xca62c1d6; }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[i]!) >>> 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    h0 = (h0 + a) >>> 0; h1 = (h1 + b) >>> 0; h2 = (h2 + c) >>> 0; h3 = (h3 + d) >>> 0; h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => ov.setUint32(i * 4, h));
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

export function hmacSha1(key: Uint8Array, message: Uint8Array): Uint8Array {
  let k = key.length > 64 ? sha1(key) : key;
  const block = new Uint8Array(64);
  block.set(k);
  const ipad = block.map((x) => x ^ 0x36);
  const opad = block.map((x) => x ^ 0x5c);
  const inner = new Uint8Array(64 + message.length);
  inner.set(ipad);
  inner.set(message, 64);
  const innerHash = sha1(inner);
  const outer = new Uint8Array(64 + 20);
  outer.set(opad);
  outer.set(innerHash, 64);
  k = sha1(outer);
  return k;
}

/** Real HMAC-SHA1/SHA-1 in pure TypeScript; deterministic tokens (`tok-1`, `tok-2`…). */
export function createTestCrypto(): Crypto {
  let tokens = 0;
  return {
    hmacSha1Hex: (key, message) => hex(hmacSha1(utf8(key), utf8(message))),
    sha1Hex: (message) => hex(sha1(utf8(message))),
    timingSafeEqualHex(a, b) {
      if (a.length !== b.length || !/^[0-9a-f]*$/i.test(a) || !/^[0-9a-f]*$/i.test(b)) return false;
      let diff = 0;
      const la = a.toLowerCase();
      const lb = b.toLowerCase();
      for (let i = 0; i < la.length; i++) diff |= la.charCodeAt(i) ^ lb.charCodeAt(i);
      return diff === 0;
    },
    randomToken: () => `tok-${(++tokens).toString().padStart(8, "0")}`,
  };
}
