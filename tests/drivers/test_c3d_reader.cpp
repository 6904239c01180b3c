// The C3D source: force platforms of types 1–4 to forces, COP and free moment in our axes,
// blocks, events, and the errors of the force-platform parameters.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "drivers/c3d_fixtures.hpp"
#include "drivers/drained_source.hpp"
#include "files/c3d_bytes.hpp"
#include "files/c3d_force_platforms.hpp"
#include "files/c3d_reader.hpp"
#include "support/value_or_error.hpp"

namespace stridecue {
namespace {

using test::C3dWriter;
using test::plate_file;

struct Plate6 {
  float fx, fy, fz, copx, copy, tz;
};

// The plate's six channels at analog sample `s`.
Plate6 at(const test::Drained& d, std::size_t s, std::size_t plate = 0) {
  REQUIRE(plate == 0);
  const std::size_t channels = 6;  // one plate in every fixture
  REQUIRE((s + 1) * channels <= d.samples[0].size());
  const float* v = d.samples[0].data() + s * channels + plate * 6;
  return {v[0], v[1], v[2], v[3], v[4], v[5]};
}

void check_expected_plate(const Plate6& p) {
  CHECK(p.fx == Approx(10.0));
  CHECK(p.fy == Approx(-20.0));
  CHECK(p.fz == Approx(500.0));
  CHECK(p.copx == Approx(0.9208));
  CHECK(p.copy == Approx(0.5584));
  CHECK(p.tz == Approx(-6.0));
}

std::string reader_error(const C3dWriter& w) {
  C3dReader reader(w.write(), "t.c3d");
  SampleBlock block;
  CHECK(reader.next(block) == SourceStatus::failed);
  return reader.failure();
}

}  // namespace

TEST_CASE("c3d reader: layout, blocks and a type-2 plate in every format") {
  const auto processor = GENERATE(C3dProcessor::intel, C3dProcessor::dec, C3dProcessor::mips);
  const bool float_storage = GENERATE(false, true);
  CAPTURE(to_string(processor), float_storage);
  C3dReader reader(plate_file(processor, float_storage).write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const SourceLayout& layout = reader.layout();
  REQUIRE(layout.streams.size() == 1);
  const StreamInfo& s = layout.streams[0];
  CHECK(s.name == "force");
  CHECK(s.rate_hz == 200.0);
  CHECK(s.start_time_s == Approx(0.1));
  REQUIRE(s.channels.size() == 6);
  const char* names[] = {"floor1_fx_n",   "floor1_fy_n",   "floor1_fz_n",
                         "floor1_copx_m", "floor1_copy_m", "floor1_tz_nm"};
  const Quantity quantities[] = {Quantity::force_x, Quantity::force_y, Quantity::force_z,
                                 Quantity::cop_x,   Quantity::cop_y,   Quantity::torque_z};
  for (std::size_t c = 0; c < 6; ++c) {
    CHECK(s.channels[c].name == names[c]);
    CHECK(s.channels[c].quantity == quantities[c]);
    CHECK(s.channels[c].plate == Plate::floor1);
  }
  CHECK(reader.analog_labels().size() == 7);
  CHECK(reader.events().size() == 2);

  const auto d = test::drain(reader);
  CHECK(d.status == SourceStatus::end);
  REQUIRE(d.samples[0].size() == 6 * 6);
  const Plate6 unloaded = at(d, 0);
  CHECK(unloaded.fz == 0.0F);
  CHECK(unloaded.copx == 0.0F);  // no COP under 10 N
  CHECK(unloaded.tz == 0.0F);
  for (std::size_t i = 1; i < 6; ++i)
    check_expected_plate(at(d, i));
}

TEST_CASE("c3d reader: blocks of at most 256 frames with continuing counters") {
  C3dWriter w = plate_file(C3dProcessor::intel, true);
  w.frames = 300;  // 600 analog samples
  w.point_values.assign(300 * 3, 1.0);
  w.analog_raw.clear();
  for (int s = 0; s < 600; ++s) {
    for (double v : {120.0, 140.0, -900.0, 3100.0, -3900.0, 600.0, 100.0})
      w.analog_raw.push_back(v);
  }
  w.find("POINT", "FRAMES")->numbers = {300};
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const auto d = test::drain(reader);
  REQUIRE(d.blocks.size() == 3);
  CHECK(d.blocks[0].frames == 256);
  CHECK(d.blocks[1].first_sample == 256);
  CHECK(d.blocks[2].frames == 600 - 512);
}

TEST_CASE("c3d reader: a plate reporting the force on the plate is turned around") {
  C3dWriter w = plate_file(C3dProcessor::intel, false);
  // The same load with every channel negated: force and moments on the plate.
  for (std::size_t i = 7; i < w.analog_raw.size(); ++i) {
    if (i % 7 != 6) w.analog_raw[i] = 200 - w.analog_raw[i];
  }
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  check_expected_plate(at(test::drain(reader), 3));
}

TEST_CASE("c3d reader: type 4 applies CAL_MATRIX") {
  C3dWriter w = plate_file(C3dProcessor::intel, true);
  w.find("FORCE_PLATFORM", "TYPE")->numbers = {4};
  // Row-major: 2 × identity, plus Fx += 1 × (Fy channel). Stored first index (row) fastest.
  std::vector<double> cal(36, 0.0);
  for (int r = 0; r < 6; ++r)
    cal[r * 6 + r] = 2.0;
  cal[1 * 6 + 0] = 1.0;  // row 0, column 1
  w.add_float("FORCE_PLATFORM", "CAL_MATRIX", {6, 6, 1}, cal);
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const Plate6 p = at(test::drain(reader), 2);
  CHECK(p.fx == Approx(2 * 10 + 20));
  CHECK(p.fy == Approx(-40.0));
  CHECK(p.fz == Approx(1000.0));
  // Doubling F and M leaves the COP where it was.
  CHECK(p.copy == Approx(0.5584));
}

TEST_CASE("c3d reader: type 1 gives the measured COP and free moment") {
  C3dWriter w = plate_file(C3dProcessor::intel, false);
  w.find("FORCE_PLATFORM", "TYPE")->numbers = {1};
  w.find("ANALOG", "UNITS")->strings = {"N", "N", "N", "mm", "mm", "Nmm", "V"};
  // Fz −500 N, Px 50 mm, Py −30 mm, Tz 2000 N·mm (raw = value / 0.25 or / 5, + 100).
  for (std::size_t s = 1; s < 6; ++s) {
    double* v = w.analog_raw.data() + s * 7;
    v[0] = 100, v[1] = 100, v[2] = -900, v[3] = 100 + 50 / 10.0, v[4] = 100 - 30 / 10.0,
    v[5] = 100 + 2000 / 10.0;
  }
  w.find("ANALOG", "SCALE")->numbers = {0.25, 0.25, 0.25, 5, 5, 5, 1};
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const Plate6 p = at(test::drain(reader), 1);
  CHECK(p.fz == Approx(500.0));
  CHECK(p.copx == Approx(1.05));
  CHECK(p.copy == Approx(0.53));  // plate y is −lab y
  CHECK(p.tz == Approx(-2.0));
}

TEST_CASE("c3d reader: type 3 (Kistler, 8 channels)") {
  C3dWriter w;
  w.frames = 1;
  w.analog_samples_per_frame = 1;
  w.analog_channels = 8;
  // fx12 fx34 fy14 fy23 fz1 fz2 fz3 fz4, in N (scale 1, offset 0).
  w.analog_raw = {5, 5, 0, 0, -200, -100, -100, -100};
  w.add_basics({"fx12", "fx34", "fy14", "fy23", "fz1", "fz2", "fz3", "fz4"},
               std::vector<double>(8, 1.0), std::vector<double>(8, 0.0));
  w.add_int("FORCE_PLATFORM", "USED", {}, {1});
  w.add_int("FORCE_PLATFORM", "TYPE", {1}, {3});
  w.add_float("FORCE_PLATFORM", "CORNERS", {3, 4, 1},
              {1200, 200, 0, 800, 200, 0, 800, 800, 0, 1200, 800, 0});
  w.add_float("FORCE_PLATFORM", "ORIGIN", {3, 1}, {120, 200, -50});  // a, b, az0 in mm
  w.add_int("FORCE_PLATFORM", "CHANNEL", {8, 1}, {1, 2, 3, 4, 5, 6, 7, 8});
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const Plate6 p = at(test::drain(reader), 0);
  // Plate frame: F = (10, 0, −500), Mx = b(fz1+fz2−fz3−fz4) = −20, My = a(−fz1+fz2+fz3−fz4)
  // = 12, My − Fx·az0 = 12.5: COP (0.025, 0.04) m from the centre; the lab's y is −plate y.
  CHECK(p.fx == Approx(10.0));
  CHECK(p.fz == Approx(500.0));
  CHECK(p.copx == Approx(1.025));
  CHECK(p.copy == Approx(0.46));
}

TEST_CASE("c3d reader: a y-up lab becomes z up") {
  C3dWriter w = plate_file(C3dProcessor::intel, false);
  // The same plate in a lab whose y is up: lab (x, y, z) = ours (x, z, −y).
  w.find("FORCE_PLATFORM", "CORNERS")->numbers = {1200, 0, -200, 800,  0, -200,
                                                  800,  0, -800, 1200, 0, -800};
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  check_expected_plate(at(test::drain(reader), 1));
}

TEST_CASE("c3d reader: force platform errors") {
  C3dWriter w = plate_file(C3dProcessor::intel, false);
  const auto offset = [&](const char* name) {
    std::string error;
    const auto f = value_or_error(parse_c3d(w.write(), "t.c3d"), &error);
    REQUIRE(f);
    return std::to_string(f->find("FORCE_PLATFORM", name)->offset);
  };
  SECTION("a channel index out of range") {
    w.find("FORCE_PLATFORM", "CHANNEL")->numbers = {1, 2, 99, 4, 5, 6};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("CHANNEL") +
                                 ": FORCE_PLATFORM:CHANNEL platform 1 channel 3 is 99, but the "
                                 "file has 7 analog channels (numbered from 1)");
  }
  SECTION("a channel twice in one platform") {
    w.find("FORCE_PLATFORM", "CHANNEL")->numbers = {1, 2, 3, 4, 5, 2};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("CHANNEL") +
                                 ": FORCE_PLATFORM:CHANNEL platform 1 channels 2 and 6 are both "
                                 "analog channel 2");
  }
  SECTION("channel 0") {
    w.find("FORCE_PLATFORM", "CHANNEL")->numbers = {0, 2, 3, 4, 5, 6};
    CHECK_THAT(reader_error(w), Catch::EndsWith("platform 1 channel 1 is 0, but the file has 7 "
                                                "analog channels (numbered from 1)"));
  }
  SECTION("too few channels for the type") {
    w.find("FORCE_PLATFORM", "TYPE")->numbers = {3};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("CHANNEL") +
                                 ": FORCE_PLATFORM:CHANNEL has no 8 channels for platform 1 "
                                 "(type 3; dimensions 6×1)");
  }
  SECTION("an unsupported type") {
    w.find("FORCE_PLATFORM", "TYPE")->numbers = {5};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("TYPE") +
                                 ": FORCE_PLATFORM:TYPE platform 1 has type 5: types 1, 2, 3 and "
                                 "4 are read");
  }
  SECTION("type 4 without CAL_MATRIX") {
    w.find("FORCE_PLATFORM", "TYPE")->numbers = {4};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("TYPE") +
                                 ": FORCE_PLATFORM:TYPE platform 1 has type 4 but "
                                 "FORCE_PLATFORM:CAL_MATRIX is missing");
  }
  SECTION("too many platforms") {
    w.find("FORCE_PLATFORM", "USED")->numbers = {9};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("USED") +
                                 ": FORCE_PLATFORM:USED is 9: 0 to 8 platforms are read");
  }
  SECTION("CORNERS for fewer platforms") {
    w.find("FORCE_PLATFORM", "USED")->numbers = {2};
    w.find("FORCE_PLATFORM", "TYPE")->numbers = {2, 2};
    w.find("FORCE_PLATFORM", "TYPE")->dims = {2};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("CORNERS") +
                                 ": FORCE_PLATFORM:CORNERS has 12 values, 2 platforms need 24");
  }
  SECTION("degenerate corners") {
    w.find("FORCE_PLATFORM", "CORNERS")->numbers.assign(12, 5.0);
    CHECK(reader_error(w) == "t.c3d: byte " + offset("CORNERS") +
                                 ": FORCE_PLATFORM:CORNERS of platform 1 do not span a plane");
  }
  SECTION("ZERO past the data") {
    w.find("FORCE_PLATFORM", "ZERO")->numbers = {1, 10};
    CHECK(reader_error(w) == "t.c3d: byte " + offset("ZERO") +
                                 ": FORCE_PLATFORM:ZERO range 1 to 10 runs past the file's 3 "
                                 "frames");
  }
  SECTION("no platforms") {
    w.find("FORCE_PLATFORM", "USED")->numbers = {0};
    CHECK(reader_error(w) == "t.c3d: no force platforms (FORCE_PLATFORM:USED is 0)");
  }
}

