// C3D parsing: the three processor formats, integer and float storage, analog scaling, events,
// and every malformed file with its exact error.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <type_traits>
#include <vector>

#include "drivers/c3d_fixtures.hpp"
#include "files/c3d_file.hpp"
#include "support/value_or_error.hpp"

namespace stridecue {
namespace {

using test::C3dWriter;
using test::plate_file;

C3dFile parse_ok(const std::vector<std::uint8_t>& bytes) {
  std::string error;
  auto file = value_or_error(parse_c3d(bytes, "t.c3d"), &error);
  INFO(error);
  REQUIRE(file.has_value());
  return std::move(*file);
}

std::string parse_error(const std::vector<std::uint8_t>& bytes) {
  std::string error;
  const auto file = value_or_error(parse_c3d(bytes, "t.c3d"), &error);
  CHECK_FALSE(file.has_value());
  return error;
}

std::size_t offset_of(const std::vector<std::uint8_t>& bytes, const char* group, const char* name) {
  const C3dFile file = parse_ok(bytes);
  const C3dParameter* p = file.find(group, name);
  REQUIRE(p != nullptr);
  return p->offset;
}

}  // namespace

TEST_CASE("c3d: VAX F-floats convert both ways") {
  const std::uint8_t one[4] = {0x80, 0x40, 0x00, 0x00};  // 1.0 in VAX F
  CHECK(vax_to_float(one) == 1.0F);
  const std::uint8_t zero[4] = {0, 0, 0, 0};
  CHECK(vax_to_float(zero) == 0.0F);
  const std::uint8_t reserved[4] = {0x00, 0x80, 0x12, 0x34};  // exponent 0, sign set
  CHECK(vax_to_float(reserved) == 0.0F);
  for (const float v : {1.0F, -2.5F, 0.1F, 1000.0F, -1e-20F, 3.0e38F * 0.5F}) {
    std::uint8_t b[4];
    float_to_vax(v, b);
    CHECK(vax_to_float(b) == v);
  }
}

TEST_CASE("c3d: header, parameters, points, analog and events in every processor format") {
  const auto processor = GENERATE(C3dProcessor::intel, C3dProcessor::dec, C3dProcessor::mips);
  const bool float_storage = GENERATE(false, true);
  CAPTURE(to_string(processor), float_storage);
  const C3dFile f = parse_ok(plate_file(processor, float_storage).write());

  CHECK(f.processor == processor);
  CHECK(f.float_storage == float_storage);
  CHECK(f.header.parameter_block == 2);
  CHECK(f.header.first_frame == 11);
  CHECK(f.header.last_frame == 13);
  CHECK(f.header.data_block == 4);
  CHECK(f.frames == 3);
  CHECK(f.points == 1);
  CHECK(f.point_rate_hz == 100.0);
  CHECK(f.analog_rate_hz == 200.0);
  CHECK(f.analog_channels == 7);
  CHECK(f.analog_samples_per_frame == 2);
  CHECK(f.start_time_s() == Approx(0.1));
  CHECK(f.point_units == "mm");
  CHECK(f.analog_labels ==
        std::vector<std::string>{"Fx1", "Fy1", "Fz1", "Mx1", "My1", "Mz1", "EMG"});
  CHECK(f.analog_units[3] == "Nmm");

  REQUIRE(f.point_values.size() == 3 * 1 * 4);
  CHECK(f.point_values[0] == Approx(100.5));
  CHECK(f.point_values[1] == Approx(-20.2));
  CHECK(f.point_values[2] == Approx(3.0));
  CHECK(f.point_values[3] == 0.0F);  // residual
  CHECK(f.point_values[8] == Approx(102.5));

  REQUIRE(f.analog_values.size() == 6 * 7);
  for (std::size_t c = 0; c < 7; ++c)
    CHECK(f.analog_values[c] == 0.0F);  // (100 − 100) × …
  const std::vector<float> loaded = {10, 20, -500, 30000, -40000, 5000, 1.0F};
  for (std::size_t s = 1; s < 6; ++s) {
    for (std::size_t c = 0; c < 7; ++c)
      CHECK(f.analog_values[s * 7 + c] == Approx(loaded[c]));
  }

  REQUIRE(f.events.size() == 2);
  CHECK(f.events[0].label == "Foot Strike");
  CHECK(f.events[0].context == "Right");
  CHECK(f.events[0].time_s == Approx(0.105));
  CHECK(f.events[1].label == "Foot Off");
  CHECK(f.events[1].context == "Left");
  CHECK(f.events[1].time_s == Approx(60.5));

  const C3dParameter* corners = f.find("force_platform", "corners");
  REQUIRE(corners != nullptr);
  CHECK(corners->type == C3dType::floating);
  CHECK(corners->dims == std::vector<std::size_t>{3, 4, 1});
  CHECK(corners->numbers[3] == 800.0);
  CHECK(corners->offset > 512);
}

TEST_CASE("c3d: unsigned analog data and an offset past int16") {
  C3dWriter w;
  w.frames = 1;
  w.analog_samples_per_frame = 1;
  w.analog_channels = 1;
  w.analog_raw = {40000};
  w.add_basics({"A"}, {0.5}, {-32768});  // 32768 as an int16 parameter
  w.add_chars("ANALOG", "FORMAT", {"UNSIGNED"});
  const C3dFile f = parse_ok(w.write());
  REQUIRE(f.analog_values.size() == 1);
  CHECK(f.analog_values[0] == Approx((40000 - 32768) * 0.5));

  w.find("ANALOG", "FORMAT")->strings = {"SIGNED"};
  const C3dFile s = parse_ok(w.write());
  CHECK(s.analog_values[0] == Approx((40000 - 65536 + 32768) * 0.5));
}

TEST_CASE("c3d: malformed files give exact errors") {
  const auto good = plate_file(C3dProcessor::intel, false).write();
  REQUIRE(good.size() == 512 + 1024 + 512);  // header, 2 parameter blocks, 1 data block

  SECTION("truncated header") {
    const std::vector<std::uint8_t> bytes(good.begin(), good.begin() + 100);
    CHECK(parse_error(bytes) ==
          "t.c3d: truncated header: the file has 100 bytes, a C3D header "
          "needs 512");
  }
  SECTION("not a C3D file") {
    auto bytes = good;
    bytes[1] = 0x51;
    CHECK(parse_error(bytes) == "t.c3d: byte 1: not a C3D file: key byte is 0x51, expected 0x50");
  }
  SECTION("parameter block pointer past the end") {
    auto bytes = good;
    bytes[0] = 200;
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 0: parameter block 200 starts at byte 101888, past "
          "the end of the 2048-byte file");
  }
  SECTION("parameter block pointer on the header") {
    auto bytes = good;
    bytes[0] = 1;
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 0: parameter block number 1 would overlap the "
          "header (blocks count from 1; the header is block 1)");
  }
  SECTION("bad processor byte") {
    auto bytes = good;
    bytes[515] = 83;
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 515: processor type 83 is not 84 (Intel), 85 (DEC) or 86 (MIPS)");
  }
  SECTION("an empty parameter section") {
    auto bytes = good;
    bytes[514] = 0;
    CHECK(parse_error(bytes) == "t.c3d: byte 514: the parameter section has 0 blocks");
  }
  SECTION("an entry offset past the parameter section") {
    auto bytes = good;
    // The first entry is the group POINT: name length 5 at byte 516, its offset at 523.
    REQUIRE(bytes[516] == 5);
    bytes[523] = 0xFF;
    bytes[524] = 0x7F;
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 33290: parameter section ends at byte 1536 inside an entry (a truncated "
          "file or a wrong offset before)");
  }
  SECTION("a negative entry offset") {
    auto bytes = good;
    bytes[523] = 0xFE;
    bytes[524] = 0xFF;
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 523: offset to the next entry is -2 (entries run forward)");
  }
  SECTION("a parameter of an unknown type") {
    const std::size_t at = offset_of(good, "POINT", "USED");
    auto bytes = good;
    const std::size_t type_at = at + 2 + 4 + 2;  // "USED", then the offset
    REQUIRE(bytes[type_at] == 2);
    bytes[type_at] = 3;
    CHECK(parse_error(bytes) == "t.c3d: byte " + std::to_string(type_at) +
                                    ": parameter USED: type 3 is not -1 (char), 1 (byte), 2 "
                                    "(int16) or 4 (float)");
  }
  SECTION("parameter dimensions larger than the section") {
    const std::size_t at = offset_of(good, "FORCE_PLATFORM", "CORNERS");
    auto bytes = good;
    const std::size_t dims_at = at + 2 + 7 + 2 + 2;
    REQUIRE(bytes[dims_at] == 3);
    bytes[dims_at] = 255;
    bytes[dims_at + 1] = 255;
    CHECK(parse_error(bytes) == "t.c3d: byte " + std::to_string(dims_at + 3) +
                                    ": parameter CORNERS: 65025 values of 4 bytes run past the "
                                    "parameter section's end at byte 1536");
  }
  SECTION("data section truncated") {
    const std::vector<std::uint8_t> bytes(good.begin(), good.end() - 512 + 60);
    // 3 frames × (4 point words + 2 × 7 analog words) × 2 bytes = 108 bytes, 60 present.
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 1536: data section truncated: 3 frames of 36 bytes "
          "need 108 bytes from data block 4, the file has 60");
  }
  SECTION("last frame before the first") {
    auto bytes = good;
    bytes[8] = 5;  // last frame 5, first 11
    bytes[9] = 0;
    CHECK(parse_error(bytes) == "t.c3d: byte 8: last frame 5 is before the first frame 11");
  }
  SECTION("POINT:USED disagrees with the header") {
    auto w = plate_file(C3dProcessor::intel, false);
    w.find("POINT", "USED")->numbers = {2};
    const auto bytes = w.write();
    const std::size_t at = offset_of(good, "POINT", "USED");
    CHECK(parse_error(bytes) == "t.c3d: byte " + std::to_string(at) +
                                    ": POINT:USED is 2 but the header (word 2) says 1 points");
  }
  SECTION("ANALOG:SCALE shorter than ANALOG:USED") {
    auto w = plate_file(C3dProcessor::intel, false);
    w.find("ANALOG", "SCALE")->numbers.resize(5);
    w.find("ANALOG", "SCALE")->dims = {5};
    const auto bytes = w.write();
    std::string error;
    REQUIRE_FALSE(value_or_error(parse_c3d(bytes, "t.c3d"), &error));
    CHECK_THAT(error, Catch::Matches(
                          "t\\.c3d: byte [0-9]+: ANALOG:SCALE has 5 values but ANALOG:USED is 7"));
  }
  SECTION("header word 3 disagrees with ANALOG:USED") {
    auto bytes = good;
    bytes[4] = 12;
    CHECK(parse_error(bytes) ==
          "t.c3d: byte 4: header word 3 says 12 analog values per frame, "
          "but ANALOG:USED 7 × 2 samples per frame is 14");
  }
  SECTION("ANALOG:RATE disagrees with the point rate") {
    auto w = plate_file(C3dProcessor::intel, false);
    w.find("ANALOG", "RATE")->numbers = {1000};
    std::string error;
    REQUIRE_FALSE(value_or_error(parse_c3d(w.write(), "t.c3d"), &error));
    CHECK_THAT(error, Catch::EndsWith("ANALOG:RATE is 1000 Hz but the point rate 100 Hz × 2 "
                                      "samples per frame is 200 Hz"));
  }
  SECTION("EVENT:TIMES too short") {
    auto w = plate_file(C3dProcessor::intel, false);
    w.find("EVENT", "TIMES")->numbers.resize(3);
    w.find("EVENT", "TIMES")->dims = {3};
    std::string error;
    REQUIRE_FALSE(value_or_error(parse_c3d(w.write(), "t.c3d"), &error));
    CHECK_THAT(error, Catch::EndsWith("EVENT:TIMES has 3 values but EVENT:USED 2 needs 4 "
                                      "(minutes, seconds)"));
  }
  SECTION("a zero point scale") {
    auto w = plate_file(C3dProcessor::intel, false);
    w.find("POINT", "SCALE")->numbers = {0.0};
    CHECK(parse_error(w.write()) == "t.c3d: POINT:SCALE 0 is not usable (0 or not finite)");
  }
  SECTION("text where a number belongs") {
    auto w = plate_file(C3dProcessor::intel, false);
    auto* rate = w.find("POINT", "RATE");
    rate->type = -1;
    rate->strings = {"100"};
    rate->dims = {3};
    std::string error;
    REQUIRE_FALSE(value_or_error(parse_c3d(w.write(), "t.c3d"), &error));
    CHECK_THAT(error, Catch::EndsWith("POINT:RATE must be numeric, found text"));
  }
}

