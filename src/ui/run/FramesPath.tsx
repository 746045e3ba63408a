/**
 * Which way this party's frames travel in the current run: on its worker's own data channel to
 * each peer (worker to worker, the page's main thread not involved), or relayed by this page (a
 * peer whose channel was not open, e.g. after its worker was restarted).
 */
import { useStore } from 'zustand';
import { netRunStore } from './netRun';

export function FramesPath({ self, parties }: { self: number; parties: number }) {
  const channelPeers = useStore(netRunStore, (s) => s.channelPeers);
  if (!channelPeers) return null;
  const peers = [...Array(parties).keys()].filter((p) => p !== self);
  const relayed = peers.filter((p) => !channelPeers.includes(p));
  const list = (ps: readonly number[]) => ps.map((p) => `party ${p}`).join(', ');
  return (
    <p className="muted frames-path" data-testid="frames-path" data-channel-peers={channelPeers.join(',')}>
      Frames to {channelPeers.length > 0 ? `${list(channelPeers)}: worker to worker on their own data channel` : ''}
      {channelPeers.length > 0 && relayed.length > 0 ? '; to ' : ''}
      {relayed.length > 0 ? `${list(relayed)}: relayed by this page` : ''}.
    </p>
  );
}
