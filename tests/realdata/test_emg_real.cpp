// Real surface EMG of the gluteus medius through the glute chain (issue 4, "Real data"):
// EmgConditioner → EmgHistory → GluteActivationAnalyzer at every touchdown, fed in 10 ms chunks
// as live. Two recordings of walking:
// - Rajagopal et al. 2016: raw GMED counts from emg_walk_raw.anc (Motion Analysis, 2000 Hz,
//   right leg), contacts found by the engine on the same trial's grf_walk.mot;
// - Santuz et al. 2020: ME (gluteus medius, right leg, 1000 Hz) of treadmill walking with the
//   authors' own touchdown times.
// The figures per stride are printed (WARN); docs/emg.md, "Real data", records them.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/emg_conditioner.hpp"
#include "engine/glute_activation.hpp"
#include "files/anc_reader.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "realdata/emg_chain.hpp"
#include "support/engine_run.hpp"
#include "support/numeric_csv.hpp"
#include "support/run_program.hpp"
#include "support/shipped_profile.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

struct Touchdown {
  double contact_s = 0.0;
  Side side = Side::right;
};

struct MeasuredStride {
  Touchdown contact;
  GluteActivation activation;
};

// Each contact through the chain (emg_chain.hpp).
std::vector<MeasuredStride> run_chain(const std::vector<float>& volts, double rate_hz,
                                      double start_time_s, const std::vector<Touchdown>& contacts,
                                      const EmgSettings& emg_settings,
                                      const GluteActivationSettings& glute_settings) {
  std::vector<double> at_s;
  for (const Touchdown& t : contacts)
    at_s.push_back(t.contact_s);
  const auto activations =
      test::measure_emg_at(volts, rate_hz, start_time_s, at_s, emg_settings, glute_settings);
  std::vector<MeasuredStride> out;
  for (std::size_t i = 0; i < contacts.size(); ++i)
    out.push_back({contacts[i], activations[i]});
  return out;
}

std::string ms(const std::optional<double>& s) {
  return s ? fmt::format("{:+.0f} ms", 1000.0 * *s) : std::string("none");
}

double ratio_to_rest(const GluteActivation& a) {
  return a.rest_v > 0.0 ? a.mean_envelope_v.value_or(0.0) / a.rest_v : 0.0;
}

std::string describe(const MeasuredStride& s) {
  const GluteActivation& a = s.activation;
  return fmt::format(
      "{} contact {:.4f} s: onset {}, offset {}, mean envelope {:.3g} µV = {:.1f} × rest "
      "({:.3g} µV; threshold {:.2f} × rest), MDF {}",
      to_string(s.contact.side), s.contact.contact_s, ms(a.onset_s), ms(a.offset_s),
      1e6 * a.mean_envelope_v.value_or(0.0), ratio_to_rest(a), 1e6 * a.rest_v,
      a.rest_v > 0.0 ? a.threshold_v / a.rest_v : 0.0,
      a.mdf_hz ? fmt::format("{:.0f} Hz", *a.mdf_hz) : std::string("none"));
}

// The whole of one channel, by muscle and side, from a single-stream source.
std::vector<float> channel_of(SampleSource& source, std::string_view muscle, Side side) {
  REQUIRE(source.failure().empty());
  const StreamInfo& stream = source.layout().streams.at(0);
  std::optional<std::size_t> column;
  for (std::size_t c = 0; c < stream.channels.size(); ++c) {
    if (stream.channels[c].muscle == muscle && stream.channels[c].side == side) column = c;
  }
  REQUIRE(column);
  std::vector<float> out;
  SampleBlock block;
  SourceStatus status;
  while ((status = source.next(block)) == SourceStatus::block) {
    for (std::size_t f = 0; f < block.frames; ++f)
      out.push_back(block.at(f, *column));
  }
  REQUIRE(source.failure().empty());
  REQUIRE(status == SourceStatus::end);
  return out;
}

