// EMG from real C3D files ($STRIDECUE_DATA/c3d) as the reader's second stream:
// - BTKData PiG FlatFoot (Vicon, walking; config/emg_profiles/btk_pig_flatfoot.toml): the
//   engine's contacts against the file's labelled Foot Strike events, each muscle measured by
//   the engine at them, and every labelled Foot Strike through the chain of docs/emg.md §3;
// - ezc3d BTS (walking, EMG in mV): the channels the labels alone give, volts from mV, levels.
// Neither file has a gluteus medius channel: the muscles measured are what the files hold.
// The per-contact tables are printed (WARN) for docs/emg.md.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/emg_conditioner.hpp"
#include "engine/gait_engine.hpp"
#include "engine/glute_activation.hpp"
#include "files/anc_reader.hpp"
#include "files/c3d_file.hpp"
#include "files/c3d_reader.hpp"
#include "realdata/c3d_data.hpp"
#include "realdata/emg_chain.hpp"
#include "support/engine_run.hpp"
#include "support/run_program.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;
using test::c3d_path;

namespace {

EmgChannelProfile emg_profile(const char* file) {
  std::string error;
  auto profile = value_or_error(load_emg_channel_profile(std::filesystem::path(test::source_dir()) /
                                                         "config/emg_profiles" / file),
                                &error);
  INFO(error);
  REQUIRE(profile);
  return std::move(*profile);
}

// Every frame of one stream, frame-major.
std::vector<float> stream_samples(C3dReader& reader, std::uint16_t stream) {
  std::vector<float> all;
  SampleBlock block;
  SourceStatus status;
  while ((status = reader.next(block)) == SourceStatus::block) {
    if (block.stream == stream) all.insert(all.end(), block.samples.begin(), block.samples.end());
  }
  REQUIRE(reader.failure().empty());
  REQUIRE(status == SourceStatus::end);
  return all;
}

std::vector<float> column(const std::vector<float>& frames, std::size_t channels, std::size_t c) {
  std::vector<float> out;
  for (std::size_t i = c; i < frames.size(); i += channels)
    out.push_back(frames[i]);
  return out;
}

std::string ms(const std::optional<double>& s, double scale = 1000.0) {
  return s ? fmt::format("{:+.0f}", scale * *s) : std::string("none");
}

double to_rest(const GluteActivation& a) {
  return a.rest_v > 0.0 ? a.mean_envelope_v.value_or(0.0) / a.rest_v : 0.0;
}

std::vector<C3dEvent> strikes_of(const std::vector<C3dEvent>& events) {
  std::vector<C3dEvent> strikes;
  for (const auto& e : events)
    if (e.label == "Foot Strike") strikes.push_back(e);
  std::sort(strikes.begin(), strikes.end(),
            [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
  return strikes;
}

Side side_of(const C3dEvent& e) {
  return e.context == "Left" ? Side::left : Side::right;
}

}  // namespace

TEST_CASE("c3d PiG FlatFoot EMG: a second stream with the profile's 10 muscles",
          "[realdata][emg]") {
  C3dReader reader(c3d_path("BTKData_PiG_Motion-FlatFoot-Full.c3d"),
                   emg_profile("btk_pig_flatfoot.toml"));
  REQUIRE(reader.failure().empty());
  const auto& streams = reader.layout().streams;
  REQUIRE(streams.size() == 2);
  const StreamInfo& emg = streams[1];
  CHECK(emg.name == "emg");
  CHECK(emg.rate_hz == streams[0].rate_hz);
  CHECK(emg.start_time_s == streams[0].start_time_s);
  REQUIRE(emg.channels.size() == 10);
  std::size_t left = 0, right = 0;
  for (const auto& c : emg.channels) {
    CHECK(c.quantity == Quantity::emg);
    CHECK(c.muscle != "gmed");  // the file has none
    REQUIRE(c.side);
    ++(*c.side == Side::left ? left : right);
  }
  CHECK(left == 5);
  CHECK(right == 5);
  CHECK(emg.channels[3].name == "emg_gaslat_right_v");
  CHECK(reader.emg().channels[3].label == "R_GL");

  // Without the profile the labels (R_RF, L_GL, Pin 1 ...) place nothing: no guessing.
  C3dReader by_label(c3d_path("BTKData_PiG_Motion-FlatFoot-Full.c3d"));
  REQUIRE(by_label.failure().empty());
  CHECK(by_label.layout().streams.size() == 1);
  CHECK(by_label.emg().left_out.size() == 26);
  WARN(by_label.emg_note());
}

// The engine (walking activation settings) on the FlatFoot trial: its two plate contacts are
// labelled Foot Strikes of the same side, and every muscle of that side is measured there.
TEST_CASE("c3d PiG FlatFoot EMG: engine contacts are labelled strikes, muscles measured",
          "[realdata][emg]") {
  C3dReader reader(c3d_path("BTKData_PiG_Motion-FlatFoot-Full.c3d"),
                   emg_profile("btk_pig_flatfoot.toml"));
  const auto strikes = strikes_of(reader.events());
  REQUIRE(strikes.size() == 7);
  EngineSettings settings;
  settings.glute.activation = test::walking_activation();
  const auto strides = test::run_engine(reader, settings);
  REQUIRE(strides.size() == 2);
  for (const StrideRecord& s : strides) {
    const auto strike = *std::min_element(strikes.begin(), strikes.end(), [&](auto& a, auto& b) {
      return std::abs(a.time_s - s.contact_s) < std::abs(b.time_s - s.contact_s);
    });
    WARN(fmt::format("engine {} contact {:.4f} s vs {} Foot Strike {:.3f} s ({:+.1f} ms)",
                     to_string(s.side), s.contact_s, strike.context, strike.time_s,
                     1e3 * (s.contact_s - strike.time_s)));
    CHECK(std::abs(s.contact_s - strike.time_s) <= 0.010);
    CHECK(s.side == side_of(strike));
    CHECK(s.gmed() == nullptr);
    REQUIRE(s.emg.count == 5);  // the side's five muscles
    for (std::size_t m = 0; m < s.emg.count; ++m) {
      const MuscleActivation& a = s.emg.muscles[m];
      WARN(fmt::format("  {:<8} activation {:5.1f} µV, onset {} ms, offset {} ms, MDF {} Hz, {}",
                       a.muscle, 1e6 * a.activation_v.value_or(0.0), ms(a.onset_ms, 1.0),
                       ms(a.offset_ms, 1.0), ms(a.mdf_hz, 1.0), to_string(a.quality)));
      CHECK(a.quality == EmgQualityFlags::none);
      REQUIRE(a.activation_v);
      // Electrode volts: microvolts to a few hundred microvolts, never the V of a raw input.
      CHECK(*a.activation_v > 1e-6);
      CHECK(*a.activation_v < 500e-6);
    }
  }
}

// Every labelled Foot Strike through the chain, each muscle of the striking side. What the
// signal shows (the table is printed): tibialis anterior bursts through every contact; the
// lateral gastrocnemius ("GL") is quiet at contact and bursts in late stance, which is why the
// profile reads GL as gastrocnemius, not gluteus.
TEST_CASE("c3d PiG FlatFoot EMG: each muscle at every labelled Foot Strike", "[realdata][emg]") {
  C3dReader reader(c3d_path("BTKData_PiG_Motion-FlatFoot-Full.c3d"),
                   emg_profile("btk_pig_flatfoot.toml"));
  REQUIRE(reader.failure().empty());
  const StreamInfo emg = reader.layout().streams.at(1);
  const auto strikes = strikes_of(reader.events());
  const auto frames = stream_samples(reader, 1);
  const std::size_t channels = emg.channels.size();

  // The GL burst's peak after contact, read off the causal envelope (0.42–0.47 s, less its
  // ~38 ms lag): its 250 ms analysis window then covers late stance.
  constexpr double late_stance_s = 0.42;
  std::size_t measured = 0, ta_bursts = 0, ta_measured = 0, gl_late = 0, gl_measured = 0;
  std::string table =
      "\n| strike | muscle | onset ms | offset ms | mean env µV | × rest | MDF Hz | late stance "
      "µV |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (std::size_t c = 0; c < channels; ++c) {
    const ChannelInfo& info = emg.channels[c];
    std::vector<double> at, late;
    std::vector<const C3dEvent*> which;
    for (const auto& e : strikes) {
      if (side_of(e) != *info.side) continue;
      at.push_back(e.time_s);
      late.push_back(e.time_s + late_stance_s);
      which.push_back(&e);
    }
    const auto volts = column(frames, channels, c);
    const auto activations = test::measure_emg_at(volts, emg.rate_hz, emg.start_time_s, at);
    const auto late_activations = test::measure_emg_at(volts, emg.rate_hz, emg.start_time_s, late);
    for (std::size_t i = 0; i < at.size(); ++i) {
      const GluteActivation& a = activations[i];
      if (!a.mean_envelope_v) {
        table += fmt::format(
            "| {} {:.2f} s | {} | not measurable: the data run {:.2f}–{:.2f} s |"
            "  |  |  |  |  |\n",
            which[i]->context, at[i], info.muscle, emg.start_time_s,
            emg.start_time_s + static_cast<double>(volts.size()) / emg.rate_hz);
        continue;
      }
      ++measured;
      const auto& late_a = late_activations[i];
      table += fmt::format(
          "| {} {:.2f} s | {} | {} | {} | {:.1f} | {:.1f} | {} | {} |\n", which[i]->context, at[i],
          info.muscle, ms(a.onset_s), ms(a.offset_s), 1e6 * *a.mean_envelope_v, to_rest(a),
          ms(a.mdf_hz, 1.0),
          late_a.mean_envelope_v ? fmt::format("{:.1f}", 1e6 * *late_a.mean_envelope_v) : "-");
      if (info.muscle == "tibant") {
        ++ta_measured;
        // On through contact (TA lifts the foot in swing and lowers it after heel strike), well
        // above rest. Its offset may run past the 0.5 s search into the next activity.
        if (a.onset_s && *a.onset_s <= 0.0 && to_rest(a) > 3.0) ++ta_bursts;
      }
      if (info.muscle == "gaslat" && late_activations[i].mean_envelope_v) {
        ++gl_measured;
        // Measured 1.9–3.3× (the gluteus medius would be the other way round).
        if (*late_activations[i].mean_envelope_v > 1.5 * *a.mean_envelope_v) ++gl_late;
      }
    }
  }
  WARN(table);
  // 7 strikes × 5 muscles; the first strike (1.53 s) comes 60 ms into the data and the last
  // (4.59 s) 30 ms before its end: neither has the stretch the analyser needs.
  CHECK(measured == 5 * 5);
  CHECK(ta_measured == 5);
  CHECK(ta_bursts == ta_measured);
  CHECK(gl_measured == 4);  // the last left strike's late stance runs past the data
  CHECK(gl_late == gl_measured);
}

TEST_CASE("c3d BTS EMG: eight channels by label, mV to volts, levels of surface EMG",
          "[realdata][emg]") {
  const auto path = c3d_path("ezc3d-testFiles_BTS.c3d");
  C3dReader reader(path);
  REQUIRE(reader.failure().empty());
  WARN(reader.emg_note());
  const auto& streams = reader.layout().streams;
  REQUIRE(streams.size() == 2);
  const StreamInfo emg = streams[1];
  CHECK(emg.rate_hz == 1000.0);
  REQUIRE(emg.channels.size() == 8);
  CHECK(reader.emg().left_out.empty());
  const char* muscles[] = {"recfem", "semimem", "tibant", "gasmed"};
  for (std::size_t c = 0; c < 8; ++c) {
    CHECK(emg.channels[c].muscle == muscles[c / 2]);
    CHECK(emg.channels[c].side == (c % 2 == 0 ? Side::left : Side::right));
    CHECK(reader.emg().channels[c].unit == "mV");
  }

  // The profile gives the same mapping.
  C3dReader profiled(path, emg_profile("ezc3d_bts.toml"));
  REQUIRE(profiled.failure().empty());
  REQUIRE(profiled.layout().streams.size() == 2);
  for (std::size_t c = 0; c < 8; ++c)
    CHECK(profiled.layout().streams[1].channels[c].name == emg.channels[c].name);

  // Volts are the file's scaled mV / 1000, sample for sample.
  const C3dFile file = test::parse_c3d_file(path);
  const auto frames = stream_samples(reader, 1);
  REQUIRE(frames.size() == 8 * file.analog_samples());
  std::size_t mismatches = 0;
  for (std::size_t c = 0; c < 8; ++c) {
    const std::size_t analog = reader.emg().channels[c].analog_index;
    for (std::size_t i = 0; i < file.analog_samples(); ++i) {
      const auto expected =
          static_cast<float>(file.analog_values[i * file.analog_channels + analog] * 1e-3);
      if (frames[i * 8 + c] != expected) ++mismatches;
    }
  }
  CHECK(mismatches == 0);

  // RMS (mean removed) and the band-passed RMS of each channel: surface EMG of the leg lies
  // between a few µV (rest) and a few mV (De Luca 1997); mV read as V would be 1000× that.
  for (std::size_t c = 0; c < 8; ++c) {
    const auto volts = column(frames, 8, c);
    double sum = 0.0, sum2 = 0.0;
    for (const float v : volts) {
      sum += v;
      sum2 += static_cast<double>(v) * v;
    }
    const double n = static_cast<double>(volts.size());
    const double rms = std::sqrt(std::max(0.0, sum2 / n - (sum / n) * (sum / n)));
    EmgConditioner conditioner(EmgSettings{}, emg.rate_hz, 1, volts.size());
    std::vector<float> filtered(volts.size());
    conditioner.process(volts, volts.size(), {filtered, {}, {}, {}});
    double band2 = 0.0;
    for (const float v : filtered)
      band2 += static_cast<double>(v) * v;
    const double band_rms = std::sqrt(band2 / n);
    WARN(fmt::format("BTS {} {}: RMS {:.1f} µV, band-passed {:.1f} µV",
                     to_string(*emg.channels[c].side), emg.channels[c].muscle, 1e6 * rms,
                     1e6 * band_rms));
    CHECK(rms > 5e-6);
    CHECK(rms < 2e-3);
    CHECK(band_rms > 2e-6);
    CHECK(band_rms < rms * 1.5);
  }
}
