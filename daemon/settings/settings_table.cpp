#include "settings/settings_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <concepts>
#include <deque>
#include <functional>
#include <limits>

#include "registry/device_registry.hpp"

namespace stridecue {
namespace {

using nlohmann::json;

// --- Field values as JSON, by field type -------------------------------------------------

json to_value(double v) {
  return v;
}
json to_value(bool v) {
  return v;
}
template <std::integral T>
json to_value(T v) {
  return v;
}
json to_value(const std::string& v) {
  return v;
}
json to_value(const std::optional<double>& v) {
  return v ? json(*v) : json(nullptr);
}
json to_value(CueMode v) {
  return std::string(to_string(v));
}
json to_value(CueOutput v) {
  return std::string(to_string(v));
}
json to_value(CueLanguage v) {
  return std::string(to_string(v));
}
json to_value(TreadmillLayout v) {
  return std::string(to_string(v));
}
// Unset: whatever the plates in the data say.
constexpr std::string_view kAutoLayout = "auto";
json to_value(const std::optional<TreadmillLayout>& v) {
  return std::string(v ? to_string(*v) : kAutoLayout);
}
json to_value(const std::array<bool, 3>& classes) {  // indexed by StrikePattern
  json out = json::array();
  for (std::size_t i = 0; i < classes.size(); ++i) {
    if (classes[i]) out.push_back(std::string(to_string(static_cast<StrikePattern>(i))));
  }
  return out;
}

void from_value(const json& j, double& v) {
  v = j.get<double>();
}
void from_value(const json& j, bool& v) {
  v = j.get<bool>();
}
template <std::integral T>
void from_value(const json& j, T& v) {
  // The ranges in the table keep every value within T and within int64.
  v = static_cast<T>(j.get<std::int64_t>());
}
void from_value(const json& j, std::string& v) {
  v = j.get<std::string>();
}
void from_value(const json& j, std::optional<double>& v) {
  v = j.is_null() ? std::nullopt : std::optional<double>(j.get<double>());
}
void from_value(const json& j, CueMode& v) {
  v = cue_mode_from_string(j.get<std::string>()).value_or(v);
}
void from_value(const json& j, CueOutput& v) {
  v = cue_output_from_string(j.get<std::string>()).value_or(v);
}
void from_value(const json& j, CueLanguage& v) {
  v = cue_language_from_string(j.get<std::string>()).value_or(v);
}
void from_value(const json& j, TreadmillLayout& v) {
  v = treadmill_layout_from_string(j.get<std::string>()).value_or(v);
}
void from_value(const json& j, std::optional<TreadmillLayout>& v) {
  v = treadmill_layout_from_string(j.get<std::string>());  // "auto": unset
}
void from_value(const json& j, std::array<bool, 3>& classes) {
  classes.fill(false);
  for (const auto& name : j) {
    if (const auto p = strike_pattern_from_string(name.get<std::string>())) {
      classes[static_cast<std::size_t>(*p)] = true;
    }
  }
}

// One getter/setter pair per field, written once: `ACCESS(engine.contact.auto_zero)`.
#define ACCESS(path)                                              \
  [](const DaemonConfig& c) -> json { return to_value(c.path); }, \
      [](DaemonConfig& c, const json& v) { from_value(v, c.path); }

using Getter = std::function<json(const DaemonConfig&)>;
using Setter = std::function<void(DaemonConfig&, const json&)>;

constexpr SettingChange live = SettingChange::live;
constexpr SettingChange fixed = SettingChange::fixed;

Setting number(std::string_view key, double min, double max, std::string_view unit,
               SettingChange change, std::string_view doc, Getter get, Setter set) {
  return Setting{key, SettingType::number, change, min, max, unit, {}, false, doc, get, set};
}
Setting optional_number(std::string_view key, double min, double max, std::string_view unit,
                        SettingChange change, std::string_view doc, Getter get, Setter set) {
  return Setting{key, SettingType::number, change, min, max, unit, {}, true, doc, get, set};
}
Setting integer(std::string_view key, double min, double max, std::string_view unit,
                SettingChange change, std::string_view doc, Getter get, Setter set) {
  return Setting{key, SettingType::integer, change, min, max, unit, {}, false, doc, get, set};
}
Setting boolean(std::string_view key, SettingChange change, std::string_view doc, Getter get,
                Setter set) {
  return Setting{key, SettingType::boolean, change, 0, 0, {}, {}, false, doc, get, set};
}
Setting text(std::string_view key, SettingChange change, std::string_view doc, Getter get,
             Setter set) {
  return Setting{key, SettingType::text, change, 0, 0, {}, {}, false, doc, get, set};
}
Setting choice(std::string_view key, std::span<const std::string_view> choices,
               SettingChange change, std::string_view doc, Getter get, Setter set) {
  return Setting{key, SettingType::choice, change, 0, 0, {}, choices, false, doc, get, set};
}
Setting choice_list(std::string_view key, std::span<const std::string_view> choices,
                    SettingChange change, std::string_view doc, Getter get, Setter set) {
  return Setting{key, SettingType::choice_list, change, 0, 0, {}, choices, false, doc, get, set};
}

// A bound the engine's own check refuses ("must be in (0.5, 1)").
Setting exclusive_min(Setting s) {
  s.min_exclusive = true;
  return s;
}
Setting exclusive_max(Setting s) {
  s.max_exclusive = true;
  return s;
}
Setting exclusive_both(Setting s) {
  return exclusive_min(exclusive_max(std::move(s)));
}
Setting secret(Setting s) {
  s.secret = true;
  return s;
}

// Choices come from the enums' own names, and the sources from the driver registry, so that
// the table and what reads it cannot disagree.
std::span<const std::string_view> source_kinds() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n{kSimulatorSource, kFileSource};
    for (const DeviceDriver* d : device_drivers())
      n.push_back(d->kind);
    return n;
  }();
  return names;
}
std::span<const std::string_view> second_sources() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> n{kNoSecondSource};
    for (const DeviceDriver* d : device_drivers()) {
      if (d->emg_companion) n.push_back(d->kind);
    }
    return n;
  }();
  return names;
}
const std::array<std::string_view, 3>& strike_patterns() {
  static const std::array<std::string_view, 3> names{to_string(StrikePattern::rearfoot),
                                                     to_string(StrikePattern::midfoot),
                                                     to_string(StrikePattern::forefoot)};
  return names;
}
const std::array<std::string_view, 3>& cue_modes() {
  static const std::array<std::string_view, 3> names{
      to_string(CueMode::every_stride), to_string(CueMode::bandwidth), to_string(CueMode::summary)};
  return names;
}
const std::array<std::string_view, 3>& cue_outputs() {
  static const std::array<std::string_view, 3> names{
      to_string(CueOutput::both), to_string(CueOutput::visual), to_string(CueOutput::audio)};
  return names;
}
const std::array<std::string_view, 3>& layouts() {
  static const std::array<std::string_view, 3> names{to_string(TreadmillLayout::split_belt),
                                                     to_string(TreadmillLayout::single_belt),
                                                     to_string(TreadmillLayout::overground)};
  return names;
}
const std::array<std::string_view, 4>& layouts_or_auto() {
  static const std::array<std::string_view, 4> names{kAutoLayout, layouts()[0], layouts()[1],
                                                     layouts()[2]};
  return names;
}

