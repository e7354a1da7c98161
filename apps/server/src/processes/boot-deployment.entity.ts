import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * What deploy-on-boot last deployed of each bundled file: its checksum. The boot deploys a
 * file only when it changed since, so a version deployed from the designer stays the newest
 * across restarts (D7 in docs/decisions.md). The server's own decision, the same on Zeebe.
 */
@Entity({ name: 'boot_deployments' })
export class BootDeploymentEntity {
  /** The file as the health report names it: `processes/<name>` or `forms/<name>`. */
  @PrimaryColumn({ name: 'resource', type: 'varchar', length: 512 })
  resource!: string;

  /** SHA-256 (hex) of the file's UTF-8 content as the boot deployed it. */
  @Column({ type: 'varchar', length: 64 })
  checksum!: string;

  @UpdateDateColumn({ name: 'deployed_at', type: 'timestamptz' })
  deployedAt!: Date;
}
