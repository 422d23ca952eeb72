// Builds what a status card says about one user: home pool, version, pilot membership, when moved.
import { normaliseSip, sameFqdn } from '../migration/topology';
import type { UserView } from './cards/status';
import { pilotGroupOf, type TurnContext } from './context';

export async function userView(ctx: TurnContext, sip: string): Promise<UserView | null> {
  const { deps } = ctx;
  const user = await deps.backend.getUser(normaliseSip(sip));
  if (!user) return null;
  const pools = await deps.backend.listPools();
  const pool = pools.find((p) => sameFqdn(p.fqdn, user.registrarPool));
  const known = deps.topology.user(user.sip);
  const pilotName = pilotGroupOf(ctx);
  let pilot = false;
  if (known) {
    const group = await deps.directory.groupByName(pilotName);
    pilot = group ? await deps.directory.isMember(known.aadObjectId, group.id) : false;
  }
  const movedFromJob = await deps.store.lastMovedAt(user.sip);
  const onLync = pool?.version === 'Lync2013';
  const movedAt = onLync ? (movedFromJob ?? (known?.movedAt ? Date.parse(known.movedAt) : undefined)) : undefined;
  return {
    name: user.displayName.trim() || user.sip,
    sip: user.sip,
    pool: user.registrarPool,
    onLync,
    pilot,
    ...(movedAt ? { movedAt } : {}),
    ...(pool ? { site: deps.topology.siteOfPool(pool.fqdn)?.name ?? pool.site } : {}),
  };
}
