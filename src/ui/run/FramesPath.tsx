/**
 * Which way this party's frames travel in the current run: on its worker's own data channel to
 * each peer (worker to worker, the page's main thread not involved), or relayed by this page (a
 * peer whose channel was not open, e.g. after its worker was restarted). With each channel's round
 * trip under load (its ping queued behind the run's frames, and how many bytes) beside the lobby's
 * idle one for the same peer, so the two never read as a contradiction.
 */
import { useStore } from 'zustand';
import { fmtBytes, fmtMs } from '../kit/format';
import { useTabApp } from '../kit/tabAppContext';

export function FramesPath({ self, parties }: { self: number; parties: number }) {
  const { netRun: netRunStore, lobby: lobbyStore } = useTabApp().stores;
  const channels = useStore(netRunStore, (s) => s.channels);
  const lobbyPeers = useStore(lobbyStore, (s) => s.peers);
  if (!channels) return null;
  const { peers: channelPeers, rttMs: rtt, rttQueuedBytes: queued } = channels;
  const peers = [...Array(parties).keys()].filter((p) => p !== self);
  const relayed = peers.filter((p) => !channelPeers.includes(p));
  const list = (ps: readonly number[]) => ps.map((p) => `party ${p}`).join(', ');
  // the round trip each worker channel measured last (pinged every 250 ms): the real link under any emulation
  const rtts = channelPeers.flatMap((p) => {
    const ms = rtt[p];
    if (typeof ms !== 'number') return [];
    const behind = queued[p] ?? 0;
    const idle = lobbyPeers.find((l) => l.index === p)?.rttMs ?? null;
    const who = channelPeers.length > 1 ? `party ${p}: ` : '';
    const load = behind > 0 ? `round trip under load ${fmtMs(ms)}, the ping queued behind ${fmtBytes(behind)} of frames` : `round trip during the run ${fmtMs(ms)}, nothing queued ahead of the ping`;
    return [`${who}${load}${idle === null ? '' : `; idle round trip ${fmtMs(idle)}`}`];
  });
  return (
    <>
      <p className="muted frames-path" data-testid="frames-path" data-channel-peers={channelPeers.join(',')}>
        Frames to {channelPeers.length > 0 ? `${list(channelPeers)}: worker to worker on their own data channel` : ''}
        {rtts.length > 0 && (
          <span data-testid="frames-path-rtt">
            {' '}
            ({rtts.join('; ')})
          </span>
        )}
        {channelPeers.length > 0 && relayed.length > 0 ? '; to ' : ''}
        {relayed.length > 0 ? `${list(relayed)}: relayed by this page` : ''}.
      </p>
      {rtts.length > 0 && (
        <p className="help" data-testid="frames-path-help">
          During a run a ping waits behind the run&apos;s own data already queued on the channel, so its round trip measures that queue and can be far
          longer than the idle round trip the lobby shows for the same link (measured on the page&apos;s channel, which carries no run data).
        </p>
      )}
    </>
  );
}