// The cue.words.* and cue.output.* rows below index by these orders.
static_assert(static_cast<int>(CueWord::hips) == 1 && static_cast<int>(CueWord::glute_onset) == 5);
static_assert(static_cast<int>(CueKind::hips) == 1 && static_cast<int>(CueKind::glute_onset) == 4);

constexpr double kMaxSeed = 9223372036854775807.0;  // int64: TOML integers are 64-bit signed

std::vector<Setting> make_table() {
  return {
      text("runner_id", fixed, "who runs: the faded schedule and the sessions are kept per runner",
           ACCESS(runner_id)),

      // --- source
      choice("source.kind", source_kinds(), fixed,
             "where the samples come from: the built-in simulator, a trial file, a stridecue "
             "protocol device on USB or a serial port, or a Delsys Trigno server "
             "(docs/devices.md)",
             ACCESS(source.kind)),
      text("source.file", fixed, "kind = file: the trial file (.csv, .mot, .c3d …) to replay",
           ACCESS(source.file)),
      number("source.pace", 0, 100, "× real time", fixed,
             "replay speed; 0 = as fast as possible (tests, replays)", ACCESS(source.pace)),
      number("source.duration_s", 0, 7 * 86400.0, "s", fixed,
             "stop after this long; 0 = until stopped (a file ends by itself)",
             ACCESS(source.duration_s)),
      text("source.analog_plate", fixed,
           "an analog force-plate profile (config/devices/, docs/analog_plates.md): the "
           "source's volts become forces with its calibration; empty: the source gives forces",
           ACCESS(source.analog_plate)),
      choice("source.emg", second_sources(), fixed,
             "also read the EMG from this device (its keys: source.<kind>.*), merged with the "
             "main source into one session; none: the main source's EMG, if any",
             ACCESS(source.emg)),

      // --- source.simulator (kind = simulator; docs/simulator.md)
      optional_number("source.simulator.duration_s", 0.001, 48 * 3600.0, "s", fixed,
                      "length of the simulated session, after which the daemon stops; unset: "
                      "until stopped (or source.duration_s, which wins when not 0)",
                      ACCESS(source.simulator_duration_s)),
      choice("source.simulator.layout", layouts(), fixed,
             "simulated treadmill: split belts, a single belt or overground plates",
             ACCESS(source.simulator.layout)),
      integer("source.simulator.seed", 0, kMaxSeed, "", fixed,
              "random seed: the same seed gives the same runner", ACCESS(source.simulator.seed)),
      number("source.simulator.body_mass_kg", 20, 200, "kg", fixed, "simulated runner's mass",
             ACCESS(source.simulator.body_mass_kg)),
      number("source.simulator.belt_speed_m_s", 0, 12, "m/s", fixed, "simulated belt speed",
             ACCESS(source.simulator.belt_speed_m_s)),
      number("source.simulator.cadence_steps_per_min", 100, 260, "steps/min", fixed,
             "simulated cadence", ACCESS(source.simulator.cadence_steps_per_min)),
      number("source.simulator.foot_length_m", 0.15, 0.35, "m", fixed,
             "simulated runner's foot length", ACCESS(source.simulator.foot_length_m)),
      number("source.simulator.step_jitter", 0, 0.2, "", fixed,
             "relative sd of step and contact time, stride by stride",
             ACCESS(source.simulator.step_jitter)),
      number("source.simulator.force_rate_hz", 100, 100e3, "Hz", fixed, "force-plate sample rate",
             ACCESS(source.simulator.force_rate_hz)),
      number("source.simulator.emg_rate_hz", 100, 100e3, "Hz", fixed, "EMG sample rate",
             ACCESS(source.simulator.emg_rate_hz)),
      number("source.simulator.block_s", 1e-4, 1, "s", fixed, "length of one sample block",
             ACCESS(source.simulator.block_s)),
      number("source.simulator.force_noise_n", 0, 1000, "N", fixed,
             "gaussian force noise (sd) on every axis", ACCESS(source.simulator.force_noise_n)),
      number("source.simulator.force_offset_n", -1000, 1000, "N", fixed,
             "constant offset on the vertical force, in flight too",
             ACCESS(source.simulator.force_offset_n)),
      number("source.simulator.emg_gain_v", 0, 1, "V", fixed,
             "EMG burst amplitude at full activation", ACCESS(source.simulator.emg_gain_v)),
      number("source.simulator.emg_amplitude_jitter", 0, 0.5, "", fixed,
             "relative sd of burst amplitude, stride by stride",
             ACCESS(source.simulator.emg_amplitude_jitter)),
      number("source.simulator.emg_noise_v", 0, 1, "V", fixed,
             "EMG background noise (electrode + amplifier), sd",
             ACCESS(source.simulator.emg_noise_v)),
      number("source.simulator.mains_hz", 0, 50e3, "Hz", fixed,
             "mains frequency of the simulated hum (at most half the EMG rate)",
             ACCESS(source.simulator.mains_hz)),
      number("source.simulator.mains_hum_v", 0, 1, "V", fixed,
             "mains hum amplitude (a third of it at the 3rd harmonic)",
             ACCESS(source.simulator.mains_hum_v)),
      number("source.simulator.fatigue_onset_s", -1e6, 1e6, "s", fixed,
             "hip fatigue starts here; negative = no fatigue",
             ACCESS(source.simulator.fatigue_onset_s)),
      number("source.simulator.fatigue_ramp_s", 0, 1e6, "s", fixed,
             "glute ratio falls over this long", ACCESS(source.simulator.fatigue_ramp_s)),
      number("source.simulator.fatigue_final_ratio", 0, 2, "", fixed,
             "glute activation ratio at the end of the fatigue ramp",
             ACCESS(source.simulator.fatigue_final_ratio)),
      number("source.simulator.cadence_change_s", -1e6, 1e6, "s", fixed,
             "the cadence changes here; negative = never",
             ACCESS(source.simulator.cadence_change_s)),
      number("source.simulator.cadence_after_steps_per_min", 100, 260, "steps/min", fixed,
             "simulated cadence from cadence_change_s on",
             ACCESS(source.simulator.cadence_after_steps_per_min)),
      number("source.simulator.emg_onset_delay_s", 0, 0.3, "s", fixed,
             "the gluteus medius burst starts this much later (0 = never)",
             ACCESS(source.simulator.emg_onset_delay_s)),
      number("source.simulator.emg_onset_delay_from_s", -1e6, 1e6, "s", fixed,
             "from the contacts at or after this time",
             ACCESS(source.simulator.emg_onset_delay_from_s)),
      boolean("source.simulator.clean", fixed,
              "no sensor noise, offsets, hum or EMG amplitude jitter",
              ACCESS(source.simulator.clean)),
      number("source.simulator.mix_start.rearfoot", 0, 1000, "", fixed,
             "weight of rearfoot strikes at the start",
             ACCESS(source.simulator.mix_start.rearfoot)),
      number("source.simulator.mix_start.midfoot", 0, 1000, "", fixed,
             "weight of midfoot strikes at the start", ACCESS(source.simulator.mix_start.midfoot)),
      number("source.simulator.mix_start.forefoot", 0, 1000, "", fixed,
             "weight of forefoot strikes at the start",
             ACCESS(source.simulator.mix_start.forefoot)),
      number("source.simulator.mix_end.rearfoot", 0, 1000, "", fixed,
             "weight of rearfoot strikes at the end", ACCESS(source.simulator.mix_end.rearfoot)),
      number("source.simulator.mix_end.midfoot", 0, 1000, "", fixed,
             "weight of midfoot strikes at the end", ACCESS(source.simulator.mix_end.midfoot)),
      number("source.simulator.mix_end.forefoot", 0, 1000, "", fixed,
             "weight of forefoot strikes at the end", ACCESS(source.simulator.mix_end.forefoot)),

      // --- runner and treadmill: what the data do not say
      text("runner.name", live, "shown in the overlay and stored with the session",
           ACCESS(engine.runner.name)),
      optional_number("runner.body_mass_kg", 20, 250, "kg", live,
                      "normalises forces and loading rates to body weight",
                      ACCESS(engine.runner.body_mass_kg)),
      optional_number("runner.foot_length_m", 0.15, 0.40, "m", live,
                      "scales the strike index; unset: estimated from the COP travel",
                      ACCESS(engine.runner.foot_length_m)),
      choice("treadmill.layout", layouts_or_auto(), fixed,
             "split belts, a single belt or overground plates; auto: what the plates say",
             ACCESS(engine.treadmill.layout)),
      optional_number("treadmill.belt_speed_m_s", 0, 12, "m/s", live,
                      "corrects the COP for the belt's motion; unset: no strike index on a belt",
                      ACCESS(engine.treadmill.belt_speed_m_s)),
      number("treadmill.side_cop_margin_m", 0, 0.5, "m", fixed,
             "single belt: a COP this far off the midline names the foot",
             ACCESS(engine.side_cop_margin_m)),

      // --- contact (docs/algorithms.md, "Contact")
      number("contact.contact_threshold_n", 1, 2000, "N", live,
             "vertical force rising above this: a foot is on the plate",
             ACCESS(engine.contact.contact_threshold_n)),
      number("contact.release_threshold_n", 0.5, 2000, "N", live,
             "vertical force falling below this: the foot is leaving",
             ACCESS(engine.contact.release_threshold_n)),
      number("contact.timing_threshold_n", 0.1, 500, "N", live,
             "level at which contact and toe-off are timed",
             ACCESS(engine.contact.timing_threshold_n)),
      number("contact.min_stance_s", 0, 1, "s", live, "shorter loads are knocks, not steps",
             ACCESS(engine.contact.min_stance_s)),
      number("contact.min_flight_s", 0, 1, "s", live, "shorter unloads are part of the same stance",
             ACCESS(engine.contact.min_flight_s)),
      number("contact.peak_lowpass_hz", 0, 400, "Hz", live,
             "low-pass for the peak force; 0 turns it off", ACCESS(engine.contact.peak_lowpass_hz)),
      boolean("contact.auto_zero", live, "re-zero each plate from its flight phases",
              ACCESS(engine.contact.auto_zero)),
      // The stance trace is allocated for it when the engine starts.
      number("contact.max_stance_s", 0.5, 10, "s", fixed,
             "longest stance kept whole; longer ones are cut short",
             ACCESS(engine.contact.max_stance_s)),

      // --- strike (docs/algorithms.md, "Foot strike")
      number("strike.rearfoot_max", 0, 1, "", live,
             "strike index below this: rearfoot (0 heel … 1 toe)",
             ACCESS(engine.strike.boundaries.rearfoot_max)),
      number("strike.forefoot_min", 0, 1, "", live, "strike index above this: forefoot",
             ACCESS(engine.strike.boundaries.forefoot_min)),
      exclusive_min(
          number("strike.toe_cop_fraction", 0.5, 1, "", live,
                 "where the COP leaves the foot, as a fraction of foot length from the heel",
                 ACCESS(engine.strike.toe_cop_fraction))),
      number("strike.cop_min_force_n", 1, 2000, "N", live, "COP below this load is not used",
             ACCESS(engine.strike.cop_min_force_n)),
      number("strike.initial_cop_window_s", 0.001, 0.2, "s", live,
             "early COP samples that place the COP at contact",
             ACCESS(engine.strike.initial_cop_window_s)),
      exclusive_both(number("strike.decision_confidence", 0.5, 1, "", live,
                            "probability needed to commit to a class early",
                            ACCESS(engine.strike.decision_confidence))),
      number("strike.decision_deadline_s", 0.005, 0.3, "s", live,
             "every stance's class is decided by this time after contact; later, no heel cue",
             ACCESS(engine.strike.decision_deadline_s)),
      exclusive_both(number("strike.impact_window_fraction", 0, 1, "", live,
                            "share of stance searched for the impact peak",
                            ACCESS(engine.strike.impact_window_fraction))),
      exclusive_min(number("strike.impact_min_prominence", 0, 1, "", live,
                           "smallest impact peak, as a share of the stance's peak force",
                           ACCESS(engine.strike.impact_min_prominence))),
      number("strike.impact_lowpass_hz", 0, 400, "Hz", live,
             "zero-phase low-pass before looking for the impact peak",
             ACCESS(engine.strike.impact_lowpass_hz)),

      // --- glute.emg: the filter chain (docs/emg.md). Live, but a change restarts the EMG side
      // (filters, histories, quality window, baselines): each key's one line says so.
      number("glute.emg.mains_hz", 1, 1000, "Hz", live,
             "mains frequency to notch (50 or 60); a filter change starts new EMG baselines",
             ACCESS(engine.glute.emg.mains_hz)),
      integer("glute.emg.mains_harmonics", 0, 8, "", live,
              "how many multiples of mains_hz get a notch (1 = the fundamental); a filter change "
              "starts new EMG baselines",
              ACCESS(engine.glute.emg.mains_harmonics)),
      number("glute.emg.notch_q", 1, 1000, "", live,
             "notch quality: width = mains_hz / notch_q; a filter change starts new EMG baselines",
             ACCESS(engine.glute.emg.notch_q)),
      number("glute.emg.bandpass_low_hz", 1, 1000, "Hz", live,
             "band-pass bottom; a filter change starts new EMG baselines",
             ACCESS(engine.glute.emg.bandpass_low_hz)),
      number("glute.emg.bandpass_high_hz", 2, 5000, "Hz", live,
             "band-pass top (capped at 0.45 × the EMG rate); a filter change starts new EMG "
             "baselines",
             ACCESS(engine.glute.emg.bandpass_high_hz)),
      integer("glute.emg.bandpass_order", 2, 8, "", live,
              "band-pass order per side (even); a filter change starts new EMG baselines",
              ACCESS(engine.glute.emg.bandpass_order)),
      number("glute.emg.envelope_cutoff_hz", 0.1, 100, "Hz", live,
             "linear envelope low-pass cut-off; a filter change starts new EMG baselines",
             ACCESS(engine.glute.emg.envelope_cutoff_hz)),
      integer("glute.emg.envelope_order", 2, 4, "", live,
              "envelope low-pass order (2 or 4); a filter change starts new EMG baselines",
              ACCESS(engine.glute.emg.envelope_order)),
      number("glute.emg.rms_window_s", 0.005, 1, "s", live,
             "moving RMS window; a filter change starts new EMG baselines",
             ACCESS(engine.glute.emg.rms_window_s)),

      // --- glute.quality: per-channel signal checks
      number("glute.quality.window_s", 0.1, 10, "s", live, "the checks look at this much signal",
             ACCESS(engine.glute.quality.window_s)),
      number("glute.quality.flat_rms_v", 0, 1e-3, "V", live,
             "band-passed RMS below this: flat, no electrode signal",
             ACCESS(engine.glute.quality.flat_rms_v)),
      exclusive_min(number("glute.quality.clip_fraction", 0, 1, "", live,
                           "share of samples at the extremes that means clipping",
                           ACCESS(engine.glute.quality.clip_fraction))),
      integer("glute.quality.clip_min_samples", 1, 1e6, "samples", live,
              "and at least this many samples at the extremes",
              ACCESS(engine.glute.quality.clip_min_samples)),
      number("glute.quality.full_scale_v", 0, 100, "V", live, "amplifier full scale; 0 = unknown",
             ACCESS(engine.glute.quality.full_scale_v)),
      exclusive_min(number("glute.quality.mains_ratio", 0, 100, "", live,
                           "hum RMS above this × the EMG RMS: excessive mains",
                           ACCESS(engine.glute.quality.mains_ratio))),
      number("glute.quality.mains_floor_v", 0, 1, "V", live, "and above this much hum",
             ACCESS(engine.glute.quality.mains_floor_v)),
      exclusive_min(number("glute.quality.drift_v", 0, 10, "V", live,
                           "raw mean moving this much between windows: lost contact",
                           ACCESS(engine.glute.quality.drift_v))),
      number("glute.quality.max_rms_v", 0, 10, "V", live,
             "band-passed RMS above this: lost contact", ACCESS(engine.glute.quality.max_rms_v)),

      // --- glute.activation: the window around each contact
      number("glute.activation.window_before_s", 0, 0.5, "s", live,
             "activation window starts this long before contact",
             ACCESS(engine.glute.activation.window_before_s)),
      number("glute.activation.window_after_s", 0, 0.5, "s", live, "and ends this long after it",
             ACCESS(engine.glute.activation.window_after_s)),
      number("glute.activation.offset_search_s", 0, 0.8, "s", live,
             "the burst's end is searched up to this long after contact (walking: 0.5-0.8)",
             ACCESS(engine.glute.activation.offset_search_s)),
      number("glute.activation.lookback_s", 0, 3, "s", live,
             "the resting level is found within this much history",
             ACCESS(engine.glute.activation.lookback_s)),
      number("glute.activation.rest_segment_s", 0.02, 1.5, "s", live,
             "length of the pieces the resting level is taken from",
             ACCESS(engine.glute.activation.rest_segment_s)),
      number("glute.activation.rest_fraction", 0.01, 1, "", live,
             "the quietest share of those pieces is taken as rest",
             ACCESS(engine.glute.activation.rest_fraction)),
      number("glute.activation.threshold_sd", 0, 20, "sd", live,
             "burst threshold: rest + this many SD of the rectified EMG at rest",
             ACCESS(engine.glute.activation.threshold_sd)),
      exclusive_max(number("glute.activation.min_rise_fraction", 0, 1, "", live,
                           "and at least this share of the way from the quietest piece to the peak",
                           ACCESS(engine.glute.activation.min_rise_fraction))),
      number("glute.activation.min_burst_s", 0, 0.3, "s", live, "shorter bursts are spikes",
             ACCESS(engine.glute.activation.min_burst_s)),
      number("glute.activation.envelope_cutoff_hz", 1, 50, "Hz", live,
             "zero-phase envelope cut-off for the per-stride measures",
             ACCESS(engine.glute.activation.envelope_cutoff_hz)),

      // --- glute.baseline: the runner's own baseline and the drop-off flag
      integer("glute.baseline.baseline_strides", 1, 1000, "strides", live,
              "strides at the session's start that make the baseline",
              ACCESS(engine.glute.baseline.baseline_strides)),
      exclusive_both(number("glute.baseline.drop_ratio", 0, 1, "", live,
                            "activation below this ratio to baseline is a drop",
                            ACCESS(engine.glute.baseline.drop_ratio))),
      number("glute.baseline.clear_ratio", 0, 2, "", live,
             "the flag clears at this ratio (at least drop_ratio)",
             ACCESS(engine.glute.baseline.clear_ratio)),
      integer("glute.baseline.drop_count", 1, 100, "strides", live,
              "drops in the window that raise the flag", ACCESS(engine.glute.baseline.drop_count)),
      integer("glute.baseline.window_strides", 1, 100, "strides", live,
              "the window of recent strides", ACCESS(engine.glute.baseline.window_strides)),

      // --- cue (docs/cues.md)
      boolean("cue.heel_enabled", live, "cue \"land on your forefoot\" on heel strikes",
              ACCESS(cue.heel_enabled)),
      choice_list("cue.heel_classes", strike_patterns(), live,
                  "strike classes that earn the heel-strike cue", ACCESS(cue.heel_classes)),
      number("cue.heel_target_share", 0, 1, "", live,
             "the runner's target shown: at least this share of the session's strikes in the "
             "classes not in heel_classes (0.8: forefoot >= 80 %); 0 = no target",
             ACCESS(cue_presentation.heel_target_share)),
      choice("cue.language", kCueLanguageNames, live,
             "language of the cue words and the target (en, de, fr, es)",
             ACCESS(cue_presentation.language)),
      boolean("cue.hips_enabled", live, "cue \"drive from the hips\" on the glute drop-off flag",
              ACCESS(cue.hips_enabled)),
      choice("cue.mode", cue_modes(), live,
             "every stride, bandwidth (X of the last N missed) or summary (every N strides)",
             ACCESS(cue.mode)),
      integer("cue.bandwidth_misses", 1, kMaxCueWindowStrides, "strides", live,
              "bandwidth: misses needed in the window", ACCESS(cue.bandwidth_misses)),
      integer("cue.bandwidth_strides", 1, kMaxCueWindowStrides, "strides", live,
              "bandwidth: the window", ACCESS(cue.bandwidth_strides)),
      integer("cue.summary_strides", 1, 1000, "strides", live,
              "summary: one verdict every N strides", ACCESS(cue.summary_strides)),
      exclusive_min(number("cue.summary_min_share", 0, 1, "", live,
                           "summary: cue when this share of the strides missed",
                           ACCESS(cue.summary_min_share))),
      number("cue.refractory_s", 0, 60, "s", live, "no cue of the same kind sooner than this",
             ACCESS(cue.refractory_s)),
      integer("cue.session_number", 1, 10000, "", live,
              "this session's place in the faded schedule (the daemon sets it from the store)",
              ACCESS(cue.session_number)),
      boolean("cue.fading.enabled", live, "faded feedback across sessions",
              ACCESS(cue.fading.enabled)),
      integer("cue.fading.sessions", 1, 100, "sessions", live, "length of the schedule",
              ACCESS(cue.fading.sessions)),
      integer("cue.fading.full_sessions", 0, 100, "sessions", live,
              "sessions with full feedback before it fades", ACCESS(cue.fading.full_sessions)),
      number("cue.fading.block_s", 1, 3600, "s", live,
             "feedback in the first share of every block of this length",
             ACCESS(cue.fading.block_s)),
      // --- program: a retraining program's sessions (docs/cues.md "Programs")
      boolean("program.enabled", live,
              "each session follows its place in the runner's program: planned time, warm-up "
              "and retention block without cues",
              ACCESS(program.enabled)),
      number("program.first_session_min", 0.1, 240, "min", live,
             "planned running time of program session 1", ACCESS(program.first_session_min)),
      number("program.last_session_min", 0.1, 240, "min", live,
             "planned running time of the schedule's last session (cue.fading.sessions)",
             ACCESS(program.last_session_min)),
      number("program.warmup_s", 0, 3600, "s", live,
             "no cues at the start of each session (warm-up, glute baseline)",
             ACCESS(program.warmup_s)),
      number("program.retention_s", 0, 3600, "s", live,
             "no cues at the end of each session: a retention block, reported apart",
             ACCESS(program.retention_s)),

      // --- cue.loading_rate, cue.cadence, cue.glute_onset (docs/cues.md)
      boolean("cue.loading_rate.enabled", live,
              "cue \"run softer\" when a stride's VALR is above its band (needs the body mass)",
              ACCESS(cue.loading_rate.enabled)),
      exclusive_min(number("cue.loading_rate.max_share", 0, 2, "", live,
                           "the band's top as a share of the baseline VALR (0.5-0.8 trained)",
                           ACCESS(cue.loading_rate.max_share))),
      integer("cue.loading_rate.baseline_strides", 1, 1000, "strides", live,
              "strides of each side that make the baseline VALR",
              ACCESS(cue.loading_rate.baseline_strides)),
      optional_number("cue.loading_rate.baseline_bw_s", 1, 1000, "BW/s", live,
                      "the baseline VALR, e.g. from an earlier session; unset: learnt",
                      ACCESS(cue.loading_rate.baseline_bw_s)),
      boolean("cue.cadence.enabled", live,
              "cue when the running mean step rate leaves the target band",
              ACCESS(cue.cadence.enabled)),
      optional_number("cue.cadence.target_steps_min", 100, 260, "steps/min", live,
                      "the target step rate; unset: the baseline raised by increase_share",
                      ACCESS(cue.cadence.target_steps_min)),
      number("cue.cadence.increase_share", -0.5, 0.5, "", live,
             "the target over the baseline step rate (0.075: +7.5 %)",
             ACCESS(cue.cadence.increase_share)),
      integer("cue.cadence.baseline_steps", 1, 1000, "steps", live,
              "steps at the session's start that make the baseline step rate",
              ACCESS(cue.cadence.baseline_steps)),
      exclusive_min(number("cue.cadence.tolerance_share", 0, 0.5, "", live,
                           "the band: target ± this share of it",
                           ACCESS(cue.cadence.tolerance_share))),
      integer("cue.cadence.mean_steps", 1, kMaxCueWindowStrides, "steps", live,
              "the running mean's length, so one odd step does not cue",
              ACCESS(cue.cadence.mean_steps)),
      boolean("cue.cadence.metronome", live,
              "tick at the target step rate while cues go out and the target is known",
              ACCESS(cue.cadence.metronome)),
      number("cue.cadence.metronome_volume", 0, 1, "", live,
             "the metronome's loudness as a share of audio.volume",
             ACCESS(cue.cadence.metronome_volume)),
      boolean("cue.glute_onset.enabled", live,
              "cue \"hips early\" when the gluteus medius burst starts late",
              ACCESS(cue.glute_onset.enabled)),
      number("cue.glute_onset.late_ms", -500, 500, "ms", live,
             "onsets later than this after contact are late (negative: before contact)",
             ACCESS(cue.glute_onset.late_ms)),

      // --- cue.words, cue.output: each cue's word and how it reaches the runner (docs/cues.md)
      text("cue.words.heel_strike", live, "the heel-strike cue's word; empty: the language's",
           ACCESS(cue_presentation.words[0])),
      text("cue.words.hips", live, "the hips cue's word; empty: the language's",
           ACCESS(cue_presentation.words[1])),
      text("cue.words.loading_rate", live, "the loading-rate cue's word; empty: the language's",
           ACCESS(cue_presentation.words[2])),
      text("cue.words.cadence_quicker", live,
           "the cadence cue's word below the target; empty: the language's",
           ACCESS(cue_presentation.words[3])),
      text("cue.words.cadence_slower", live,
           "the cadence cue's word above the target; empty: the language's",
           ACCESS(cue_presentation.words[4])),
      text("cue.words.glute_onset", live, "the glute-onset cue's word; empty: the language's",
           ACCESS(cue_presentation.words[5])),
      choice("cue.output.heel_strike", cue_outputs(), live,
             "the heel-strike cue: heard and shown (both), only shown (visual) or only heard",
             ACCESS(cue.outputs[0])),
      choice("cue.output.hips", cue_outputs(), live, "the hips cue: both, visual or audio",
             ACCESS(cue.outputs[1])),
      choice("cue.output.loading_rate", cue_outputs(), live,
             "the loading-rate cue: both, visual or audio", ACCESS(cue.outputs[2])),
      choice("cue.output.cadence", cue_outputs(), live, "the cadence cue: both, visual or audio",
             ACCESS(cue.outputs[3])),
      choice("cue.output.glute_onset", cue_outputs(), live,
             "the glute-onset cue: both, visual or audio", ACCESS(cue.outputs[4])),

      // --- audio (SDL2)
      boolean("audio.enabled", fixed, "sound the cues", ACCESS(audio.enabled)),
      boolean("audio.required", fixed,
              "no sound device that opens stops the start (exit 1); false: the daemon runs on "
              "with the cues shown but not heard, and says NO SOUND (docs/audio.md)",
              ACCESS(audio.required)),
      text("audio.driver", fixed, "SDL audio driver (\"disk\" on headless machines); empty: SDL's",
           ACCESS(audio.driver)),
      text("audio.device", fixed, "SDL device name; empty: the default device",
           ACCESS(audio.device)),
      number("audio.volume", 0, 1, "", live, "cue volume", ACCESS(audio.volume)),
      integer("audio.sample_rate_hz", 8000, 192000, "Hz", fixed, "output sample rate",
              ACCESS(audio.sample_rate_hz)),
      integer("audio.buffer_frames", 16, 8192, "frames", fixed,
              "frames per SDL callback: a cue starts at most one buffer after its decision",
              ACCESS(audio.buffer_frames)),
      number("audio.cue_length_s", 0.02, 1, "s", fixed, "length of a cue sound",
             ACCESS(audio.cue_length_s)),
      number("audio.cue_latency_ms", 0, 100, "ms", fixed,
             "a cue sounds this long after its contact, to the frame, when decided in time; 0 = "
             "as soon as possible",
             ACCESS(audio.cue_latency_ms)),
      integer("audio.realtime_priority", 0, 99, "", fixed,
              "SCHED_FIFO priority of the audio thread, above the engine's (needs CAP_SYS_NICE or "
              "LimitRTPRIO); 0 = as SDL leaves it",
              ACCESS(audio.realtime_priority)),

      // --- the engine thread
      integer("engine.realtime_priority", 0, 99, "", fixed,
              "SCHED_FIFO priority of the engine thread (needs CAP_SYS_NICE or LimitRTPRIO); 0 = "
              "normal scheduling",
              ACCESS(engine_thread.realtime_priority)),
      boolean("engine.share_core", fixed,
              "run the engine thread and the threads that hand it blocks on one core, so that a "
              "block wakes the engine without waking an idle core",
              ACCESS(engine_thread.share_core)),
      integer("engine.core", -1, 1023, "", fixed,
              "the core of engine.share_core; -1 = the last core the daemon may use",
              ACCESS(engine_thread.core)),

      // --- api (docs/api.md)
      boolean("api.enabled", fixed, "serve the control API", ACCESS(api.enabled)),
      text("api.address", fixed, "listen address; beyond loopback a token is required",
           ACCESS(api.address)),
      integer("api.port", 0, 65535, "", fixed, "listen port; 0 = any free port (logged)",
              ACCESS(api.port)),
      secret(text("api.token", fixed,
                  "bearer token the clients must send (required off loopback); never shown",
                  ACCESS(api.token))),
      integer("api.max_wrong_tokens", 1, 1000, "", fixed,
              "a client address that sends this many wrong tokens (bearer or console login) "
              "within api.wrong_token_window_s is refused (429) for that long; never loopback",
              ACCESS(api.max_wrong_tokens)),
      number("api.wrong_token_window_s", 1, 86400, "s", fixed,
             "the window api.max_wrong_tokens are counted in, and how long the address is then "
             "refused",
             ACCESS(api.wrong_token_window_s)),
      integer("api.max_clients", 1, 10000, "", fixed, "connections beyond this are refused",
              ACCESS(api.max_clients)),
      integer("api.max_request_bytes", 1024, 16 * 1024 * 1024, "bytes", fixed,
              "larger requests are refused", ACCESS(api.max_request_bytes)),
      number("api.header_timeout_s", 0.1, 600, "s", fixed,
             "a request's header must arrive within this (408 after); also an idle keep-alive",
             ACCESS(api.header_timeout_s)),
      number("api.body_timeout_s", 0.1, 600, "s", fixed,
             "a request's body must arrive within this of its header (408 after)",
             ACCESS(api.body_timeout_s)),
      number("api.signal_rate_hz", 1, 1000, "Hz", fixed,
             "live signals on the stream are decimated to this rate", ACCESS(api.signal_rate_hz)),
      number("api.signal_batch_s", 0, 1, "s", fixed,
             "live signals are sent this long at a time, one message per batch; 0 = a message "
             "per sample",
             ACCESS(api.signal_batch_s)),

      // --- store (SQLite)
      boolean("store.enabled", fixed, "record sessions", ACCESS(store.enabled)),
      number("store.program_session_min_s", 0, 7200, "s", live,
             "a session counts in the runner's program (the faded schedule's session number) "
             "once they ran this long in it",
             ACCESS(store.program_session_min_s)),
      text("store.path", fixed, "SQLite database file", ACCESS(store.path)),
      boolean("store.wal", fixed, "WAL journal: crash-safe, readers never block",
              ACCESS(store.wal)),
      boolean("store.raw_samples", fixed, "store every sample block, so a session can be replayed",
              ACCESS(store.raw_samples)),
      number("store.commit_interval_s", 0.01, 10, "s", fixed, "a crash loses at most this much",
             ACCESS(store.commit_interval_s)),
      integer("store.raw_blocks_keep_days", 0, 36500, "days", fixed,
              "raw sample blocks of sessions older than this are removed at start and hourly "
              "(strides, cues, summaries kept); 0 = keep forever",
              ACCESS(store.raw_blocks_keep_days)),
      text("store.group", fixed,
           "group that may read the store (its files 0640, of that group); \"\" = private (0600)",
           ACCESS(store.group)),
  };
}

