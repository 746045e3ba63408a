/**
 * The lobby's controller: creates or joins a room through the net layer and mirrors the mesh's
 * metadata into the store. Holds the one Mesh of this tab (outside the store: it is not UI state).
 */
import { Mesh, NetError, serverCode, type LinkOptions, type MeshOptions, type MeshSnapshot } from '../net';
import { initialLobbyState, lobbyStore } from './lobbyStore';
import { handFramesChannel } from './runs';

const ROOM_ID = /^[0-9a-f]{32}$/;
let mesh: Mesh | null = null;

/** Mesh options. With ?e2e, `?link=<json>` overrides chunking/backpressure (for measurements). */
function meshOptions(): MeshOptions {
  const params = new URLSearchParams(window.location.search);
  const link = params.has('e2e') ? params.get('link') : null;
  // `?e2e&relay` keeps every frame on the page's links, as before worker channels (for comparisons)
  const relayOnly = params.has('e2e') && params.has('relay');
  return { ...(link ? { link: JSON.parse(link) as Partial<LinkOptions> } : {}), ...(relayOnly ? {} : { framesChannel: handFramesChannel }) };
}

/** The current mesh (for the run panel and the e2e hooks). */
export function currentMesh(): Mesh | null {
  return mesh;
}

/** The room id in the page URL (`?room=<id>`), or null. */
export function roomFromUrl(loc: Location = window.location): string | null {
  return new URLSearchParams(loc.search).get('room');
}

/** The shareable link of a room on this origin. */
export function roomLink(room: string, loc: Location = window.location): string {
  return `${loc.origin}/?room=${room}`;
}

function mirror(s: MeshSnapshot): void {
  lobbyStore.setState({
    phase: 'in-room',
    room: s.room,
    self: s.self,
    capacity: s.capacity,
    present: s.present,
    peers: s.peers,
    signalingError: s.signalingError,
  });
}

function describe(err: unknown): { code: string; message: string } {
  const code = serverCode(err) ?? (err instanceof NetError ? err.code : 'ERR_UNEXPECTED');
  const friendly: Record<string, string> = {
    ERR_ROOM_FULL: 'This room is full. Ask its creator for a room with more places, or create a new one.',
    ERR_NO_ROOM: 'This room does not exist any more (rooms close when everyone has left). Create a new one.',
    ERR_BAD_ROOM: 'This link does not contain a valid room id.',
  };
  return { code, message: friendly[code] ?? (err instanceof Error ? err.message : String(err)) };
}

function teardown(): void {
  mesh?.destroy();
  mesh = null;
}

async function enter(open: () => Promise<Mesh>, room: string | null): Promise<void> {
  teardown();
  lobbyStore.setState({ ...initialLobbyState, phase: 'connecting', room });
  try {
    const m = await open();
    mesh = m;
    m.on('change', mirror);
    mirror(m.snapshot());
    const url = new URL(window.location.href);
    url.searchParams.set('room', m.room);
    window.history.replaceState(null, '', url);
  } catch (err) {
    lobbyStore.setState({ ...initialLobbyState, phase: 'error', room, error: describe(err) });
  }
}

export function createRoom(capacity: number): Promise<void> {
  return enter(() => Mesh.create(capacity, meshOptions()), null);
}

export function joinRoom(room: string): Promise<void> {
  if (!ROOM_ID.test(room)) {
    lobbyStore.setState({ ...initialLobbyState, phase: 'error', room, error: describe(Object.assign(new Error('bad room'), { serverCode: 'ERR_BAD_ROOM' })) });
    return Promise.resolve();
  }
  return enter(() => Mesh.join(room, meshOptions()), room);
}

/** Leave the room and forget it (back to the start screen). */
export function leaveRoom(): void {
  teardown();
  lobbyStore.setState(initialLobbyState);
  const url = new URL(window.location.href);
  if (url.searchParams.has('room')) {
    url.searchParams.delete('room');
    window.history.replaceState(null, '', url);
  }
}

window.addEventListener('pagehide', () => mesh?.destroy());