// Test-only: the raw vertical plate channels of the .anc, read through the EMG reader as if
// they were EMG channels (the reader does not expose plates: no calibration matrix), only to
// time each plate's first loading. The gain turns the readings back into counts.
std::vector<double> raw_plate_touchdowns(const std::filesystem::path& path) {
  std::string error;
  auto profile = value_or_error(parse_emg_channel_profile(R"(
    name = "anc_rajagopal_plates_fz_counts"
    [channels]
    F1Z = { muscle = "plate1", side = "right", gain = 1.52587890625e-4 }
    F2Z = { muscle = "plate2", side = "right", gain = 1.52587890625e-4 }
    F3Z = { muscle = "plate3", side = "right", gain = 1.52587890625e-4 }
  )",
                                                          "plates.toml"),
                                &error);
  INFO(error);
  REQUIRE(profile);
  std::vector<double> touchdowns;
  for (const char* plate : {"plate1", "plate2", "plate3"}) {
    auto source = open_anc(path, *profile);
    const StreamInfo stream = source->layout().streams.at(0);
    const auto counts = channel_of(*source, plate, Side::right);
    // Unloaded, the plates stay within ±6 counts; a foot puts hundreds on within 5 ms.
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] > 30.0F) {
        touchdowns.push_back(stream.start_time_s + static_cast<double>(i) / stream.rate_hz);
        break;
      }
    }
  }
  return touchdowns;
}

std::vector<Touchdown> rajagopal_contacts() {
  const ColumnProfile profile = test::shipped_column_profile("opensim_grf_suffix.toml");
  const auto path = test::data_dir() / "rajagopal/grf_walk.mot";
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  auto source = open_text_table(path, profile);
  std::vector<Touchdown> contacts;
  for (const StrideRecord& s : test::run_engine(*source))
    contacts.push_back({s.contact_s, s.side});
  return contacts;
}

}  // namespace

