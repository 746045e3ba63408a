/**
 * The run's network settings, sent to every party with the proposal: an emulated network (SPU's
 * four evaluation levels, or any latency and bandwidth) and per-frame compression.
 */
import { useStore } from 'zustand';
import { NET_PRESET_NAMES, NET_PRESETS } from '../../workers/readings';
import { BANDWIDTH_STEPS, bandwidthToStep, fmtBandwidth, LATENCY_MAX_MS, presetOf, stepToBandwidth } from '../../app/netLabel';
import type { NetSetting, RunParams } from '../../app/params';
import { formShows, setParams } from '../../app/runStore';
import { useTabApp } from '../kit/tabAppContext';
import { Term } from '../kit/Glossary';
import './net.css';

/** Where "custom" starts when chosen from no emulation. */
const CUSTOM_START: NetSetting = { latencyMs: 50, bandwidthBps: 1e9 };

function Choice(props: { label: string; selected: boolean; onClick: () => void; testid: string }) {
  return (
    <button type="button" role="radio" aria-checked={props.selected} className={props.selected ? 'selected' : ''} onClick={props.onClick} data-testid={props.testid}>
      {props.label}
    </button>
  );
}

export function NetControls() {
  const runStore = useTabApp().stores.run;
  const set = (patch: Partial<RunParams>) => setParams(runStore, patch);
  const net = useStore(runStore, (s) => formShows(s).net);
  const compression = useStore(runStore, (s) => formShows(s).compression);
  const preset = presetOf(net);
  return (
    <div className="net-controls" data-testid="net-controls">
      <div className="field">
        <span className="label">Network</span>
        <div className="segmented net-presets" role="radiogroup" aria-label="Network">
          <Choice label="none" selected={net === null} onClick={() => set({ net: null })} testid="net-preset-none" />
          {NET_PRESET_NAMES.map((name) => (
            <Choice key={name} label={name} selected={preset === name} onClick={() => set({ net: { ...NET_PRESETS[name] } })} testid={`net-preset-${name}`} />
          ))}
          <Choice label="custom" selected={net !== null && preset === null} onClick={() => set({ net: net ?? CUSTOM_START })} testid="net-preset-custom" />
        </div>
      </div>
      {net ? (
        <div className="net-sliders">
          <label className="net-slider">
            <span className="label">One-way latency</span>
            <input
              type="range"
              min={0}
              max={LATENCY_MAX_MS}
              step={1}
              value={net.latencyMs}
              onChange={(e) => set({ net: { ...net, latencyMs: e.target.valueAsNumber } })}
              data-testid="net-latency"
            />
            <output className="net-value" data-testid="net-latency-value">
              {net.latencyMs} ms
            </output>
          </label>
          <label className="net-slider">
            <span className="label">Bandwidth</span>
            <input
              type="range"
              min={0}
              max={BANDWIDTH_STEPS}
              step={1}
              value={bandwidthToStep(net.bandwidthBps)}
              onChange={(e) => set({ net: { ...net, bandwidthBps: stepToBandwidth(e.target.valueAsNumber) } })}
              aria-valuetext={fmtBandwidth(net.bandwidthBps)}
              data-testid="net-bandwidth"
            />
            <output className="net-value" data-testid="net-bandwidth-value">
              {fmtBandwidth(net.bandwidthBps)}
            </output>
          </label>
          <p className="help">
            The tabs play a slower network: every message waits as long as it would on a link with this <Term id="latency">latency</Term> and{' '}
            <Term id="bandwidth">bandwidth</Term>, so each round costs at least the latency. The four presets are the networks SecretFlow SPU was measured on.
          </p>
          <details className="net-how">
            <summary>How the emulation works</summary>
            <p className="help">
              Each outgoing frame waits until the link is free, takes its size over the bandwidth, then arrives after the latency: it is sent at once with that arrival time, and
              the receiving worker holds it until then (clocks matched by pings), so the real link's own delay falls inside the emulated one.
            </p>
          </details>
        </div>
      ) : (
        <p className="help">Messages go over the tabs' real direct link, as fast as it allows (on one machine: well under a millisecond).</p>
      )}
      <div className="field">
        <span className="label">Compression</span>
        <div className="segmented" role="radiogroup" aria-label="Compression">
          <Choice label="off" selected={!compression} onClick={() => set({ compression: false })} testid="compression-off" />
          <Choice label="deflate" selected={compression} onClick={() => set({ compression: true })} testid="compression-on" />
        </div>
      </div>
      {compression && (
        <p className="help">
          Each frame is deflated (fflate, level 1) before it goes on the wire, and the run shows wire bytes over frame bytes. Expect no gain: shares
          are uniformly random ring elements.
        </p>
      )}
    </div>
  );
}
