// The marker readers (drivers/files/marker_trajectories.hpp and the three formats): synthetic
// files written here, with gaps, units and bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "c3d_test_writer.hpp"
#include "files/c3d_points.hpp"
#include "files/marker_text_reader.hpp"
#include "files/marker_trajectories.hpp"
#include "files/trc_reader.hpp"
#include "support/run_program.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

std::optional<MarkerTrajectories> trc(const std::string& text, std::string* error) {
  std::istringstream in(text);
  return value_or_error(read_trc(in, "t.trc"), error);
}

std::optional<MarkerTrajectories> txt(const std::string& text, std::string* error,
                                      std::string_view units = "mm") {
  std::istringstream in(text);
  return value_or_error(read_marker_text(in, "m.txt", units), error);
}

const std::string kTrcHeader =
    "PathFileType\t4\t(X/Y/Z)\tt.trc\n"
    "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\t"
    "OrigNumFrames\n";

}  // namespace

TEST_CASE("TRC: names every third column, mm to metres, empty cells and short rows are gaps",
          "[markers]") {
  std::string error;
  const auto m = trc(kTrcHeader +
                         "100\t100\t3\t2\t     mm\t100\t1\t3\n"
                         "Frame#\tTime\tRCAL\t\t\tRTOE\t\t\n"
                         "\t\tX1\tY1\tZ1\tX2\tY2\tZ2\n"
                         "\t\t\t\t\t\t\t\n"
                         "1\t0.23\t100\t50\t-300\t300\t40\t-300\r\n"
                         "2\t0.24\t101\t51\t-300\t\t\t\n"
                         "3\t0.25\t102\t\t-300\t302\t41\n",
                     &error);
  INFO(error);
  REQUIRE(m);
  CHECK(m->names == std::vector<std::string>{"RCAL", "RTOE"});
  CHECK(m->rate_hz == 100.0);
  REQUIRE(m->frames() == 3);
  CHECK(m->times_s[0] == Approx(0.23));
  CHECK(m->times_s[2] == Approx(0.25));
  CHECK(m->at(0, 0)[0] == Approx(0.1));
  CHECK(m->at(0, 1)[2] == Approx(-0.3));
  CHECK_FALSE(m->present(1, 1));  // empty cells
  CHECK_FALSE(m->present(2, 0));  // one coordinate missing: the marker is a gap
  CHECK(std::isnan(m->at(2, 0)[0]));
  CHECK_FALSE(m->present(2, 1));  // a short row
  CHECK(m->present(1, 0));
  CHECK(m->axes == "(X/Y/Z)");
}

TEST_CASE("TRC: errors name the file, the line and what was wrong", "[markers]") {
  std::string error;
  CHECK_FALSE(trc("Time\tX\n", &error));
  CHECK(error == "t.trc:1: starts with \"Time\", not PathFileType: not a .trc marker file");
  CHECK_FALSE(trc(kTrcHeader + "100\t100\t1\t1\tinch\t100\t1\t1\n", &error));
  CHECK(error == "t.trc:3: Units \"inch\" is not a length unit (mm, cm or m)");
  CHECK_FALSE(trc(kTrcHeader + "fast\t100\t1\t1\tmm\t100\t1\t1\n", &error));
  CHECK_THAT(error, Catch::StartsWith("t.trc:3: DataRate (column 1): "));
  const std::string body = "100\t100\t2\t1\tmm\t100\t1\t2\nFrame#\tTime\tA\t\t\n\t\tX1\tY1\tZ1\n";
  CHECK_FALSE(trc(kTrcHeader + body + "1\t0\t1\t2\t3\n2\t0.01\t1\tabc\t3\n", &error));
  CHECK(error == "t.trc:7: column 4 (A Y): not a number: \"abc\"");
  CHECK_FALSE(trc(kTrcHeader + body + "1\t0.01\t1\t2\t3\n2\t0.01\t1\t2\t3\n", &error));
  CHECK(error == "t.trc:7: time 0.01 s does not follow the previous row's 0.01 s");
  CHECK_FALSE(trc(kTrcHeader + body + "1\t0\t1\t2\t3\t4\n", &error));
  CHECK(error == "t.trc:6: 6 cells, but Frame#, Time and 1 markers make 5");
  CHECK_FALSE(trc(kTrcHeader + body + "1\t0\t1\t2\t3\n", &error));
  CHECK(error == "t.trc:3: NumFrames is 2 but the file has 1 data rows");
  CHECK_FALSE(trc(kTrcHeader + body + "1\t0\t1\t2\t3\n2\t0.02\t1\t2\t3\n", &error));
  CHECK(error == "t.trc:3: DataRate is 100 Hz but the Time column steps at 50 Hz");
  CHECK_FALSE(trc(kTrcHeader + "100\t100\t2\t2\tmm\t100\t1\t2\nFrame#\tTime\tA\tB\t\n", &error));
  CHECK_THAT(error, Catch::StartsWith("t.trc:4: marker \"B\" in column 4 starts inside"));
  CHECK_FALSE(trc(kTrcHeader + "100\t100\t2\t3\tmm\t100\t1\t2\nFrame#\tTime\tA\t\t\n", &error));
  CHECK(error == "t.trc:3: NumMarkers is 3 but row 4 names 1 markers");
}

