// Client id rules: non-empty, at most `maxLength` characters, no control characters.

const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateClientId(clientId: string | undefined, maxLength: number): string | null {
  if (clientId === undefined || clientId === "") return "client id is empty";
  if ([...clientId].length > maxLength) return `client id longer than ${maxLength} characters`;
  if (CONTROL.test(clientId)) return "client id contains control characters";
  return null;
}
