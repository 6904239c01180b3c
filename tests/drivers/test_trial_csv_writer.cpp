// The trial CSV writer: header, merged multi-rate rows, and write-then-read round trips.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "drivers/drained_source.hpp"
#include "drivers/scripted_source.hpp"
#include "files/trial_csv_reader.hpp"
#include "files/trial_csv_writer.hpp"

namespace stridecue {
namespace {

using test::emg_channel;
using test::force_channel;

SourceLayout split_belt_with_emg(double force_hz, double emg_hz, double force_start_s,
                                 double emg_start_s) {
  SourceLayout layout;
  StreamInfo force;
  force.name = "force";
  force.rate_hz = force_hz;
  force.start_time_s = force_start_s;
  // Names as a device might give them: the writer names columns from the quantities.
  force.channels = {force_channel(Quantity::force_z, Plate::left, "Fz1"),
                    force_channel(Quantity::force_x, Plate::left, "Fx1"),
                    force_channel(Quantity::cop_x, Plate::left, "Cx1"),
                    force_channel(Quantity::force_z, Plate::right, "Fz2"),
                    force_channel(Quantity::torque_z, Plate::right, "Tz2")};
  StreamInfo emg;
  emg.name = "emg";
  emg.rate_hz = emg_hz;
  emg.start_time_s = emg_start_s;
  emg.channels = {emg_channel("gmed", Side::left), emg_channel("gmed", Side::right)};
  layout.streams = {force, emg};
  return layout;
}

// Values with all the digits a float has, so the round trip has to be exact.
float wiggle(std::size_t stream, std::int64_t sample, std::size_t channel) {
  const double x = static_cast<double>(sample) * 0.0137 + static_cast<double>(channel);
  return static_cast<float>(stream == 0 ? 800.0 * std::sin(x) + 1e-3 * x : 1e-4 * std::cos(x));
}

std::string write(SampleSource& source) {
  std::ostringstream out;
  std::string error;
  REQUIRE(write_trial_csv(source, out, &error));
  CHECK(error.empty());
  return out.str();
}

TEST_CASE("trial csv writer: header and merged rows", "[trial_csv][writer]") {
  test::ScriptedSource source(
      split_belt_with_emg(1000, 2000, 0.0, 0.0), 0.003, 0.001,
      [](std::size_t s, std::int64_t i, std::size_t c) {
        return static_cast<float>(s * 100 + static_cast<std::size_t>(i) * 10 + c);
      });
  CHECK(write(source) ==
        "time_s,left_fz_n,left_fx_n,left_copx_m,right_fz_n,right_tz_nm,emg_gmed_left_v,"
        "emg_gmed_right_v\n"
        "0,0,1,2,3,4,100,101\n"
        "0.0005,,,,,,110,111\n"
        "0.001,10,11,12,13,14,120,121\n"
        "0.0015,,,,,,130,131\n"
        "0.002,20,21,22,23,24,140,141\n"
        "0.0025,,,,,,150,151\n");
}

TEST_CASE("trial csv writer: round trip keeps samples, rates and start times",
          "[trial_csv][writer]") {
  // Rates that do not divide each other, EMG starting later, ten seconds in 10 ms blocks.
  struct Case {
    double force_hz, emg_hz, force_start_s, emg_start_s;
  };
  for (const Case c : {Case{1000, 2000, 0.0, 0.0}, Case{1000, 1500, 12.25, 12.2503},
                       Case{960, 2048, 3600.0, 3600.5}}) {
    CAPTURE(c.force_hz, c.emg_hz, c.force_start_s, c.emg_start_s);
    const SourceLayout layout =
        split_belt_with_emg(c.force_hz, c.emg_hz, c.force_start_s, c.emg_start_s);
    test::ScriptedSource source(layout, 10.0, 0.01, wiggle);
    std::istringstream file(write(source));

    TrialCsvReader reader(file, "roundtrip.csv");
    REQUIRE(reader.failure().empty());
    const SourceLayout& read = reader.layout();
    REQUIRE(read.streams.size() == 2);
    for (std::size_t s = 0; s < 2; ++s) {
      CHECK(read.streams[s].name == layout.streams[s].name);
      CHECK(read.streams[s].rate_hz == Approx(layout.streams[s].rate_hz).epsilon(1e-9));
      CHECK(read.streams[s].start_time_s == Approx(layout.streams[s].start_time_s).margin(1e-9));
      REQUIRE(read.streams[s].channels.size() == layout.streams[s].channels.size());
      for (std::size_t ch = 0; ch < layout.streams[s].channels.size(); ++ch) {
        const ChannelInfo& got = read.streams[s].channels[ch];
        const ChannelInfo& want = layout.streams[s].channels[ch];
        CHECK(got.quantity == want.quantity);
        CHECK(got.plate == want.plate);
        CHECK(got.side == want.side);
        CHECK(got.muscle == want.muscle);
      }
    }
    const auto drained = test::drain(reader);
    REQUIRE(drained.status == SourceStatus::end);
    for (std::size_t s = 0; s < 2; ++s) {
      const std::size_t channels = layout.streams[s].channels.size();
      REQUIRE(drained.frames(s, channels) ==
              static_cast<std::size_t>(std::llround(10.0 * layout.streams[s].rate_hz)));
      bool all_equal = true;
      for (std::size_t i = 0; i < drained.samples[s].size(); ++i) {
        const auto sample = static_cast<std::int64_t>(i / channels);
        all_equal = all_equal && drained.samples[s][i] == wiggle(s, sample, i % channels);
      }
      CHECK(all_equal);
    }
  }
}

TEST_CASE("trial csv writer: what the format cannot hold", "[trial_csv][writer]") {
  SourceLayout layout = split_belt_with_emg(1000, 2000, 0, 0);
  std::string error;
  std::ostringstream out;
  const auto no_samples = [](std::size_t, std::int64_t, std::size_t) { return 0.0F; };

  SECTION("a channel of another quantity") {
    layout.streams[0].channels.push_back(force_channel(Quantity::other, Plate::left, "aux1"));
    test::ScriptedSource source(layout, 0.01, 0.01, no_samples);
    CHECK_FALSE(write_trial_csv(source, out, &error));
    CHECK(error ==
          "stream \"force\": channel \"aux1\" (other) has no column in the trial CSV "
          "format");
  }
  SECTION("a stream mixing force and EMG") {
    layout.streams[1].channels.push_back(force_channel(Quantity::force_z, Plate::belt, "Fz"));
    test::ScriptedSource source(layout, 0.01, 0.01, no_samples);
    CHECK_FALSE(write_trial_csv(source, out, &error));
    CHECK(error ==
          "stream \"emg\" mixes force and EMG channels; the trial CSV format keeps "
          "them in separate groups");
  }
  SECTION("two force streams") {
    layout.streams[1] = layout.streams[0];
    layout.streams[1].name = "force2";
    test::ScriptedSource source(layout, 0.01, 0.01, no_samples);
    CHECK_FALSE(write_trial_csv(source, out, &error));
    CHECK(error ==
          "streams \"force\" and \"force2\" both hold force channels; the trial CSV "
          "format has one force group");
  }
  SECTION("a plate without vertical force") {
    layout.streams[0].channels.push_back(force_channel(Quantity::force_x, Plate::belt, "Fx"));
    test::ScriptedSource source(layout, 0.01, 0.01, no_samples);
    CHECK_FALSE(write_trial_csv(source, out, &error));
    CHECK(error ==
          "column \"belt_fx_n\": belt columns cannot be mixed with left/right plate "
          "columns (a single-belt treadmill has one plate)");
  }
}

TEST_CASE("trial csv writer: a failing source fails the write", "[trial_csv][writer]") {
  std::istringstream file("time_s,left_fz_n\n0,1\n0.001,2\n0.002,x\n");
  TrialCsvReader reader(file, "broken.csv");
  std::ostringstream out;
  std::string error;
  CHECK_FALSE(write_trial_csv(reader, out, &error));
  CHECK(error == "broken.csv:4:2: not a number: \"x\"");
}

}  // namespace
}  // namespace stridecue
