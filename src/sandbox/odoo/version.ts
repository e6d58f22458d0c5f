// The Odoo versions the sandbox can pretend to be, and what each one answers to `common.version`.
export type OdooVersion = 16 | 17 | 18 | 19;

export const SUPPORTED_VERSIONS: readonly OdooVersion[] = [16, 17, 18, 19];

const SERVER_VERSIONS: Record<OdooVersion, string> = {
  16: '16.0-20240709',
  17: '17.0-20240709',
  18: '18.0-20250115',
  19: '19.0-20251227',
};

export function serverVersion(version: OdooVersion): string {
  return SERVER_VERSIONS[version];
}

export function serverVersionInfo(version: OdooVersion): [number, number, number, string, number, string] {
  return [version, 0, 0, 'final', 0, ''];
}

/** JSON-RPC error `code`: 200 up to 18, 0 from 19 on (fixture odoo19). */
export function jsonRpcErrorCode(version: OdooVersion): number {
  return version >= 19 ? 0 : 200;
}