// Writes the fuzz seed corpus (tests/fuzz/corpus/c3d): run by hand with
//   STRIDECUE_C3D_CORPUS=tests/fuzz/corpus/c3d test_drivers "[.c3d-corpus]"
TEST_CASE("c3d: write the fuzz seed corpus", "[.c3d-corpus]") {
  const char* dir = std::getenv("STRIDECUE_C3D_CORPUS");
  if (dir == nullptr) {
    WARN("set STRIDECUE_C3D_CORPUS to the corpus folder to write it");
    return;
  }
  const auto save = [&](const std::string& name, const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(std::filesystem::path(dir) / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
  };
  for (const auto processor : {C3dProcessor::intel, C3dProcessor::dec, C3dProcessor::mips}) {
    for (const bool float_storage : {false, true}) {
      save(fmt::format("type2_{}_{}.c3d.seed", to_string(processor),
                       float_storage ? "float" : "int"),
           plate_file(processor, float_storage).write());
    }
  }
  auto w = plate_file(C3dProcessor::intel, false);
  w.find("FORCE_PLATFORM", "TYPE")->numbers = {4};
  std::vector<double> cal(36, 0.0);
  for (int r = 0; r < 6; ++r)
    cal[r * 6 + r] = 1.0;
  w.add_float("FORCE_PLATFORM", "CAL_MATRIX", {6, 6, 1}, cal);
  save("type4_intel_int.c3d.seed", w.write());
  w = plate_file(C3dProcessor::intel, true);
  w.find("FORCE_PLATFORM", "TYPE")->numbers = {1};
  w.find("FORCE_PLATFORM", "ZERO")->numbers = {1, 2};
  save("type1_zero_intel_float.c3d.seed", w.write());
  w = plate_file(C3dProcessor::mips, false);
  w.add_chars("ANALOG", "FORMAT", {"UNSIGNED"});
  w.find("FORCE_PLATFORM", "CORNERS")->numbers = {1200, 0, -200, 800,  0, -200,
                                                  800,  0, -800, 1200, 0, -800};
  save("unsigned_yup_mips_int.c3d.seed", w.write());
  // EMG: a channel the labels place ("R GMed", mV), and one only the fuzz profile maps ("EMG").
  for (const bool float_storage : {false, true}) {
    w = plate_file(C3dProcessor::intel, float_storage);
    w.analog_channels = 8;
    std::vector<double> raw;
    for (std::size_t s = 0; s * 7 < w.analog_raw.size(); ++s) {
      raw.insert(raw.end(), w.analog_raw.begin() + static_cast<std::ptrdiff_t>(s * 7),
                 w.analog_raw.begin() + static_cast<std::ptrdiff_t>(s * 7 + 7));
      raw.push_back(static_cast<double>(s) * 300.0 - 700.0);
    }
    w.analog_raw = raw;
    w.find("ANALOG", "USED")->numbers = {8};
    const auto add = [&](const char* name, auto value) {
      test::C3dParam* p = w.find("ANALOG", name);
      if constexpr (std::is_same_v<decltype(value), const char*>) {
        p->strings.push_back(value);
        p->dims[0] = std::max(p->dims[0], static_cast<int>(std::string(value).size()));
      } else {
        p->numbers.push_back(value);
      }
      p->dims.back() = 8;
    };
    add("LABELS", "R GMed");
    add("UNITS", "mV");
    add("SCALE", 0.001);
    add("OFFSET", 100.0);
    save(fmt::format("emg_gmed_mv_intel_{}.c3d.seed", float_storage ? "float" : "int"), w.write());
  }
  C3dWriter k;
  k.frames = 2;
  k.analog_samples_per_frame = 1;
  k.analog_channels = 8;
  k.analog_raw = {5, 5, 0, 0, -200, -100, -100, -100, 0, 0, 0, 0, 0, 0, 0, 0};
  k.add_basics({"fx12", "fx34", "fy14", "fy23", "fz1", "fz2", "fz3", "fz4"},
               std::vector<double>(8, 1.0), std::vector<double>(8, 0.0));
  k.add_int("FORCE_PLATFORM", "USED", {}, {1});
  k.add_int("FORCE_PLATFORM", "TYPE", {1}, {3});
  k.add_float("FORCE_PLATFORM", "CORNERS", {3, 4, 1},
              {1200, 200, 0, 800, 200, 0, 800, 800, 0, 1200, 800, 0});
  k.add_float("FORCE_PLATFORM", "ORIGIN", {3, 1}, {120, 200, -50});
  k.add_int("FORCE_PLATFORM", "CHANNEL", {8, 1}, {1, 2, 3, 4, 5, 6, 7, 8});
  save("type3_dec_float.c3d.seed", [&] {
    k.processor = C3dProcessor::dec;
    k.float_storage = true;
    return k.write();
  }());
}

}  // namespace stridecue
