/**
 * The lobby's controller: creates or joins a room through the net layer and mirrors the mesh's
 * metadata into the store. Holds the one Mesh of this tab (outside the store: it is not UI state).
 */
import { Mesh, NetError, serverCode, type MeshOptions, type MeshSnapshot } from '../net';
import { plainMessage } from '../link/errors';
import { initialLobbyState, lobbyStore } from './lobbyStore';
import { handFramesChannel } from './runs';
import { e2eSwitches } from './e2eSwitches';
import { acknowledgeSeat, observeSeats } from './seats';

const ROOM_ID = /^[0-9a-f]{32}$/;
let mesh: Mesh | null = null;

/** Mesh options (in the e2e build, `?e2e&link=<json>` and `?e2e&relay` change them: e2eSwitches.ts). */
function meshOptions(): MeshOptions {
  const { link, relayOnly } = e2eSwitches();
  return { ...(link ? { link } : {}), ...(relayOnly ? {} : { framesChannel: handFramesChannel }) };
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
  // every snapshot, not only the rendered ones: a seat left and taken again arrives as two
  lobbyStore.setState((st) => ({
    seats: observeSeats(st.seats, s.present, s.self, Date.now()),
    phase: 'in-room',
    room: s.room,
    self: s.self,
    capacity: s.capacity,
    present: s.present,
    peers: s.peers,
    signalingError: s.signalingError,
  }));
}

/** This tab's user accepts the new occupant of `seat` (seats.ts). */
export function acknowledgeSeatChange(seat: number): void {
  lobbyStore.setState((st) => ({ seats: acknowledgeSeat(st.seats, seat) }));
}

function describe(err: unknown): { code: string; message: string } {
  const message = err instanceof Error ? err.message : String(err);
  const server = serverCode(err);
  // the signaling server's codes have texts of their own (errors.ts); the rest say what went wrong
  if (server) return { code: server, message: plainMessage(server, message) };
  return { code: err instanceof NetError ? err.code : 'ERR_UNEXPECTED', message };
}

function teardown(): void {
  mesh?.destroy();
  mesh = null;
}

async function enter(open: () => Promise<Mesh>, room: string | null): Promise<void> {
  teardown();
  lobbyStore.setState({ ...initialLobbyState, phase: 'connecting', room, entered: room === null ? 'create' : 'join' });
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
