// The demo topology skips the schema at start (ownTopology): that is only right while it is already
// exactly what TopologySchema.parse would return, defaults included.
import { strict as assert } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import { demoTopology, generateTopologyInput } from '../../migration/demo-topology';
import { ownTopology, parseTopology, TopologySchema, type TopologyInput } from '../../migration/topology';

describe('demo topology', () => {
  it('is in the schema output form: parsing it changes nothing', () => {
    const input = generateTopologyInput();
    assert.ok(isDeepStrictEqual(TopologySchema.parse(structuredClone(input)), input), 'TopologySchema.parse changes the demo input (a default or a transform): write the value into demo-topology.ts');
    assert.deepEqual(demoTopology(), parseTopology(generateTopologyInput()));
    assert.equal(demoTopology().users.length, 1216);
  });

  it('still runs the cross-reference checks', () => {
    const input = generateTopologyInput();
    const broken: TopologyInput = { ...input, users: [...input.users, { ...input.users[0], sip: 'ghost@contoso.com', homePool: 'nowhere.contoso.local' }] };
    assert.throws(() => ownTopology(broken), /user ghost@contoso.com: unknown pool nowhere.contoso.local/);
  });
});
