import { compileResources } from '../../src/model/compile';
import { MAX_RESOURCE_BYTES } from '../../src/model/xml-safety';
import { around, processXml, rejection, resource } from './support';

const valid = processXml(around('<bpmn:task id="task" />'));

describe(`${compileResources.name} before parsing`, () => {
  it('rejects an external entity (XXE)', () => {
    // given a document declaring an entity that reads a local file
    const xml = valid
      .replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
      .replace('id="task"', 'id="task" name="&xxe;"');
    // then it never reaches the parser
    expect(rejection([resource('xxe.bpmn', xml)]).problems).toEqual([
      { resourceName: 'xxe.bpmn', reason: 'DOCTYPE declarations are not allowed (external entities and entity expansion are disabled)' },
    ]);
  });

  it('rejects entity expansion (billion laughs)', () => {
    const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
    const xml = valid.replace('<?xml version="1.0" encoding="UTF-8"?>', `<?xml version="1.0"?>${laughs}`);
    expect(rejection([resource('lol.bpmn', xml)]).message).toContain("'lol.bpmn': DOCTYPE declarations are not allowed");
  });

  it('rejects a DOCTYPE in any letter case', () => {
    expect(rejection([resource('d.bpmn', `<!doctype html>${valid}`)]).problems[0]?.reason).toMatch(/^DOCTYPE declarations are not allowed/);
  });

  it('rejects an ENTITY declaration without DOCTYPE', () => {
    expect(rejection([resource('e.bpmn', valid.replace('<bpmn:process', '<!ENTITY x "y"><bpmn:process'))]).problems[0]?.reason).toMatch(
      /^ENTITY declarations are not allowed/,
    );
  });

  it('rejects a resource over 4 MB', () => {
    const padding = `<!--${'x'.repeat(MAX_RESOURCE_BYTES)}-->`;
    expect(rejection([resource('big.bpmn', valid + padding)]).problems[0]?.reason).toMatch(
      /^Expected resource size to be at most 4194304 bytes, but was \d+ bytes$/,
    );
  });

  it('accepts a resource of exactly 4 MB', () => {
    const padding = `<!--${'x'.repeat(MAX_RESOURCE_BYTES - Buffer.byteLength(valid) - 7)}-->`;
    const content = valid + padding;
    expect(Buffer.byteLength(content)).toBe(MAX_RESOURCE_BYTES);
    expect(compileResources([resource('edge.bpmn', content)])).toHaveLength(1);
  });
});

describe(`${compileResources.name} parsing`, () => {
  it('rejects malformed XML with the parser message', () => {
    const xml = valid.replace('</bpmn:process>', '');
    expect(rejection([resource('broken.bpmn', xml)]).problems[0]?.reason).toMatch(/^unparsable content .* detected[\s\S]*nested error: /);
  });

  it('rejects text that is not XML', () => {
    expect(rejection([resource('text.bpmn', 'just text')]).message).toContain('nested error: missing start tag');
  });

  it('rejects a truncated document', () => {
    expect(rejection([resource('cut.bpmn', valid.slice(0, 300))]).problems[0]?.reason).toContain('nested error: unexpected end of file');
  });

  it('rejects a document whose root is not bpmn:definitions', () => {
    expect(rejection([resource('root.bpmn', '<?xml version="1.0"?><root />')]).message).toContain(
      'failed to parse document as <bpmn:Definitions>',
    );
  });

  it('rejects an unknown BPMN element instead of dropping it', () => {
    const xml = valid.replace('<bpmn:task id="task" />', '<bpmn:task id="task" /><bpmn:taskk id="typo" />');
    expect(rejection([resource('typo.bpmn', xml)]).problems[0]?.reason).toContain('unparsable content <bpmn:taskk> detected');
  });

  it('rejects an unknown zeebe extension element instead of dropping it', () => {
    const xml = valid.replace(
      '<bpmn:task id="task" />',
      '<bpmn:task id="task"><bpmn:extensionElements><zeebe:taskDefinitionn type="a" /></bpmn:extensionElements></bpmn:task>',
    );
    expect(rejection([resource('ext.bpmn', xml)]).problems[0]?.reason).toContain('unknown type <zeebe:TaskDefinitionn>');
  });

  it('ignores extension elements of other vendors', () => {
    const xml = valid
      .replace('xmlns:zeebe=', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe=')
      .replace(
        '<bpmn:task id="task" />',
        '<bpmn:task id="task"><bpmn:extensionElements><camunda:inputOutput /></bpmn:extensionElements></bpmn:task>',
      );
    expect(compileResources([resource('vendor.bpmn', xml)])).toHaveLength(1);
  });

  it('accepts a UTF-8 byte-order mark and Chinese names', () => {
    const xml = `\ufeff${valid.replace('<bpmn:task id="task" />', '<bpmn:task id="task" name="审核申请" />')}`;
    const [compiled] = compileResources([resource('bom.bpmn', xml)]);
    expect(compiled?.kind === 'process' && compiled.processes[0]?.elements['task']?.name).toBe('审核申请');
  });
});
