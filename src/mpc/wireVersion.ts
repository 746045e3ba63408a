/**
 * What every party of a room must run identically: parties compute on correlated randomness that
 * each expands on its own (PRSS, the dealer's seeds, OT extension), so two builds that draw in a
 * different order, or with another PRG, compute wrong values without any error. The signaling
 * server therefore admits to a room only parties that state the same version (signaling/server.ts,
 * ERR_WIRE_MISMATCH), so a tab left open across an upgrade is told to reload instead.
 *
 * The value is a fingerprint of the engine's behaviour: the shares that fixed-seed runs of every
 * method produce, and the frame format's version (session/wireVersion.test.ts computes it and
 * fails, naming the new value, whenever they change). Bump it by hand too when the link's message
 * kinds change (src/link/channelWire.ts), which the fingerprint does not see.
 */
export const ENGINE_WIRE_VERSION = 'w-7f0760932d';
