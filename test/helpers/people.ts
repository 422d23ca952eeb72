// The people of the demo topology the tests speak as (generated topologies keep them): their
// display name, Entra object id (what the bot resolves a caller by) and SIP address. Each kind of
// helper adds what its channel needs (a Teams channel id, an actor role).

export const DEMO_PEOPLE = {
  alex: { name: 'Alex Wilber', aadObjectId: '00000000-0000-0000-0000-0000000000020', sip: 'alex.wilber@contoso.com' },
  alice: { name: 'Alice Schulz', aadObjectId: '11111111-0000-0000-0000-000000000001', sip: 'alice@contoso.com' },
  helga: { name: 'Helga Lorenz', aadObjectId: '11111111-0000-0000-0000-000000000005', sip: 'helga@contoso.com' },
  erin: { name: 'Erin Hartmann', aadObjectId: '11111111-0000-0000-0000-000000000006', sip: 'erin@contoso.com' },
} as const;

/** A demo person as a Bot Framework sender: the given channel id plus name and object id. */
export function sender(id: string, who: keyof typeof DEMO_PEOPLE): { id: string; name: string; aadObjectId: string } {
  const { name, aadObjectId } = DEMO_PEOPLE[who];
  return { id, name, aadObjectId };
}
