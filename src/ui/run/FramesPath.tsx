/**
 * Which way this party's frames travel in the current run: on its worker's own data channel to
 * each peer (worker to worker, the page's main thread not involved), or relayed by this page (a
 * peer whose channel was not open, e.g. after its worker was restarted).
 */
import { useStore } from 'zustand';
import { fmtMs } from '../kit/format';
import { useTabApp } from '../kit/tabAppContext';

export function FramesPath({ self, parties }: { self: number; parties: number }) {
  const netRunStore = useTabApp().stores.netRun;
  const channels = useStore(netRunStore, (s) => s.channels);
  if (!channels) return null;
  const { peers: channelPeers, rttMs: rtt } = channels;
  const peers = [...Array(parties).keys()].filter((p) => p !== self);
  const relayed = peers.filter((p) => !channelPeers.includes(p));
  const list = (ps: readonly number[]) => ps.map((p) => `party ${p}`).join(', ');
  // the round trip each worker channel measured last (pinged every 250 ms): the real link under any emulation
  const rtts = channelPeers.flatMap((p) => {
    const ms = rtt[p];
    return typeof ms === 'number' ? [`${channelPeers.length > 1 ? `party ${p} ` : ''}${fmtMs(ms)}`] : [];
  });
  return (
    <p className="muted frames-path" data-testid="frames-path" data-channel-peers={channelPeers.join(',')}>
      Frames to {channelPeers.length > 0 ? `${list(channelPeers)}: worker to worker on their own data channel` : ''}
      {rtts.length > 0 && (
        <span data-testid="frames-path-rtt" title="Last ping round trip on the worker's data channel (every 250 ms), before any network emulation">
          {' '}
          (round trip {rtts.join(', ')})
        </span>
      )}
      {channelPeers.length > 0 && relayed.length > 0 ? '; to ' : ''}
      {relayed.length > 0 ? `${list(relayed)}: relayed by this page` : ''}.
    </p>
  );
}
