/**
 * Which network path a peer connection took, read from its getStats() report: the selected
 * candidate pair's local and remote candidate types. A pair with a relay candidate on either end
 * goes through a TURN server; host, srflx (seen through a NAT by STUN) and prflx (learnt from the
 * peer's checks) pairs go directly.
 */

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface PeerPath {
  readonly kind: 'direct' | 'relayed';
  readonly local: CandidateType;
  readonly remote: CandidateType;
  /** Transport of the local candidate ('udp' or 'tcp'). */
  readonly protocol: string;
}

/** The fields of RTCStats entries this reads; each entry of an RTCStatsReport fits. */
interface StatsEntry {
  readonly type: string;
  readonly id: string;
  readonly [field: string]: unknown;
}

const TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'];

/** The selected pair's path, or null while there is none (still checking, or failed). */
export function selectedPath(report: Iterable<StatsEntry>): PeerPath | null {
  const byId = new Map<string, StatsEntry>();
  for (const s of report) byId.set(s.id, s);
  let pair: StatsEntry | undefined;
  // The standard way is the transport's selectedCandidatePairId; Firefox marks the pair instead.
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s['selectedCandidatePairId'] === 'string') pair = byId.get(s['selectedCandidatePairId']);
  }
  pair ??= [...byId.values()].find((s) => s.type === 'candidate-pair' && s['selected'] === true);
  pair ??= [...byId.values()].find((s) => s.type === 'candidate-pair' && s['nominated'] === true && s['state'] === 'succeeded');
  if (!pair) return null;
  const local = byId.get(String(pair['localCandidateId']));
  const remote = byId.get(String(pair['remoteCandidateId']));
  const lt = local?.['candidateType'];
  const rt = remote?.['candidateType'];
  if (typeof lt !== 'string' || typeof rt !== 'string' || !TYPES.includes(lt) || !TYPES.includes(rt)) return null;
  return {
    kind: lt === 'relay' || rt === 'relay' ? 'relayed' : 'direct',
    local: lt as CandidateType,
    remote: rt as CandidateType,
    protocol: typeof local?.['protocol'] === 'string' ? local['protocol'] : 'udp',
  };
}

/** What to tell a person when ICE found no working pair to `party`, given the servers it had. */
export function noPathMessage(party: number, iceServers: readonly RTCIceServer[]): string {
  const urls = iceServers.flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls]));
  const turn = urls.filter((u) => u.startsWith('turn'));
  if (turn.length > 0) {
    return `no network path to party ${party}, not even through the TURN server (${turn.join(', ')}): check that both can reach it and that its secret matches the server's --turn-secret`;
  }
  if (urls.length > 0) return `no network path to party ${party} (STUN alone cannot cross this NAT or firewall): configure a TURN server with --turn`;
  return `no network path to party ${party}: you are not on one network; start the server with --stun and --turn (README: Across machines)`;
}
