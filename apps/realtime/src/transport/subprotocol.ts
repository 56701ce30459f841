// WebSocket subprotocol negotiation: lc.<format>.<version>.
import type { WireFormat } from "../protocol/prepared-command.js";

export const SUPPORTED_SUBPROTOCOLS = ["lc.protobuf2.3", "lc.proto2base64.3", "lc.protobuf2.1", "lc.proto2base64.1"] as const;
export type Subprotocol = (typeof SUPPORTED_SUBPROTOCOLS)[number];

export interface NegotiatedSubprotocol {
  protocol: Subprotocol;
  format: WireFormat;
  version: 1 | 3;
  /**
   * Whether to put Sec-WebSocket-Protocol in the handshake response. Only when the client sent
   * the header: v4 in WeChat mini-programs sends `?subprotocol=` instead and must get no header.
   */
  echo: boolean;
}

const DEFAULT: Subprotocol = "lc.protobuf2.3";

function isSupported(value: string): value is Subprotocol {
  return (SUPPORTED_SUBPROTOCOLS as readonly string[]).includes(value);
}

function describe(protocol: Subprotocol, echo: boolean): NegotiatedSubprotocol {
  return {
    protocol,
    format: protocol.startsWith("lc.proto2base64.") ? "base64" : "binary",
    version: protocol.endsWith(".1") ? 1 : 3,
    echo,
  };
}

/**
 * @param header the Sec-WebSocket-Protocol request header, if any
 * @param requestUrl the request target (path + query), for `?subprotocol=`
 * @returns null when the client asked only for protocols we do not speak
 */
export function negotiateSubprotocol(header: string | undefined, requestUrl: string | undefined): NegotiatedSubprotocol | null {
  if (header !== undefined && header.trim() !== "") {
    const offered = header.split(",").map((p) => p.trim());
    const chosen = offered.find(isSupported);
    return chosen ? describe(chosen, true) : null;
  }
  let fromQuery: string | null;
  try {
    fromQuery = new URL(requestUrl ?? "/", "http://localhost").searchParams.get("subprotocol");
  } catch {
    return null;
  }
  if (fromQuery === null || fromQuery === "") return describe(DEFAULT, false);
  return isSupported(fromQuery) ? describe(fromQuery, false) : null;
}