TEST_CASE("Rajagopal walking EMG: a GMED burst around each right touchdown", "[realdata][emg]") {
  const auto contacts = rajagopal_contacts();
  std::vector<std::size_t> right;
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    WARN(fmt::format("grf_walk.mot: {} contact at {:.4f} s", to_string(contacts[i].side),
                     contacts[i].contact_s));
    if (contacts[i].side == Side::right) right.push_back(i);
  }
  // The pipeline's right foot strikes (validationPlots_emg_walk.m): 0.248 s and 1.3925 s.
  REQUIRE(contacts.size() == 3);
  REQUIRE(right.size() == 2);
  CHECK(std::abs(contacts[right[0]].contact_s - 0.248) <= 0.010);
  CHECK(std::abs(contacts[right[1]].contact_s - 1.3925) <= 0.010);

  std::string error;
  auto profile = value_or_error(load_emg_channel_profile(std::filesystem::path(test::source_dir()) /
                                                         "config/emg_profiles/rajagopal_anc.toml"),
                                &error);
  INFO(error);
  REQUIRE(profile);
  const auto path = test::data_dir() / "rajagopal/emg_walk_raw.anc";
  REQUIRE(std::filesystem::exists(path));  // the data live in $STRIDECUE_DATA, not the repo
  auto source = open_anc(path, *profile);
  REQUIRE(source->failure().empty());
  const StreamInfo stream = source->layout().streams.at(0);
  CHECK(stream.rate_hz == 2000.0);
  const std::vector<float> gmed = channel_of(*source, "gmed", Side::right);
  CHECK(gmed.size() == 4780);  // 2.3895 s at 2 kHz, as grf_walk.mot

  EmgSettings emg;
  emg.mains_hz = 60.0;  // recorded at Stanford (US grid); the spectrum shows no mains line
  REQUIRE(emg.problem_at(stream.rate_hz) == nullptr);

  // 1. At the engine's contacts from grf_walk.mot, default (walking) settings. The resting
  // level is noisy here (the 20 ms mean of the band-passed signal wanders between 0.7 and
  // 1.7 × the quietest stretch, and the envelope rises to ~2 × rest for ~150 ms after each
  // burst), so a threshold from the smooth envelope's sd (1.2-1.4 × rest) started the burst
  // 30-60 ms early and never ended it within the search. The SD of the rectified EMG in the
  // rest pieces puts it at ~2.1 × rest, above that wandering: the burst starts after these
  // contacts (which are ~37 ms early, see 2.) and ends before the late-stance bump.
  const auto strides = run_chain(gmed, stream.rate_hz, stream.start_time_s, contacts, emg,
                                 test::walking_activation());
  for (const MeasuredStride& s : strides)
    WARN("Rajagopal GMED (right leg) at " + describe(s));
  for (const std::size_t i : right) {
    const GluteActivation& a = strides[i].activation;
    CAPTURE(strides[i].contact.contact_s);
    REQUIRE(a.onset_s);
    CHECK(*a.onset_s > -0.020);
    CHECK(*a.onset_s < 0.080);
    REQUIRE(a.offset_s);
    CHECK(*a.offset_s > 0.150);
    CHECK(*a.offset_s < 0.350);
    CHECK(ratio_to_rest(a) > 1.5);  // modest: the burst peaks after the window (see 2.)
    REQUIRE(a.mdf_hz);
    CHECK(*a.mdf_hz > 40.0);
    CHECK(*a.mdf_hz < 150.0);
    // The right leg's EMG at the left contact between (contralateral, for contrast): lower,
    // and no burst there.
    CHECK(strides[1].activation.mean_envelope_v.value_or(1.0) < a.mean_envelope_v.value_or(0.0));
    CHECK_FALSE(strides[1].activation.onset_s);
  }

  // 2. The raw plates of the .anc: the feet land at 0.288 s (plate 1), 0.857 s (plate 2) and
  // 1.432 s (plate 3), each with a sharp impact, 37-39 ms after the contacts from
  // grf_walk.mot, whose force was low-pass filtered (its rise starts early) and cut below
  // ~5 N. The same trial: the first stance's force peaks at 0.8305 s in the .anc, 0.8315 s in
  // the .mot.
  const auto plates = raw_plate_touchdowns(path);
  REQUIRE(plates.size() == 3);
  std::vector<Touchdown> raw_contacts;
  for (std::size_t i = 0; i < 3; ++i) {
    const double lag_s = plates[i] - contacts[i].contact_s;
    WARN(
        fmt::format("raw plate {} loaded at {:.4f} s, {:+.1f} ms from the grf_walk.mot {} "
                    "contact",
                    i + 1, plates[i], 1000.0 * lag_s, to_string(contacts[i].side)));
    CHECK(lag_s > 0.020);
    CHECK(lag_s < 0.060);
    raw_contacts.push_back({plates[i], contacts[i].side});
  }
  const auto at_raw = run_chain(gmed, stream.rate_hz, stream.start_time_s, raw_contacts, emg,
                                test::walking_activation());
  for (const MeasuredStride& s : at_raw)
    WARN("Rajagopal GMED (right leg) at raw-plate " + describe(s));
  // The burst seen in the signal (~0.30-0.5 s and ~1.44-1.67 s): on just after the foot
  // lands, off ~0.22 s later.
  for (const std::size_t i : right) {
    const GluteActivation& a = at_raw[i].activation;
    CAPTURE(at_raw[i].contact.contact_s);
    REQUIRE(a.onset_s);
    CHECK(*a.onset_s > -0.020);
    CHECK(*a.onset_s < 0.040);
    REQUIRE(a.offset_s);
    CHECK(*a.offset_s > 0.150);
    CHECK(*a.offset_s < 0.300);
    CHECK(ratio_to_rest(a) > 2.0);
  }

  // 3. A threshold at ≥ 20 % of the burst's rise, well above the noise, finds the same burst:
  // the default is no longer inside the noise.
  GluteActivationSettings strict = test::walking_activation();
  strict.min_rise_fraction = 0.20;
  const auto at_raw_strict =
      run_chain(gmed, stream.rate_hz, stream.start_time_s, raw_contacts, emg, strict);
  for (const MeasuredStride& s : at_raw_strict)
    WARN("Rajagopal GMED, threshold ≥ 20 % of the rise, at raw-plate " + describe(s));
  for (const std::size_t i : right) {
    const GluteActivation& a = at_raw_strict[i].activation;
    CAPTURE(at_raw_strict[i].contact.contact_s);
    REQUIRE(a.onset_s);
    REQUIRE(a.offset_s);
    REQUIRE(at_raw[i].activation.onset_s);
    REQUIRE(at_raw[i].activation.offset_s);
    CHECK(std::abs(*a.onset_s - *at_raw[i].activation.onset_s) < 0.015);
    CHECK(std::abs(*a.offset_s - *at_raw[i].activation.offset_s) < 0.015);
  }
}

