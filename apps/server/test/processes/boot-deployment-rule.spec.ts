/** D7: when deploy-on-boot deploys a bundled file (pure rule). */
import { bootDeploymentDecision, checksumOf } from '../../src/processes/boot-deployment-rule';

describe('bootDeploymentDecision', () => {
  const now = checksumOf('<bpmn:definitions>v2</bpmn:definitions>');
  const before = checksumOf('<bpmn:definitions>v1</bpmn:definitions>');

  it('deploys a file the boot never deployed and the registries do not hold (a first boot)', () => {
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: undefined, registryHoldsContent: false })).toBe('deploy');
  });

  it('leaves a file alone that did not change since the boot deployed it, whatever was deployed since', () => {
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: now, registryHoldsContent: true })).toBe('unchanged');
  });

  it('deploys a file that changed since the boot deployed it, even when an older version holds the same content', () => {
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: before, registryHoldsContent: false })).toBe('deploy');
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: before, registryHoldsContent: true })).toBe('deploy');
  });

  it('deploys an unchanged file again when the registry lost it (e.g. a row without its XML)', () => {
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: now, registryHoldsContent: false })).toBe('deploy');
  });

  it('without a recorded checksum, trusts the registries: content already deployed is not deployed again', () => {
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: undefined, registryHoldsContent: true })).toBe('unchanged');
  });

  it('decides a decision (no registry) by the checksum alone', () => {
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: now, registryHoldsContent: undefined })).toBe('unchanged');
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: before, registryHoldsContent: undefined })).toBe('deploy');
    expect(bootDeploymentDecision({ checksum: now, lastBootChecksum: undefined, registryHoldsContent: undefined })).toBe('deploy');
  });

  it('checksums are SHA-256 of the UTF-8 content', () => {
    expect(checksumOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(checksumOf('社区审核')).not.toBe(checksumOf('社区初审'));
  });
});
