/**
 * What an uploaded evidence file is, by its first bytes (FILE-1): never by its name or the browser's
 * content type. Images also declare their size in their header: one declaring more pixels than allowed
 * (a decompression bomb) is refused before anything opens it.
 */

export type EvidenceType = 'application/pdf' | 'image/jpeg' | 'image/png';

export function sniffType(head: Uint8Array): EvidenceType | null {
  const starts = (bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** Width and height an image declares (PNG IHDR, JPEG SOFn), or null when they cannot be found. */
export function imageDimensions(
  type: EvidenceType,
  bytes: Uint8Array,
): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/png') {
    // signature (8), IHDR length (4), 'IHDR' (4), width (4), height (4)
    if (bytes.length < 24) return null;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type === 'image/jpeg') {
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1]!;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        i += 2;
        continue;
      }
      const length = view.getUint16(i + 2);
      const isFrame =
        marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isFrame) return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      i += 2 + length;
    }
    return null;
  }
  return null;
}

/** The upload's own name, kept only to show it: no folders, no control characters, at most 100 characters. */
export function cleanFileName(name: string | undefined, type: EvidenceType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 100);
  const ext = type === 'application/pdf' ? 'pdf' : type === 'image/png' ? 'png' : 'jpg';
  return clean || `证明材料.${ext}`;
}