TEST_CASE("c3d reader: FORCE_PLATFORM:ZERO removes the baseline") {
  C3dWriter w = plate_file(C3dProcessor::intel, false);
  w.find("FORCE_PLATFORM", "ZERO")->numbers = {1, 1};
  // Frame 1 (analog samples 0 and 1): one unloaded, one loaded: the baseline is half the load.
  C3dReader reader(w.write(), "t.c3d");
  REQUIRE(reader.failure().empty());
  const auto d = test::drain(reader);
  CHECK(at(d, 0).fz == Approx(-250.0));
  CHECK(at(d, 2).fz == Approx(250.0));
}

TEST_CASE("c3d reader: a huge file is judged by its header and size, never read whole") {
  // Sparse files: no disk, but reading either whole would take its size in memory.
  const auto zeros = std::filesystem::temp_directory_path() / "stridecue-zeros.c3d";
  { std::ofstream touch(zeros); }
  std::filesystem::resize_file(zeros, std::uintmax_t{2} << 30);
  C3dReader not_c3d(zeros);
  CHECK(not_c3d.failure() ==
        zeros.string() + ": byte 1: not a C3D file: key byte is 0x00, expected 0x50");
  std::filesystem::remove(zeros);

  const auto huge = std::filesystem::temp_directory_path() / "stridecue-huge.c3d";
  {
    std::ofstream head(huge, std::ios::binary);
    head.write("\x02\x50", 2);
  }
  std::filesystem::resize_file(huge, std::uintmax_t{3} << 30);
  C3dReader too_big(huge);
  CHECK(too_big.failure() == huge.string() +
                                 ": 3.0 GiB; a C3D file is read whole, and this reader takes at "
                                 "most 2.0 GiB");
  const auto small_cap = read_c3d_bytes(huge, 1024);
  CHECK_FALSE(small_cap);
  CHECK(small_cap.error() ==
        huge.string() +
            ": 3.0 GiB; a C3D file is read whole, and this reader takes at most 1.0 KiB");
  std::filesystem::remove(huge);
}

TEST_CASE("c3d reader: a missing file") {
  const auto missing = std::filesystem::temp_directory_path() / "stridecue-no-such-file.c3d";
  auto reader = open_c3d(missing);
  CHECK(reader->failure() == missing.string() + ": cannot open: No such file or directory");
  SampleBlock block;
  CHECK(reader->next(block) == SourceStatus::failed);
  CHECK(reader->layout().streams.empty());
}

}  // namespace stridecue