TEST_CASE("Santuz treadmill walking EMG: an ME burst around each touchdown", "[realdata][emg]") {
  const auto dir = test::data_dir() / "santuz";
  const auto emg_table = test::read_numeric_csv(dir / "santuz_ID0012_TW_01_raw_emg.csv");
  const auto cycles = test::read_numeric_csv(dir / "santuz_ID0012_TW_01_cycles.csv");
  const auto& time = emg_table.column("time");
  const auto& me = emg_table.column("ME");
  REQUIRE(time.size() > 2);
  const double rate_hz = std::round(1.0 / (time[1] - time[0]));
  CHECK(rate_hz == 1000.0);
  for (std::size_t i = 1; i < time.size(); ++i) {
    if (std::abs(time[i] - time[0] - static_cast<double>(i) / rate_hz) > 0.25 / rate_hz) {
      FAIL("uneven sampling at row " << i + 2);
    }
  }
  // Units: not stated; the values (tens to hundreds, quantised in steps of 0.1007) are
  // microvolts.
  std::vector<float> volts;
  for (const double v : me)
    volts.push_back(static_cast<float>(v * 1e-6));
  std::vector<Touchdown> touchdowns;
  for (const double t : cycles.column("V1"))
    touchdowns.push_back({t, Side::right});
  REQUIRE(touchdowns.size() == 6);

  EmgSettings emg;
  emg.mains_hz = 50.0;  // recorded in Germany; the spectrum shows no mains line
  REQUIRE(emg.problem_at(rate_hz) == nullptr);

  // Default (walking) settings: a clean recording (rest ~3 µV, bursts ~50 µV).
  const auto strides =
      run_chain(volts, rate_hz, time[0], touchdowns, emg, test::walking_activation());
  int offsets = 0;
  for (const MeasuredStride& s : strides) {
    WARN("Santuz ME (right leg) at " + describe(s));
    const GluteActivation& a = s.activation;
    CAPTURE(s.contact.contact_s);
    REQUIRE(a.onset_s);
    CHECK(*a.onset_s > -0.250);
    CHECK(*a.onset_s < 0.050);
    CHECK(ratio_to_rest(a) > 10.0);
    REQUIRE(a.mdf_hz);
    CHECK(*a.mdf_hz > 40.0);
    CHECK(*a.mdf_hz < 150.0);
    // The first burst outlasts the 0.5 s offset search (the envelope is back at rest only
    // ~0.54 s after that touchdown): its offset is not measurable.
    if (a.offset_s) {
      ++offsets;
      CHECK(*a.offset_s > 0.250);
      CHECK(*a.offset_s < 0.500);
    }
  }
  CHECK(offsets >= 5);

  // The same at ≥ 20 % of the rise: onsets move 35-115 ms later, offsets 50-170 ms earlier.
  GluteActivationSettings strict = test::walking_activation();
  strict.min_rise_fraction = 0.20;
  for (const MeasuredStride& s : run_chain(volts, rate_hz, time[0], touchdowns, emg, strict)) {
    WARN("Santuz ME, threshold ≥ 20 % of the rise, at " + describe(s));
    CAPTURE(s.contact.contact_s);
    REQUIRE(s.activation.onset_s);
    CHECK(*s.activation.onset_s > -0.100);
    CHECK(*s.activation.onset_s < 0.050);
    REQUIRE(s.activation.offset_s);
  }
}
