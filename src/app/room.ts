/**
 * The lobby's controller: creates or joins a room through the net layer and mirrors the mesh's
 * metadata into the lobby store. Holds the one Mesh of its app instance (outside the store: it is
 * not UI state). It knows nothing of runs: the app instance (tabApp.ts) gives it what to do with
 * each frames channel the mesh opens.
 */
import { Mesh, NetError, serverCode, type MeshOptions, type MeshSnapshot } from '../net';
import { initialLobbyState, type LobbyStore } from './lobbyStore';
import { e2eSwitches } from './e2eSwitches';
import { acknowledgeSeat, observeSeats } from './seats';

const ROOM_ID = /^[0-9a-f]{32}$/;

export interface Room {
  /** The current mesh (for the runs and the e2e hooks). */
  mesh(): Mesh | null;
  create(capacity: number): Promise<void>;
  join(room: string): Promise<void>;
  /** Leave the room and forget it (back to the start screen). */
  leave(): void;
  /** This tab's user accepts the new occupant of `seat` (seats.ts). */
  acknowledgeSeatChange(seat: number): void;
  /** Close the mesh (the page is going away). */
  destroy(): void;
}

export interface RoomOptions {
  readonly lobby: LobbyStore;
  /** Where each frames channel the mesh opens goes (the party worker); none: every frame through the page. */
  readonly framesChannel?: (peer: number, channel: RTCDataChannel) => void;
}

/** The room id in the page URL (`?room=<id>`), or null. */
export function roomFromUrl(loc: Location = window.location): string | null {
  return new URLSearchParams(loc.search).get('room');
}

/** The shareable link of a room on this origin. */
export function roomLink(room: string, loc: Location = window.location): string {
  return `${loc.origin}/?room=${room}`;
}

export function createRoom(o: RoomOptions): Room {
  const { lobby } = o;
  let mesh: Mesh | null = null;

  /** Mesh options (in the e2e build, `?e2e&link=<json>` and `?e2e&relay` change them: e2eSwitches.ts). */
  const meshOptions = (): MeshOptions => {
    const { link, relayOnly } = e2eSwitches();
    return { ...(link ? { link } : {}), ...(relayOnly || !o.framesChannel ? {} : { framesChannel: o.framesChannel }) };
  };

  const mirror = (s: MeshSnapshot): void => {
    // every snapshot, not only the rendered ones: a seat left and taken again arrives as two
    lobby.setState((st) => ({
      seats: observeSeats(st.seats, s.present, s.self, Date.now()),
      phase: 'in-room',
      room: s.room,
      self: s.self,
      capacity: s.capacity,
      present: s.present,
      peers: s.peers,
      signalingError: s.signalingError,
    }));
  };

  const teardown = (): void => {
    mesh?.destroy();
    mesh = null;
  };

  const enter = async (open: () => Promise<Mesh>, room: string | null): Promise<void> => {
    teardown();
    lobby.setState({ ...initialLobbyState, phase: 'connecting', room, entered: room === null ? 'create' : 'join' });
    try {
      const m = await open();
      mesh = m;
      m.on('change', mirror);
      mirror(m.snapshot());
      const url = new URL(window.location.href);
      url.searchParams.set('room', m.room);
      window.history.replaceState(null, '', url);
    } catch (err) {
      lobby.setState({ ...initialLobbyState, phase: 'error', room, error: describe(err) });
    }
  };

  return {
    mesh: () => mesh,
    create: (capacity) => enter(() => Mesh.create(capacity, meshOptions()), null),
    join(room) {
      if (!ROOM_ID.test(room)) {
        lobby.setState({ ...initialLobbyState, phase: 'error', room, error: describe(Object.assign(new Error('bad room'), { serverCode: 'ERR_BAD_ROOM' })) });
        return Promise.resolve();
      }
      return enter(() => Mesh.join(room, meshOptions()), room);
    },
    leave() {
      teardown();
      lobby.setState(initialLobbyState);
      const url = new URL(window.location.href);
      if (url.searchParams.has('room')) {
        url.searchParams.delete('room');
        window.history.replaceState(null, '', url);
      }
    },
    acknowledgeSeatChange(seat) {
      lobby.setState((st) => ({ seats: acknowledgeSeat(st.seats, seat) }));
    },
    destroy: () => mesh?.destroy(),
  };
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