TEST_CASE("delimited text: Time then <name>X/Y/Z, empty cells and NaN are gaps, time regrid",
          "[markers]") {
  std::string error;
  auto m =
      txt("Time\tR.Heel.BottomX\tR.Heel.BottomY\tR.Heel.BottomZ\tR.MT1X\tR.MT1Y\tR.MT1Z\n"
          "0\t10\t40\t100\t180\t25\t70\n"
          "0.007\t\t\t\t181\t25\t70\n"
          "0.013\t12\t41\t100\tNaN\t26\t70\n"
          "0.02\t13\t42\t101\n",
          &error);
  INFO(error);
  REQUIRE(m);
  CHECK(m->names == std::vector<std::string>{"R.Heel.Bottom", "R.MT1"});
  CHECK(m->rate_hz == 150.0);  // 0.007, 0.013: 150 Hz printed to the ms
  CHECK(m->times_s[1] == Approx(1.0 / 150.0).epsilon(1e-12));
  CHECK(m->note.empty());
  CHECK(m->at(0, 0)[1] == Approx(0.04));
  CHECK_FALSE(m->present(1, 0));
  CHECK_FALSE(m->present(2, 1));
  CHECK_FALSE(m->present(3, 1));
  CHECK(m->present(3, 0));

  m = txt("Time,AX,AY,AZ\n0,1,2,3\n0.5,1,2,3\n0.9,1,2,3\n", &error, "m");
  REQUIRE(m);
  CHECK(m->at(0, 0)[2] == 3.0);
  CHECK(m->times_s[2] == 0.9);  // not a regular grid: kept as read
  CHECK(m->rate_hz == Approx(2.0 / 0.9));

  // A linspace time column one frame too long (RBDS0041): 7 frames at 100 Hz over 0.07 s.
  m =
      txt("Time\tAX\tAY\tAZ\n"
          "0\t1\t2\t3\n0.0117\t1\t2\t3\n0.0233\t1\t2\t3\n0.035\t1\t2\t3\n0.0467\t1\t2\t3\n0."
          "0583\t1\t2\t3\n0.07\t1\t2\t3\n",
          &error);
  REQUIRE(m);
  CHECK(m->rate_hz == 100.0);
  CHECK(m->times_s[6] == Approx(0.06));
  CHECK_THAT(m->note, Catch::Contains("one frame more than 100 Hz"));
}

TEST_CASE("delimited text: errors name the file, the line and what was wrong", "[markers]") {
  std::string error;
  CHECK_FALSE(txt("", &error));
  CHECK(error == "m.txt: empty file: no header row");
  CHECK_FALSE(txt("Frame\tAX\tAY\tAZ\n", &error));
  CHECK(error == "m.txt:1: column 1 is \"Frame\", expected Time (s)");
  CHECK_FALSE(txt("Time\tAX\tAY\n", &error));
  CHECK_THAT(error, Catch::StartsWith("m.txt:1: 2 coordinate columns after Time"));
  CHECK_FALSE(txt("Time\tAX\tAY\tBZ\n", &error));
  CHECK(error ==
        "m.txt:1: column 4 is \"BZ\", expected AZ (markers come as <name>X <name>Y "
        "<name>Z)");
  CHECK_FALSE(txt("Time\tAX\tAY\tAZ\n0\t1\t2\t3\n0.01\t1\t2\t3\t4\n", &error));
  CHECK(error == "m.txt:3: 5 cells, the header has 4 columns");
  CHECK_FALSE(txt("Time\tAX\tAY\tAZ\n0\t1\t2\t3\n0.01\t1\t2,5\t3\n", &error));
  CHECK(error == "m.txt:3: column 3 (\"AY\"): not a number: \"2,5\"");
  CHECK_FALSE(txt("Time\tAX\tAY\tAZ\n0\t1\t2\t3\n", &error));
  CHECK(error == "m.txt: 1 frame(s) of data: at least 2 are needed");
  CHECK_FALSE(txt("Time\tAX\tAY\tAZ\n0\t1\t2\t3\n0.01\t1\t2\t3\n", &error, "ft"));
  CHECK(error == "m.txt: length unit \"ft\" is not mm, cm or m");
}

