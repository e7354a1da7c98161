import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user task's form reference, as the BPMN states it. */
export interface UserTaskFormRef {
  readonly name: string | null;
  /** `zeebe:formDefinition formId` (linked form). */
  readonly formId?: string;
  /** Legacy `formKey`, e.g. `camunda-forms:bpmn:UserTaskForm_1` (embedded in the BPMN). */
  readonly formKey?: string;
}

/**
 * Process definitions this server deployed, with what the inbox needs from the XML: element
 * names, user-task form references, embedded forms and the start form. (Zeebe's gRPC API
 * cannot return a process's XML; the server has it because it deployed it.)
 */
@Entity({ name: 'process_definitions' })
@Index('uq_process_definitions_id_version', ['bpmnProcessId', 'version'], { unique: true })
export class ProcessDefinitionEntity {
  @PrimaryColumn({ name: 'process_definition_key', type: 'bigint' })
  processDefinitionKey!: string;

  @Column({ name: 'bpmn_process_id', type: 'varchar', length: 255 })
  bpmnProcessId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name!: string | null;

  @Column({ name: 'resource_name', type: 'text' })
  resourceName!: string;

  /** The start event's `zeebe:formDefinition formId`. */
  @Column({ name: 'start_form_id', type: 'varchar', length: 255, nullable: true })
  startFormId!: string | null;

  /** Roles allowed to start it (process property `starterRoles`, comma-separated); empty: any signed-in user with a unit. */
  @Column({ name: 'starter_roles', type: 'text', array: true, default: () => "'{}'" })
  starterRoles!: string[];

  /** Names of every flow node by element id, and the form reference of each user task. */
  @Column({ name: 'user_tasks', type: 'jsonb' })
  userTasks!: Record<string, UserTaskFormRef>;

  /** `zeebe:userTaskForm` bodies by id (embedded forms referenced as `camunda-forms:bpmn:<id>`). */
  @Column({ name: 'embedded_forms', type: 'jsonb' })
  embeddedForms!: Record<string, string>;

  /** The deployed BPMN XML (the diagram the monitor and task page draw); null until the next boot redeploys a row older than this column. */
  @Column({ name: 'bpmn_xml', type: 'text', nullable: true })
  bpmnXml!: string | null;

  @Column({ name: 'deployed_at', type: 'timestamptz', default: () => 'now()' })
  deployedAt!: Date;
}
