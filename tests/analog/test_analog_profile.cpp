// The analog plate profile: the shipped example loads, and each mistake is reported with its
// file, line, column and field.
#include <catch2/catch.hpp>
#include <string>

#include "analog/analog_plate_profile.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

const std::string kRow = "[1e6, 0, 0, 0, 0, 0]";

std::string matrix_rows(int rows) {
  std::string m = "matrix = [\n";
  for (int r = 0; r < rows; ++r) {
    std::string row = "  [";
    for (int c = 0; c < 6; ++c)
      row += (c ? ", " : "") + std::string(c == r ? "1e6" : "0");
    m += row + "],\n";
  }
  return m + "]\n";
}

}  // namespace

TEST_CASE("Analog profile: the shipped example loads", "[analog]") {
  std::string error;
  const auto profile =
      value_or_error(load_analog_plate_profile(std::string(test::source_dir()) +
                                               "/config/devices/example_split_belt.toml"),
                     &error);
  INFO(error);
  REQUIRE(profile);
  CHECK(profile->name == "example_split_belt");
  CHECK(profile->stream == "analog");
  REQUIRE(profile->plates.size() == 2);
  CHECK(profile->plates[0].plate == Plate::left);
  CHECK(profile->plates[1].plate == Plate::right);
  CHECK(profile->plates[1].first_channel == 6);
  CHECK(profile->plates[0].origin_m[2] == Approx(-0.0425));
  CHECK(profile->plates[0].gain[2] == Approx(2000.0));
  CHECK(profile->tare_window_s == Approx(0.5));
}

TEST_CASE("Analog profile: errors name file line column and field", "[analog]") {
  const std::string plate = "[[plate]]\nplate = \"left\"\norigin_m = [0, 0, -0.04]\n";
  struct Case {
    std::string text;
    const char* where;
    const char* what;
  };
  const Case cases[] = {
      {plate + matrix_rows(5), "p.toml:4:10", "matrix must have 6 rows"},
      {plate + "matrix = [" + kRow + ", " + kRow + ", " + kRow + ", " + kRow + ", " + kRow +
           ", [1, 2, 3]]\n",
       "p.toml:4:", "matrix row 6 must be an array of 6 numbers, got 3"},
      {plate + "matrix = [[nan, 0, 0, 0, 0, 0], " + kRow + ", " + kRow + ", " + kRow + ", " + kRow +
           ", " + kRow + "]\n",
       "p.toml:4:", "matrix row 1[0] must be a finite number"},
      {plate + matrix_rows(6) + "gain = [1, 1, inf, 1, 1, 1]\n", "p.toml:12:", "gain[2]"},
      {plate + matrix_rows(6) + "gain = [1, 1, 0, 1, 1, 1]\n",
       "p.toml:12:", "gain[2] must be more than 0"},
      {"[[plate]]\nplate = \"middle\"\n", "p.toml:2:9", "unknown plate \"middle\""},
      {plate + matrix_rows(6) + "axes = [\"y\", \"x\", \"z\"]\n", "p.toml:12:8", "mirror image"},
      {plate + matrix_rows(6) + "axes = [\"x\", \"z\", \"y\"]\n", "p.toml:12:8", "our z (up)"},
      {"[[plate]]\nplate = \"left\"\n" + matrix_rows(6), "p.toml:1:1", "needs origin_m"},
      {plate + matrix_rows(6) + "[[plate]]\nplate = \"left\"\norigin_m = [0, 0, 0]\n" +
           matrix_rows(6),
       "p.toml:13:9", "described twice"},
      {plate + matrix_rows(6) +
           "[[plate]]\nplate = \"right\"\nfirst_channel = 3\n"
           "origin_m = [0, 0, 0]\n" +
           matrix_rows(6),
       "p.toml:12:1", "overlap"},
      {plate + matrix_rows(6) + "colour = \"red\"\n", "p.toml:12:1", "unknown key \"colour\""},
      {"tare_window_s = -1\n" + plate + matrix_rows(6), "p.toml:1:17", "tare_window_s"},
      {"name = \"x\"\n", "p.toml:", "no plate"},
  };
  for (const Case& c : cases) {
    std::string error;
    CAPTURE(c.text);
    CHECK_FALSE(value_or_error(parse_analog_plate_profile(c.text, "p.toml"), &error));
    INFO(error);
    CHECK(error.find(c.where) == 0);
    CHECK(error.find(c.what) != std::string::npos);
  }
}

TEST_CASE("Analog profile: a singular matrix is refused", "[analog]") {
  std::string text = "[[plate]]\nplate = \"belt\"\norigin_m = [0, 0, 0]\nmatrix = [";
  for (int r = 0; r < 6; ++r)
    text += std::string(r ? ", " : "") + "[1, 1, 1, 1, 1, 1]";
  text += "]\n";
  std::string error;
  CHECK_FALSE(value_or_error(parse_analog_plate_profile(text, "p.toml"), &error));
  CHECK(error.find("p.toml:4:10: matrix is singular") == 0);
}