namespace {

// POINT parameters only, no analog.
test::C3dWriter point_writer(bool float_storage, const char* units) {
  test::C3dWriter w;
  w.float_storage = float_storage;
  w.points = 3;
  w.frames = 4;
  w.first_frame = 11;
  w.point_rate_hz = 150.0;
  for (int f = 0; f < w.frames; ++f)
    for (int p = 0; p < w.points; ++p)
      for (int a = 0; a < 3; ++a)
        w.point_values.push_back(100.0 * p + 10.0 * a + f);
  w.add_int("POINT", "USED", {}, {3});
  w.add_float("POINT", "SCALE", {}, {float_storage ? -w.point_scale : w.point_scale});
  w.add_float("POINT", "RATE", {}, {w.point_rate_hz});
  w.add_int("POINT", "FRAMES", {}, {4});
  w.add_chars("POINT", "UNITS", {units});
  w.add_chars("POINT", "LABELS", {"R.Heel.Bottom", "R.MT1"});  // the third has no label
  return w;
}

// Marks point `p` of frame `f` invalid: its residual word −1, as the format says.
void invalidate(std::vector<std::uint8_t>& file, bool float_storage, int points, int f, int p) {
  const std::size_t data = (static_cast<std::size_t>(file[16] | file[17] << 8) - 1) * 512;
  const std::size_t size = float_storage ? 4 : 2;
  const std::size_t at = data + ((static_cast<std::size_t>(f) * points + p) * 4 + 3) * size;
  if (float_storage) {
    const float minus_one = -1.0F;
    std::memcpy(&file[at], &minus_one, 4);
  } else {
    file[at] = 0xFF;
    file[at + 1] = 0xFF;
  }
}

}  // namespace

TEST_CASE("C3D POINT data: integer and float storage, scale, units, invalid samples as gaps",
          "[markers]") {
  for (const bool float_storage : {false, true}) {
    CAPTURE(float_storage);
    auto bytes = point_writer(float_storage, "mm").write();
    invalidate(bytes, float_storage, 3, 2, 1);
    std::string error;
    const auto m = value_or_error(read_c3d_points(bytes, "p.c3d"), &error);
    INFO(error);
    REQUIRE(m);
    CHECK(m->names == std::vector<std::string>{"R.Heel.Bottom", "R.MT1", "POINT3"});
    CHECK(m->rate_hz == 150.0);
    REQUIRE(m->frames() == 4);
    CHECK(m->times_s[0] == Approx(10.0 / 150.0));         // frame 11 of the capture
    CHECK(m->at(3, 2)[1] == Approx(0.213).margin(1e-6));  // 213 mm (scale 0.1 when integer)
    CHECK_FALSE(m->present(2, 1));
    CHECK(m->present(2, 0));
    CHECK(m->present(3, 1));
  }
  std::string error;
  auto m = value_or_error(read_c3d_points(point_writer(true, "m").write(), "p.c3d"), &error);
  REQUIRE(m);
  CHECK(m->at(0, 1)[0] == Approx(100.0));
  CHECK_FALSE(value_or_error(read_c3d_points(point_writer(true, "deg").write(), "p.c3d"), &error));
  CHECK(error == "p.c3d: POINT:UNITS \"deg\" is not a length unit (mm, cm or m)");
  auto bytes = point_writer(true, "mm").write();
  bytes[1] = 0x51;
  CHECK_FALSE(value_or_error(read_c3d_points(bytes, "p.c3d"), &error));
  CHECK_THAT(error, Catch::StartsWith("p.c3d: byte 1: not a C3D file"));
}

TEST_CASE("read_marker_file: by extension, and the error for one it does not read", "[markers]") {
  const auto dir = std::filesystem::temp_directory_path() / "stridecue-marker-files";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "m.tsv");
    f << "Time\tAX\tAY\tAZ\n0\t1\t2\t3\n0.01\t1\t2\t3\n";
  }
  std::string error;
  const auto m = value_or_error(read_marker_file((dir / "m.tsv").string()), &error);
  REQUIRE(m);
  CHECK(m->at(1, 0)[0] == Approx(0.001));
  CHECK_FALSE(value_or_error(read_marker_file((dir / "m.mot").string()), &error));
  CHECK_THAT(error, Catch::Contains("not a marker file this program reads"));
  CHECK_FALSE(value_or_error(read_marker_file((dir / "none.trc").string()), &error));
  CHECK_THAT(error, Catch::EndsWith("none.trc: cannot open"));
  std::filesystem::remove_all(dir);
}
