/**
 * When deploy-on-boot deploys a bundled file (D7 in docs/decisions.md). Redeploying an
 * unchanged file is not harmless: when the newest version came from the designer, the
 * engine sees different content and makes the bundled file the newest version again,
 * silently reverting the administrator's work. So the boot deploys a file only when it
 * changed since the boot last deployed it.
 */
import { createHash } from 'node:crypto';

export type BootDeploymentDecision = 'deploy' | 'unchanged';

export interface BootDeploymentFacts {
  /** Checksum of the file as it is now. */
  readonly checksum: string;
  /** Checksum the boot last deployed under this file's name; undefined when it never recorded one. */
  readonly lastBootChecksum: string | undefined;
  /**
   * Whether the process or form registry holds a version with exactly this content under this
   * resource name; undefined for a kind without a registry (decisions).
   */
  readonly registryHoldsContent: boolean | undefined;
}

/**
 * A file that changed since the boot deployed it is deployed. So is one the registries do not
 * hold (a first boot, or a row that lost what the server needs from it, e.g. its XML). Without
 * a recorded checksum (a database from before they were kept), content the registries already
 * hold is not deployed again.
 */
export function bootDeploymentDecision(facts: BootDeploymentFacts): BootDeploymentDecision {
  if (facts.lastBootChecksum !== undefined && facts.lastBootChecksum !== facts.checksum) return 'deploy';
  if (facts.registryHoldsContent !== undefined) return facts.registryHoldsContent ? 'unchanged' : 'deploy';
  return facts.lastBootChecksum === facts.checksum ? 'unchanged' : 'deploy';
}

/** SHA-256 of a file's UTF-8 content, hex. */
export function checksumOf(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}
