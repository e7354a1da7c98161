import { compileResources } from '../../src/model/compile';
import { fixture, rejection } from './support';

describe(`${compileResources.name} with bpmn-js test diagrams`, () => {
  it.each(['simple.bpmn', 'collaboration.bpmn'])('rejects the non-executable %s with a reason', (name) => {
    expect(rejection([fixture(`bpmn-js/${name}`)]).problems).toEqual([
      expect.objectContaining({ resourceName: name, reason: 'Must contain at least one executable process' }),
    ]);
  });

  it.each([
    'import-error/boundaryEvent-missingAttachToRef.bpmn',
    'import-error/invalid-flow-element.bpmn',
    'import-error/multiple-dis.bpmn',
    'error/no-process-collaboration.bpmn',
  ])('rejects %s as it has no executable process', (path) => {
    expect(rejection([fixture(`bpmn-js/${path}`)]).problems.map((p) => p.reason)).toContain('Must contain at least one executable process');
  });

  it('rejects the kitchen sink, naming each unsupported element', () => {
    const reasons = rejection([fixture('bpmn-js/kitchen-sink.bpmn')]).problems.map((p) => `${p.elementId ?? ''}: ${p.reason}`);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'Gateway_0im7nvs: Complex gateway is not supported yet by the embedded engine',
        'Activity_09glvdf: Must reference a message',
      ]),
    );
  });

  it('compiles the executable legacy collapsed sub-process diagram', () => {
    const [compiled] = compileResources([fixture('bpmn-js/collapsed-sub-process-legacy.bpmn')]);
    expect(compiled?.kind).toBe('process');
  });

  it.each([
    ['error/duplicate-ids.bpmn', 'duplicate ID <test>'],
    ['error/invalid-child.bpmn', 'unrecognized element <someElement>'],
    ['error/categoryValue.bpmn', 'unrecognized element <bpmn:categoryValue>'],
    ['error/missing-namespace.bpmn', 'failed to parse document as <bpmn:Definitions>'],
    ['error/di-plane-no-bpmn-element.bpmn', 'unresolved reference <Collaboration_2>'],
    ['import-error/boundaryEvent-invalidAttachToRef.bpmn', 'unresolved reference <NON_EXISTING_TASK>'],
    ['import-error/dangling-process-message-flow.bpmn', 'unresolved reference <LS1373649949186>'],
  ])('rejects the broken %s with the parser message', (path, message) => {
    expect(rejection([fixture(`bpmn-js/${path}`)]).message).toContain(message);
  });

  it('rejects a file that is not XML', () => {
    expect(rejection([fixture('bpmn-js/error/no-xml.txt', 'no-xml.bpmn')]).message).toContain("'no-xml.bpmn': unparsable content");
  });
});
