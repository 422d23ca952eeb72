// The commands with side effects as data for the dialog tests: what to say, what must open the gate
// first, what the plan card, the what-if card and the final job card show, and a read afterwards
// that proves the change.
import type { Person } from './activities';

export interface Flow {
  name: string;
  /** The module of dialogs/commands/ that plans it; its tests run in test/dialogs/commands/<command>.test.ts. */
  command: 'coexistence-test' | 'move' | 'rollback' | 'decommission';
  /** Steps that open the gate first (each run to completion). */
  prepare?: string[];
  say: string;
  /** The what-if phrasing and the title of its button-less card (coexistence tests have none). */
  dryRun?: { say: string; title: RegExp };
  plan: RegExp[];
  final: RegExp[];
  /** A read afterwards that shows the change. */
  then: { say: string; as?: Person; has: RegExp[] };
}

export const FLOWS: Flow[] = [
  {
    name: 'coexistence test',
    command: 'coexistence-test',
    say: 'run coexistence tests for site Berlin',
    plan: [/^Coexistence test: please confirm/, /9 checks/, /Management store replication/],
    final: [/^Job \d+: Coexistence test · Berlin/, /State\ncompleted/, /9 of 9 checks passed/],
    then: { say: 'status of site Berlin', has: [/Phase\ncoexistence verified/, /Last coexistence test\npassed/] },
  },
  {
    name: 'pilot move',
    command: 'move',
    prepare: ['run coexistence tests for site Berlin'],
    say: 'move pilot group to Lync 2013',
    dryRun: { say: 'what if I move pilot group to Lync 2013', title: /^Move to Lync 2013 \(dry run: nothing will change\)/ },
    plan: [/^Move to Lync 2013: please confirm/, /group Pilot/, /20 users/, /ocs-ber\.contoso\.local → lync-ber\.contoso\.local \(14\)/, /Alice Schulz/, /Communicator 2007 R2/],
    final: [/^Job \d+: Move to Lync 2013/, /State\ncompleted/, /Done\n20/, /Failed\n0/],
    then: { say: 'have I been migrated?', as: 'alice', has: [/You are on Lync Server 2013 \(pool lync-ber\.contoso\.local\)/] },
  },
  {
    name: 'pilot move in German',
    command: 'move',
    prepare: ['Koexistenztest für Standort Berlin'],
    say: 'Verschiebe die Pilotgruppe nach Lync 2013',
    dryRun: { say: 'Probelauf: Verschiebe die Pilotgruppe nach Lync 2013', title: /^Umzug nach Lync 2013 \(Probelauf: es wird nichts geändert\)/ },
    plan: [/^Umzug nach Lync 2013: bitte bestätigen/, /Gruppe Pilot/, /20 Benutzer/],
    final: [/^Job \d+: Move to Lync 2013/, /completed/],
    then: { say: 'bin ich schon migriert?', as: 'alice', has: [/Sie sind bereits auf Lync Server 2013/] },
  },
  {
    name: 'rollback',
    command: 'rollback',
    say: 'roll back pilot group',
    dryRun: { say: 'what if I roll back pilot group', title: /^Roll back to OCS 2007 R2 \(dry run: nothing will change\)/ },
    plan: [/^Roll back to OCS 2007 R2: please confirm/, /7 users/, /lync-muc\.contoso\.local → ocs-muc\.contoso\.local \(7\)/, /Meetings scheduled while on Lync 2013 stop working/],
    final: [/^Job \d+: Roll back to OCS 2007 R2/, /State\ncompleted/, /Done\n7/],
    then: { say: 'is bob@contoso.com migrated?', has: [/Bob Keller is still on OCS 2007 R2 \(pool ocs-muc\.contoso\.local\)/] },
  },
  {
    name: 'conference directories move',
    command: 'move',
    say: 'move conference directories of Munich to Lync 2013',
    dryRun: { say: 'what if I move conference directories of Munich to Lync 2013', title: /^Move to Lync 2013 \(dry run: nothing will change\)/ },
    plan: [/^Move to Lync 2013: please confirm/, /2 conference directories/],
    final: [/State\ncompleted/, /Done\n2/],
    then: { say: 'status of site Munich', has: [/Conference directories\nOCS 0 · Lync \d+/] },
  },
  {
    name: 'applications move',
    command: 'move',
    say: 'move applications of Munich to Lync 2013',
    dryRun: { say: 'what if I move applications of Munich to Lync 2013', title: /^Move to Lync 2013 \(dry run: nothing will change\)/ },
    plan: [/^Move to Lync 2013: please confirm/, /1 application endpoint/, /Munich Dial-in Access Number/],
    final: [/State\ncompleted/, /Done\n1/],
    // The reception's response group stays until its workflows move with Move-CsRgsConfiguration.
    then: { say: 'status of site Munich', has: [/Application endpoints\nOCS 1 · Lync \d+/] },
  },
  {
    name: 'decommission',
    command: 'decommission',
    say: 'decommission legacy pool at site Hamburg',
    dryRun: { say: 'dry run: decommission legacy pool at site Hamburg', title: /^Decommission legacy pool \(dry run: nothing will change\)/ },
    plan: [/^Decommission legacy pool: please confirm/, /no users left on the OCS pool/, /conference directories moved/, /dial-in breaks/],
    final: [/^Job \d+: Decommission legacy pool/, /State\ncompleted/],
    then: { say: 'status of site Hamburg', has: [/Phase\nmigrated/, /removal pending/] },
  },
];
