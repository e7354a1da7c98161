/**
 * Checks made on the raw bytes before any parser sees them: the size limit and the
 * refusal of DTDs, which closes external entities (XXE) and entity expansion (billion laughs).
 */

/** Zeebe's default maximum message size bounds a resource; the embedded engine uses 4 MB. */
export const MAX_RESOURCE_BYTES = 4 * 1024 * 1024;

export function checkResourceSize(content: Buffer): string | undefined {
  return content.length > MAX_RESOURCE_BYTES
    ? `Expected resource size to be at most ${MAX_RESOURCE_BYTES} bytes, but was ${content.length} bytes`
    : undefined;
}

/** Decodes UTF-8, dropping a byte-order mark. */
export function decodeUtf8(content: Buffer): string {
  const text = content.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function checkXmlSafety(xml: string): string | undefined {
  if (/<!DOCTYPE/i.test(xml)) return 'DOCTYPE declarations are not allowed (external entities and entity expansion are disabled)';
  if (/<!ENTITY/i.test(xml)) return 'ENTITY declarations are not allowed (external entities and entity expansion are disabled)';
  return undefined;
}