#undef ACCESS

std::string format_number(double v) {
  return fmt::format("{}", v);
}

}  // namespace

std::int64_t integer_max(const Setting& s) {
  // 2^63 is the nearest double to the largest int64, and does not convert back to one.
  constexpr std::int64_t kLargest = std::numeric_limits<std::int64_t>::max();
  return s.max >= 9.2e18 ? kLargest : static_cast<std::int64_t>(s.max);
}

namespace {

std::string describe_json(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::string: return fmt::format("the string \"{}\"", v.get<std::string>());
    case json::value_t::array: return "an array";
    case json::value_t::object: return "a table";
    case json::value_t::number_float: return fmt::format("the number {}", v.get<double>());
    default: return fmt::format("the number {}", v.dump());
  }
}

std::string quoted_choices(std::span<const std::string_view> choices) {
  std::string out;
  for (const auto c : choices)
    out += fmt::format("{}\"{}\"", out.empty() ? "" : ", ", c);
  return out;
}

bool is_choice(const Setting& s, const json& v) {
  return v.is_string() &&
         std::find(s.choices.begin(), s.choices.end(), v.get<std::string>()) != s.choices.end();
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view to_string(SettingType t) {
  switch (t) {
    case SettingType::number: return "number";
    case SettingType::integer: return "integer";
    case SettingType::boolean: return "boolean";
    case SettingType::text: return "string";
    case SettingType::choice: return "choice";
    case SettingType::choice_list: return "choice list";
  }
  return "number";
}

std::string_view Setting::table() const {
  const auto dot = key.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : key.substr(0, dot);
}

std::string_view Setting::name() const {
  const auto dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

namespace {

// Each driver's keys (drivers/source/device_driver.hpp), after the source's own, before the
// simulator's: "kind = usb: which device …".
void insert_device_settings(std::vector<Setting>& table) {
  static std::deque<std::string> docs;  // the table holds views of them
  std::vector<Setting> devices;
  for (const DeviceDriver* driver : device_drivers()) {
    for (const DeviceSetting& d : driver->settings) {
      const std::string& doc = docs.emplace_back(fmt::format("kind = {}: {}", driver->kind, d.doc));
      Getter get = [&d](const DaemonConfig& c) -> json {
        if (d.type == DeviceSetting::Type::integer) return c.source.devices.integer(d);
        return c.source.devices.text(d);
      };
      Setter set = [&d](DaemonConfig& c, const json& v) {
        if (d.type == DeviceSetting::Type::integer) {
          c.source.devices.set(d, v.get<std::int64_t>());
        } else {
          c.source.devices.set(d, v.get<std::string>());
        }
      };
      devices.push_back(d.type == DeviceSetting::Type::integer
                            ? integer(d.key, static_cast<double>(d.min), static_cast<double>(d.max),
                                      d.unit, fixed, doc, get, set)
                            : text(d.key, fixed, doc, get, set));
    }
  }
  const auto simulator = std::find_if(table.begin(), table.end(), [](const Setting& s) {
    return s.key.starts_with("source.simulator.");
  });
  table.insert(simulator, devices.begin(), devices.end());
}

std::vector<Setting> make_full_table() {
  std::vector<Setting> table = make_table();
  insert_device_settings(table);
  return table;
}

}  // namespace

std::span<const Setting> settings_table() {
  static const std::vector<Setting> table = make_full_table();
  return table;
}

const Setting* find_setting(std::string_view key) {
  for (const auto& s : settings_table()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

bool is_settings_table(std::string_view path) {
  if (path.empty()) return true;
  for (const auto& s : settings_table()) {
    if (s.key.size() > path.size() && s.key.starts_with(path) && s.key[path.size()] == '.') {
      return true;
    }
  }
  return false;
}

std::vector<std::string> settings_table_children(std::string_view path) {
  std::vector<std::string> out;
  const std::size_t skip = path.empty() ? 0 : path.size() + 1;
  for (const auto& s : settings_table()) {
    if (!path.empty() &&
        !(s.key.size() > skip && s.key.starts_with(path) && s.key[path.size()] == '.')) {
      continue;
    }
    const auto rest = s.key.substr(skip);
    std::string child(rest.substr(0, rest.find('.')));
    if (std::find(out.begin(), out.end(), child) == out.end()) out.push_back(std::move(child));
  }
  return out;
}

std::optional<std::string> nearest_name(std::string_view wrong,
                                        const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(wrong, c);
    if (!best || d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // A typo changes a few letters; anything further is a different word.
  const std::size_t tolerance = std::max<std::size_t>(2, wrong.size() / 4);
  if (best && best_distance <= tolerance) return best;
  return std::nullopt;
}

std::string describe_range(const Setting& s) {
  switch (s.type) {
    case SettingType::number:
    case SettingType::integer: {
      const bool integer = s.type == SettingType::integer;
      const std::string low =
          integer ? std::to_string(static_cast<std::int64_t>(s.min)) : format_number(s.min);
      const std::string high = integer ? std::to_string(integer_max(s)) : format_number(s.max);
      std::string range;
      if (s.min_exclusive && s.max_exclusive) {
        range = fmt::format("above {} and below {}", low, high);
      } else if (s.min_exclusive) {
        range = fmt::format("above {}, up to {}", low, high);
      } else if (s.max_exclusive) {
        range = fmt::format("{} up to below {}", low, high);
      } else {
        range = fmt::format("{} to {}", low, high);
      }
      if (!s.unit.empty()) range += fmt::format(" {}", s.unit);
      return range;
    }
    case SettingType::boolean: return "true or false";
    case SettingType::text: return "a string";
    case SettingType::choice: return "one of " + quoted_choices(s.choices);
    case SettingType::choice_list: return "a list of " + quoted_choices(s.choices);
  }
  return {};
}

json shown_value(const Setting& s, json value) {
  if (!s.secret) return value;
  const bool unset = value.is_null() || (value.is_string() && value.get<std::string>().empty());
  return unset ? json("") : json(std::string(kRedacted));
}

std::optional<std::string> setting_value_problem(const Setting& s, const json& v) {
  const auto expected = [&](std::string_view what) {
    return fmt::format("{} must be {}, not {}", s.key, what, describe_json(v));
  };
  if (v.is_null() && s.nullable) return std::nullopt;
  switch (s.type) {
    case SettingType::number:
    case SettingType::integer: {
      const bool integer = s.type == SettingType::integer;
      if (integer && !(v.is_number_integer() || v.is_number_unsigned())) {
        return expected(fmt::format("a whole number ({})", describe_range(s)));
      }
      if (!v.is_number()) return expected(fmt::format("a number ({})", describe_range(s)));
      const double x = v.get<double>();
      const bool too_big_for_int64 =
          v.is_number_unsigned() &&
          v.get<std::uint64_t>() >
              static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
      const bool below = s.min_exclusive ? !(x > s.min) : !(x >= s.min);
      const bool above = s.max_exclusive ? !(x < s.max) : !(x <= s.max);
      if (!std::isfinite(x) || below || above || too_big_for_int64) {
        const std::string shown = v.is_number_float() ? format_number(x) : v.dump();
        return fmt::format("{} = {} is out of range: {}", s.key, shown, describe_range(s));
      }
      return std::nullopt;
    }
    case SettingType::boolean:
      if (!v.is_boolean()) return expected("true or false");
      return std::nullopt;
    case SettingType::text:
      if (!v.is_string()) return expected("a string");
      return std::nullopt;
    case SettingType::choice:
      if (!is_choice(s, v)) return expected(describe_range(s));
      return std::nullopt;
    case SettingType::choice_list: {
      if (!v.is_array()) return expected(describe_range(s));
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (!is_choice(s, v[i])) {
          return fmt::format("{}[{}] must be one of {}, not {}", s.key, i,
                             quoted_choices(s.choices), describe_json(v[i]));
        }
        for (std::size_t j = 0; j < i; ++j) {
          if (v[j] == v[i]) return fmt::format("{} lists {} twice", s.key, v[i].dump());
        }
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace stridecue
