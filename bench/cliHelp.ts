/** What `tabmpc --help` and `tabmpc <command> --help` print. */

const EXP = `  --method taylor|pade|prime   one method (default: every method)
  --profile fast|spu2024       the exp profile (default fast)
  --field FM64|FM128           the ring (default FM128)
  --parties N                  parties (default 2)
  --n N                        input values (default 1000)
  --iterations N               taylor's iterations (default 8)
  --batching on|off            batch independent operations into shared rounds (default on)
  --json                       one JSON object on stdout`;

const TRUST = `  --trust tfp|ot               who makes the Beaver material: the trusted first party (default) or the parties by OT
  --ot-extension softspoken4..softspoken8|iknp   the OT extension for --trust ot (default softspoken4)`;

export const COMMAND_HELP = {
  ops: `usage: npm run -s tabmpc -- ops [options]
Cost of every SEMI2K kernel: payload bytes and rounds per element, through the real protocol in process.
  --op NAME                    one kernel (default: every kernel)
  --field FM64|FM128  --parties N  --n N  --batching on|off  --profile P  --json
${TRUST}`,
  cost: `usage: npm run -s tabmpc -- cost [options]
Cost of exp by each method: per party and per element, payload bytes sent and received, and rounds.
${EXP}
${TRUST}`,
  eval: `usage: npm run -s tabmpc -- eval [options]
Accuracy of exp by each method against Math.exp (SPU's evaluation), through the real protocol.
${EXP}`,
  ledger: `usage: npm run -s tabmpc -- ledger [options]
Where one exp's bytes and rounds go, operation by operation.
${EXP}`,
  bench: `usage: npm run -s tabmpc -- bench [options]
  --transport memory|webrtc    (default memory)
--transport memory: exp time in process under an emulated network (SPU's presets), measured
and estimated (compute + per round latency + largest frame / bandwidth).
  --net 100Gbit-0ms|1Gbit-1ms|100Mbit-10ms|10Mbit-100ms   the emulated network (default 100Mbit-10ms)
${EXP}
${TRUST}
--transport webrtc: two parties as separate Node processes over real WebRTC on loopback
(node-datachannel, a signaling server this command starts on 127.0.0.1): secure multiplications
(mul + open) per second at n = 10^4 and 10^6, and exp by prime at n = 10^6, with compute time
(the same in process) and bytes / the channel's measured throughput.
  --sizes N[,N...]             the sizes for mul + open (default 10000,1000000)
  --exp-n N                    the size of the exp (default 1000000)
  --json
--mul-open: secure multiplications with their opening (mul_aa then a2p) per second, both parties
in this process, checked against the plaintext product; party 0's wall time, median of --reps.
  --field FM64|FM128           the ring (default FM128)
  --n N                        values multiplied (default 1000000)
  --reps N                     timed runs, at least 3 (default 5)
  --against DIR                also time the TabMPC checkout at DIR (e.g. the code before a change):
                               each run in a fresh process, alternating between DIR and this tree
  --json`,
  party: `usage: npm run -s tabmpc -- party --url URL (--room ID | --create N) [options]
A headless party: joins a room as a Node process over real WebRTC (node-datachannel), with the same
engine as a tab's worker; takes part in the room's runs like a tab, or proposes one (--method).
  --url URL                    the TabMPC server (http(s)://host:port), or an invite link (…/?room=ID)
  --room ID                    join this room (32 hex digits)
  --create N                   create a room of N parties (2 to 5); this party is party 0
  --method taylor|pade|prime   propose a run of exp by this method once the room is full, then leave
  --n N  --field FM64|FM128  --profile fast|spu2024    the proposed run (defaults 1000, FM128, fast)
  --trust tfp|ot               the proposed run's trust model (default tfp: party 0 is the trusted first party)
  --ot-extension softspoken4|softspoken7|softspoken8|iknp (the tabs' choices)
  --lo X  --hi X               this party's input, n values evenly spaced in [lo, hi], used when it is the
                               input party (default -10 and 10; a negative value as --lo=-10)
  --runs N                     leave after N runs (default: 1 when proposing; else keep taking part until Ctrl-C)
  --wait-s S                   how long a proposer waits for the room to fill (default 120)
  --json                       one JSON object per line on stdout ('joined', then one 'run' per run)
Trust: under tfp, party 0 receives every party's seed and could learn every secret (a Node party 0
is that trusted party); a Node party refuses tfp runs once seat 0 has a new occupant. Semi-honest.`,
  compare: `usage: npm run -s tabmpc -- compare --ref REF [--reps N] [--json] -- <command> [options]
Before and after a change, in one run: <command> (ops, cost, eval, ledger or bench, with --json added)
runs in a checkout of the git ref REF ("before", a temporary git worktree) and in this checkout
("after"), alternately, each time in a fresh process; then every figure of its answer: the median and
each run on both sides, and after / before. Figures every run agreed on (bytes, rounds) show "=".
  --ref REF                    the git commit, branch or tag to compare against (e.g. HEAD~1, main)
  --reps N                     runs of each version (default 3)
  --json                       one JSON object on stdout
e.g. npm run -s tabmpc -- compare --ref main -- cost --method prime --n 1000000`,
} as const;

export const USAGE = `usage: npm run -s tabmpc -- <command> [options]   (<command> --help for its options)
commands:
  ops     cost of every SEMI2K kernel (bytes and rounds per element)
  cost    cost of exp by each method
  eval    accuracy of exp by each method (SPU's evaluation), through the real protocol
  ledger  where one exp's bytes and rounds go, operation by operation
  bench   exp time under an emulated network, or between Node processes over real WebRTC (--transport webrtc)
  party   a headless party in a room, over real WebRTC
  compare one command before and after a change (a git ref against this checkout), runs interleaved`;
