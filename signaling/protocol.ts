/**
 * The signaling wire: JSON text messages over one WebSocket at path `/signal`. Shared by the server
 * (signaling/server.ts) and the page's client (src/net/signalingClient.ts). Types only, so it
 * compiles under both the Node and the DOM tsconfig.
 *
 * Room ids are 128-bit random values written as 32 lowercase hex digits. Party indices are
 * 0..capacity-1; a joiner gets the lowest free index.
 */

export const SIGNAL_PATH = '/signal';
export const MIN_CAPACITY = 2;
export const MAX_CAPACITY = 5;
/** Largest accepted message, in bytes of UTF-8 text (a deployment may lower or raise it). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/**
 * Deepest accepted nesting of arrays and objects in a message, counting the message object itself
 * (`{"type":"signal","to":1,"data":{"sdp":"…"}}` is 2 deep). WebRTC signals are 3 or 4 deep; the
 * bound keeps every recursive walk of a message (JSON.stringify, a client's handler) shallow.
 */
export const MAX_DEPTH = 32;
export const ROOM_ID_PATTERN = /^[0-9a-f]{32}$/;
/**
 * The engine version a client states when it creates or joins a room (src/mpc/wireVersion.ts):
 * parties of different builds would compute wrong values silently, so a room admits one version.
 */
export const WIRE_VERSION_PATTERN = /^[0-9a-z-]{1,40}$/;

/**
 * A STUN or TURN server for RTCPeerConnection's `iceServers`. TURN credentials handed out by the
 * server are short-lived (signaling/ice.ts); the secret they derive from never leaves the server.
 */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

/** Client → server. */
export type ClientMessage =
  | { type: 'create'; capacity: number; wire?: string }
  | { type: 'join'; room: string; wire?: string }
  | { type: 'signal'; to: number; data: unknown }
  | { type: 'leave' };

/**
 * Why a member is no longer in the room: it sent `leave`, its socket closed or stopped answering,
 * or the server cut it off for not reading what was sent to it (its send queue hit the cap).
 */
export type LeaveReason = 'leave' | 'dropped' | 'slow';

export type SignalingErrorCode =
  | 'ERR_BAD_JSON' // not JSON text (or a binary message)
  | 'ERR_BAD_MESSAGE' // JSON, but not an object with the fields its type needs
  | 'ERR_UNKNOWN_TYPE' // `type` is not one of create, join, signal, leave
  | 'ERR_TOO_LARGE' // above MAX_MESSAGE_BYTES (or the deployment's limit)
  | 'ERR_TOO_DEEP' // arrays/objects nested deeper than MAX_DEPTH
  | 'ERR_RATE' // too many messages per second from this socket
  | 'ERR_BAD_CAPACITY' // capacity outside MIN_CAPACITY..MAX_CAPACITY
  | 'ERR_TOO_MANY_ROOMS' // create while the server holds as many rooms as it allows
  | 'ERR_JOIN_TIMEOUT' // connected without joining a room for too long (the socket is then closed)
  | 'ERR_BAD_ROOM' // a room id that is not 32 hex digits
  | 'ERR_NO_ROOM' // no such room (never created, or everyone left)
  | 'ERR_ROOM_FULL' // every index of the room is taken
  | 'ERR_WIRE_MISMATCH' // join with another engine version than the room's creator stated
  | 'ERR_ALREADY_IN_ROOM' // create/join while already a member: leave first
  | 'ERR_NOT_IN_ROOM' // signal/leave without being in a room
  | 'ERR_BAD_TARGET'; // signal to an index that is not another member of your room

/** Server → client. */
export type ServerMessage =
  /**
   * You are in `room` as party `self` (reply to create or join), and the ICE servers to connect
   * with (empty: host candidates only, i.e. one network).
   */
  | { type: 'joined'; room: string; self: number; capacity: number; iceServers: IceServer[] }
  /** Who is in the room now (sent to every member whenever it changes), ascending indices. */
  | { type: 'peers'; room: string; peers: number[]; capacity: number }
  /** Member `index` left the room (explicitly, or its socket dropped). */
  | { type: 'left'; room: string; index: number; reason: LeaveReason }
  /** Reply to your own `leave`. */
  | { type: 'left-room'; room: string }
  /** Opaque payload relayed from member `from` of your room. */
  | { type: 'signal'; from: number; data: unknown }
  | { type: 'error'; code: SignalingErrorCode; message: string };
