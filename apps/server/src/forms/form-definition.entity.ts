import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The form registry: one row per deployed form version, recorded from `DeployResource`'s
 * answer. Zeebe's gRPC API cannot return a form, so this is how the inbox finds the schema
 * of a task's `io.camunda.zeebe:formKey` (the form key) on both engines.
 */
@Entity({ name: 'form_definitions' })
@Index('uq_form_definitions_form_id_version', ['formId', 'version'], { unique: true })
export class FormDefinitionEntity {
  /** The engine's form key (int64 as text). */
  @PrimaryColumn({ name: 'form_key', type: 'bigint' })
  formKey!: string;

  @Column({ name: 'form_id', type: 'varchar', length: 255 })
  formId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'resource_name', type: 'text' })
  resourceName!: string;

  /** The form-js JSON as deployed. */
  @Column({ type: 'jsonb' })
  schema!: Record<string, unknown>;

  @Column({ name: 'deployed_at', type: 'timestamptz', default: () => 'now()' })
  deployedAt!: Date;
}
