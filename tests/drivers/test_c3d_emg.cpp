// EMG channels of a C3D file as the reader's second stream: units to volts, the stream's
// layout and blocks, the label rules without a profile, and a profile's errors.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "drivers/c3d_fixtures.hpp"
#include "drivers/drained_source.hpp"
#include "files/c3d_emg.hpp"
#include "files/c3d_reader.hpp"
#include "support/value_or_error.hpp"

namespace stridecue {
namespace {

using test::C3dWriter;

// The fixture plate file (6 force channels, then "EMG" in V) with its 7th channel relabelled
// and given a unit (0 in sample 0, then 1000 counts × 0.0005 × GEN_SCALE 2 ≈ 1 unit), plus an
// 8th channel scaled by 2^-10 × 2 = 2^-9 per count, exact in binary: −1, −0.5, 0, 0.5, 1,
// 1.5 units in samples 0 … 5.
C3dWriter emg_file(const std::string& label7, const std::string& unit7,
                   const std::string& label8 = "R GMed", const std::string& unit8 = "mV") {
  C3dWriter w = test::plate_file(C3dProcessor::intel, false);
  w.analog_channels = 8;
  std::vector<double> raw;
  for (std::size_t s = 0; s < 6; ++s) {
    raw.insert(raw.end(), w.analog_raw.begin() + static_cast<std::ptrdiff_t>(s * 7),
               w.analog_raw.begin() + static_cast<std::ptrdiff_t>(s * 7 + 7));
    raw.push_back(100.0 + 256.0 * static_cast<double>(s) - 512.0);  // counts −512 … +768
  }
  w.analog_raw = raw;
  w.params.clear();
  w.add_basics({"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1", label7, label8},
               {0.25, 0.25, 0.25, 5, 5, 5, 0.0005, 0.0009765625},
               {100, 100, 100, 100, 100, 100, 100, 100}, 2.0);
  w.add_chars("ANALOG", "UNITS", {"N", "N", "N", "Nmm", "Nmm", "Nmm", unit7, unit8});
  add_type2_plate(w);
  return w;
}

EmgChannelProfile profile(const std::string& toml) {
  std::string error;
  auto p = value_or_error(parse_emg_channel_profile(toml, "p.toml"), &error);
  INFO(error);
  REQUIRE(p);
  return *p;
}

std::string failure(const C3dWriter& w, const EmgChannelProfile& p) {
  C3dReader reader(w.write(), "t.c3d", p);
  CHECK(reader.layout().streams.empty());
  SampleBlock block;
  CHECK(reader.next(block) == SourceStatus::failed);
  return reader.failure();
}

}  // namespace

TEST_CASE("c3d emg: an mV channel becomes volts in a second stream at the analog rate",
          "[c3d][emg]") {
  const auto processor = GENERATE(C3dProcessor::intel, C3dProcessor::dec, C3dProcessor::mips);
  const bool float_storage = GENERATE(false, true);
  CAPTURE(to_string(processor), float_storage);
  C3dWriter w = emg_file("Pin 1", "V");
  w.processor = processor;
  w.float_storage = float_storage;
  w.find("POINT", "SCALE")->numbers = {float_storage ? -w.point_scale : w.point_scale};
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const SourceLayout& layout = reader.layout();
  REQUIRE(layout.streams.size() == 2);
  const StreamInfo& emg = layout.streams[1];
  CHECK(emg.name == "emg");
  CHECK(emg.rate_hz == 200.0);
  CHECK(emg.start_time_s == layout.streams[0].start_time_s);
  REQUIRE(emg.channels.size() == 1);
  CHECK(emg.channels[0].name == "emg_gmed_right_v");
  CHECK(emg.channels[0].quantity == Quantity::emg);
  CHECK(emg.channels[0].muscle == "gmed");
  CHECK(emg.channels[0].side == Side::right);
  CHECK_FALSE(emg.channels[0].plate);
  REQUIRE(reader.emg().channels.size() == 1);
  CHECK(reader.emg().channels[0].analog_index == 7);
  CHECK(reader.emg().channels[0].label == "R GMed");
  CHECK(reader.emg_note() ==
        "EMG from 1 channel (by label): \"R GMed\" = right gmed; not taken as EMG: Pin 1 (muscle "
        "not recognised); map them with an EMG profile (--emg-profile)");

  const auto d = test::drain(reader);
  CHECK(d.status == SourceStatus::end);
  REQUIRE(d.blocks.size() == 2);  // one pair: force, then EMG over the same samples
  CHECK(d.blocks[0].stream == 0);
  CHECK(d.blocks[1].stream == 1);
  CHECK(d.blocks[1].first_sample == 0);
  CHECK(d.blocks[1].frames == 6);
  // −1, −0.5, 0, 0.5, 1, 1.5 mV, in volts, exactly as a double product rounds to float.
  REQUIRE(d.samples[1].size() == 6);
  for (std::size_t s = 0; s < 6; ++s)
    CHECK(d.samples[1][s] == static_cast<float>((-1.0 + 0.5 * static_cast<double>(s)) * 1e-3));
  CHECK(d.samples[0].size() == 6 * 6);  // the force stream as before
}

TEST_CASE("c3d emg: force and EMG blocks alternate over the same samples", "[c3d][emg]") {
  C3dWriter w = emg_file("L_GluteusMedius", "uV");
  w.frames = 300;
  w.point_values.assign(300 * 3, 1.0);
  const std::vector<double> frame(w.analog_raw.begin() + 8, w.analog_raw.begin() + 16);
  w.analog_raw.clear();
  for (int s = 0; s < 600; ++s)
    w.analog_raw.insert(w.analog_raw.end(), frame.begin(), frame.end());
  w.find("POINT", "FRAMES")->numbers = {300};
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  REQUIRE(reader.layout().streams[1].channels.size() == 2);
  CHECK(reader.layout().streams[1].channels[0].name == "emg_gmed_left_v");
  const auto d = test::drain(reader);
  REQUIRE(d.blocks.size() == 6);
  for (std::size_t b = 0; b < 6; ++b) {
    CHECK(d.blocks[b].stream == b % 2);
    CHECK(d.blocks[b].first_sample == static_cast<std::int64_t>(256 * (b / 2)));
  }
  CHECK(d.blocks[5].frames == 600 - 512);
  // Every analog sample is the fixture's sample 1: channel 7 ≈ 1 µV, channel 8 −0.5 mV.
  CHECK(d.samples[1][0] == Approx(1e-6));
  CHECK(d.samples[1][1] == static_cast<float>(-0.5e-3));
}

TEST_CASE("c3d emg: units", "[c3d][emg]") {
  CHECK(volts_per_unit("V") == 1.0);
  CHECK(volts_per_unit("mV") == 1e-3);
  CHECK(volts_per_unit("uV") == 1e-6);
  CHECK(volts_per_unit("\u00b5V") == 1e-6);  // micro sign
  CHECK(volts_per_unit("\u03bcV") == 1e-6);  // Greek mu
  CHECK_FALSE(volts_per_unit("N"));
  CHECK_FALSE(volts_per_unit("MV"));  // megavolts, or a shouted mV: not guessed
  CHECK_FALSE(volts_per_unit("counts"));
  CHECK_FALSE(volts_per_unit(""));
}

TEST_CASE("c3d emg: labels are placed only when muscle and side are unambiguous", "[c3d][emg]") {
  struct Case {
    const char* label;
    const char* muscle;  // nullptr: not placed
    Side side;
  };
  const Case cases[] = {
      {"L GMed", "gmed", Side::left},
      {"R_GluteusMedius", "gmed", Side::right},
      {"EMG 3 GMED left", "gmed", Side::left},
      {"EMG3 - Glut Med - Rt", "gmed", Side::right},
      {"Left Rectus femoris", "recfem", Side::left},
      {"Right Gastrocnemius medialis", "gasmed", Side::right},
      {"m. tibialis anterior (R)", "tibant", Side::right},
      {"LGMED", "gmed", Side::left},
      {"GluteusMediusR", "gmed", Side::right},
      {"emg_gmed_left_v", "gmed", Side::left},
      {"emg_vl_right_v", "vl", Side::right},  // our own names keep their muscle
      {"GMED", nullptr, Side::left},          // no side
      {"L R GMed", nullptr, Side::left},      // two sides
      {"L_GL", nullptr, Side::left},          // gluteus or gastrocnemius?
      {"R_RF", nullptr, Side::left},          // two letters: not placed
      {"Pin 1", nullptr, Side::left},
      {"Left", nullptr, Side::left},
      {"", nullptr, Side::left},
      {"Left Biceps", nullptr, Side::left},
  };
  for (const auto& c : cases) {
    CAPTURE(c.label);
    const auto guess = guess_emg_label(c.label);
    if (c.muscle == nullptr) {
      CHECK_FALSE(guess);
    } else {
      REQUIRE(guess);
      CHECK(guess->muscle == c.muscle);
      CHECK(guess->side == c.side);
    }
  }
}

TEST_CASE("c3d emg: two channels for one muscle and side are both left out", "[c3d][emg]") {
  C3dReader reader(emg_file("GMED right", "V").write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams.size() == 1);
  REQUIRE(reader.emg().left_out.size() == 2);
  CHECK(reader.emg().left_out[0].label == "GMED right");
  CHECK(reader.emg().left_out[0].reason == "right gmed twice");
  CHECK(reader.emg_note() ==
        "not taken as EMG: GMED right, R GMed (right gmed twice); map them with an EMG profile "
        "(--emg-profile)");
}

TEST_CASE("c3d emg: without a unit a label-placed channel is taken as volts", "[c3d][emg]") {
  C3dReader reader(emg_file("Pin", "V", "L GMed", "").write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  REQUIRE(reader.emg().channels.size() == 1);
  CHECK(reader.emg().unitless == std::vector<std::string>{"L GMed"});
  CHECK_THAT(reader.emg_note(), Catch::Contains("no ANALOG:UNITS for L GMed: taken as volts"));
  const auto d = test::drain(reader);
  CHECK(d.samples[1][0] == static_cast<float>(-1.0));
}

TEST_CASE("c3d emg: a channel in other units is not EMG by label", "[c3d][emg]") {
  // "R GMed" in newtons: not a voltage, so not EMG whatever the label says.
  C3dReader reader(emg_file("Pin 1", "V", "R GMed", "N").write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams.size() == 1);
}

TEST_CASE("c3d emg: a profile picks channels by exact label, with its gain", "[c3d][emg]") {
  const auto p = profile(R"(
    name = "lab"
    [channels]
    "R GMed" = { muscle = "gmed", side = "right", gain = 1000.0 }
    "Pin 1" = { muscle = "tfl", side = "left" }
  )");
  C3dReader reader(emg_file("Pin 1", "V").write(), "t.c3d", p);
  REQUIRE(reader.failure().empty());
  const StreamInfo& emg = reader.layout().streams.at(1);
  REQUIRE(emg.channels.size() == 2);
  // In analog channel order, not the profile's.
  CHECK(emg.channels[0].name == "emg_tfl_left_v");
  CHECK(emg.channels[1].name == "emg_gmed_right_v");
  CHECK(reader.emg().left_out.empty());
  CHECK(reader.emg_note() ==
        "EMG from 2 channels (profile \"lab\"): \"Pin 1\" = left tfl, \"R GMed\" = right gmed");
  const auto d = test::drain(reader);
  // Pin 1 at sample 1: ≈ 1 V; R GMed at sample 5: 1.5 mV / gain 1000.
  CHECK(d.samples[1][2 * 1 + 0] == Approx(1.0));
  CHECK(d.samples[1][2 * 5 + 1] == Approx(1.5e-6));
}

TEST_CASE("c3d emg: profile errors name the file, the profile and the label", "[c3d][emg]") {
  SECTION("a label the file does not have") {
    CHECK(failure(emg_file("Pin 1", "V"), profile(R"(
      name = "lab"
      [channels]
      R_GMED = { muscle = "gmed", side = "right" }
    )")) ==
          "t.c3d: EMG profile \"lab\": \"R_GMED\" is not an analog label of the file (its "
          "other analog labels: Pin 1, R GMed)");
  }
  SECTION("the same label in other case") {
    CHECK(failure(emg_file("Pin 1", "V"), profile(R"(
      name = "lab"
      [channels]
      "r gmed" = { muscle = "gmed", side = "right" }
    )")) ==
          "t.c3d: EMG profile \"lab\": \"r gmed\" is not an analog label of the file (there "
          "is \"R GMed\": labels are matched exactly)");
  }
  SECTION("a unit that is not a voltage") {
    CHECK(failure(emg_file("Pin 1", "V", "R GMed", "counts"), profile(R"(
      name = "lab"
      [channels]
      "R GMed" = { muscle = "gmed", side = "right" }
    )")) ==
          "t.c3d: EMG profile \"lab\": analog channel 8 \"R GMed\" has unit \"counts\" "
          "(ANALOG:UNITS), not a voltage: EMG must be in V, mV, uV or µV");
  }
  SECTION("a label on two channels") {
    CHECK(failure(emg_file("R GMed", "V"), profile(R"(
      name = "lab"
      [channels]
      "R GMed" = { muscle = "gmed", side = "right" }
    )")) ==
          "t.c3d: EMG profile \"lab\": analog label \"R GMed\" is on channels 7 and 8 of the "
          "file: the profile cannot tell them apart");
  }
  SECTION("a force platform channel") {
    CHECK(failure(emg_file("Pin 1", "V"), profile(R"(
      name = "lab"
      [channels]
      Fz1 = { muscle = "gmed", side = "right" }
    )")) ==
          "t.c3d: EMG profile \"lab\": analog channel 3 \"Fz1\" is a force platform channel "
          "(FORCE_PLATFORM:CHANNEL), not EMG");
  }
  SECTION("two labels for one muscle and side are the profile's own error") {
    std::string error;
    CHECK_FALSE(value_or_error(parse_emg_channel_profile(R"(
name = "lab"
[channels]
"R GMed" = { muscle = "gmed", side = "right" }
"Pin 1" = { muscle = "gmed", side = "right" }
)",
                                                         "p.toml"),
                               &error));
    CHECK(error == "p.toml:4:1: channels \"Pin 1\" and \"R GMed\" both map to right gmed");
  }
}

TEST_CASE("c3d emg: a sample that is not a finite voltage fails the reader", "[c3d][emg]") {
  C3dWriter w = emg_file("Pin 1", "V");
  w.float_storage = true;
  w.find("POINT", "SCALE")->numbers = {-w.point_scale};
  w.analog_raw[8 * 3 + 7] = 1e38;  // 2e35 mV, a float; the gain below takes it past float range
  const auto p = profile(R"(
    name = "lab"
    [channels]
    "R GMed" = { muscle = "gmed", side = "right", gain = 1e-10 }
  )");
  const std::string message = failure(w, p);
  CHECK_THAT(message, Catch::StartsWith("t.c3d: EMG channel 8 \"R GMed\" at analog sample 4: "));
  CHECK_THAT(message, Catch::EndsWith("e+35 mV is not a finite voltage"));
}

}  // namespace stridecue
