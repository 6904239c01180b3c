// Plain delimited exports read through a column profile: the shipped RBDS treadmill profile
// (sample index, mm, N·mm, a Y-up Z-right lab), other separators, and errors that name file,
// line and field. The numbers are made up: recorded data stay in ../shared/data.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "drivers/drained_source.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "support/shipped_profile.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

namespace stridecue {
namespace {

ColumnProfile rbds_profile() {
  return test::shipped_column_profile("rbds_forces.toml");
}

ColumnProfile profile_from(const std::string& toml) {
  std::string error;
  auto profile = value_or_error(parse_column_profile(toml, "p.toml"), &error);
  INFO(error);
  REQUIRE(profile.has_value());
  return *profile;
}

const std::string rbds_header = "Time\tFx\tFy\tFz\tCOPx\tCOPy\tCOPz\tTy\n";
const std::string rbds_rows =
    "1\t-184.63\t328.67\t-72.78\t2591.73\t0\t1134.51\t-15305.2\n"
    "2\t-194.63\t348.66\t-66.45\t2514.68\t0\t1123.29\t9418.18\n"
    "3\t-200\t1500.5\t10\t2400\t0\t1200\t2000\n";

std::string failure_of(const std::string& text, const ColumnProfile& profile) {
  return test::failure_reading<TextTableReader>(text, "t.txt", profile);
}

TEST_CASE("text table: an RBDS force export through the shipped profile", "[text_table]") {
  std::istringstream file(rbds_header + rbds_rows);
  TextTableReader reader(file, "RBDS.txt", rbds_profile());
  INFO(reader.failure());
  REQUIRE(reader.failure().empty());
  CHECK(reader.header_fits());
  const StreamInfo& force = reader.layout().streams.at(0);
  CHECK(force.rate_hz == 300.0);
  CHECK(force.start_time_s == 0.0);     // sample 1 is at 0 s
  REQUIRE(force.channels.size() == 6);  // COPy is not mapped

  const auto drained = test::drain(reader);
  REQUIRE(drained.status == SourceStatus::end);
  REQUIRE(drained.samples[0].size() == 3 * 6);
  const auto at = [&](std::size_t frame, Quantity q) {
    return drained.samples[0][frame * 6 + *force.find(q, Plate::belt)];
  };
  CHECK(at(0, Quantity::force_x) == -184.63F);       // X forward is our x
  CHECK(at(0, Quantity::force_z) == 328.67F);        // Y up is our z
  CHECK(at(0, Quantity::force_y) == 72.78F);         // Z right is our −y
  CHECK(at(0, Quantity::cop_x) == Approx(2.59173));  // mm → m
  CHECK(at(0, Quantity::cop_y) == Approx(-1.13451));
  CHECK(at(0, Quantity::torque_z) == Approx(-15.3052));  // N·mm → N·m, about the vertical
  CHECK(at(2, Quantity::force_z) == 1500.5F);
}

TEST_CASE("text table: a file cut from later samples starts later", "[text_table]") {
  std::istringstream file(rbds_header + "301\t0\t900\t0\t2000\t0\t1000\t0\n" +
                          "302\t0\t910\t0\t2000\t0\t1000\t0\n");
  TextTableReader reader(file, "cut.txt", rbds_profile());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].start_time_s == 1.0);
  CHECK(test::drain(reader).samples[0].size() == 2 * 6);
}

TEST_CASE("text table: comma and semicolon exports with lines before the header", "[text_table]") {
  const ColumnProfile comma = profile_from(R"(
    name = "lab"
    format = "delimited"
    separator = "comma"
    skip_lines = 2
    time_column = "t [s]"
    [columns]
    "Fz [N]" = { plate = "belt", quantity = "fz" }
    "CoPy [mm]" = { plate = "belt", quantity = "copy", scale = 0.001, sign = -1 }
  )");
  std::istringstream file(
      "Exported by LabTool 3.1\nsubject: R07\n"
      "t [s], Fz [N] ,CoPy [mm],notes\n"
      "0.000, 700.5, 12,\n"
      "0.001, 710, -3, ok\n"
      "0.002, 720, 0, \n");
  TextTableReader reader(file, "lab.csv", comma);
  INFO(reader.failure());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == 1000.0);
  const auto drained = test::drain(reader);
  CHECK(drained.status == SourceStatus::end);
  CHECK(drained.samples[0] == std::vector<float>{700.5F, -0.012F, 710, 0.003F, 720, 0});

  ColumnProfile semicolon = comma;
  semicolon.separator = TableSeparator::semicolon;
  std::istringstream semicolons("a\nb\nt [s];Fz [N];CoPy [mm]\n0;1;2\n0.5;3;4\n");
  TextTableReader reader2(semicolons, "lab.csv", semicolon);
  REQUIRE(reader2.failure().empty());
  CHECK(reader2.layout().streams[0].rate_hz == 2.0);
  CHECK(test::drain(reader2).samples[0] == std::vector<float>{1, -0.002F, 3, -0.004F});
}

TEST_CASE("text table errors in a delimited export", "[text_table][errors]") {
  const ColumnProfile rbds = rbds_profile();
  CHECK(failure_of("", rbds) == "t.txt:1:1: no line of column names");
  CHECK(failure_of("time\tFx\n", rbds) ==
        "t.txt:1:1: first column is \"time\", expected \"Time\" (the profile's time_column)");
  CHECK(failure_of("Time\tFx\tFy\tFz\tCOPx\tCOPy\tTy\n", rbds) ==
        "t.txt:1:1: no column \"COPz\", which profile \"rbds_forces\" maps to belt copy (a "
        "delimited profile describes every column it names)");
  CHECK(failure_of(rbds_header + "1\t1\t2\t3\t4\t5\t6\t7\n", rbds) ==
        "t.txt:2:1: 1 data row; at least 2 are needed");

  // A wrong third row after two good ones.
  const std::string start = rbds_header + rbds_rows.substr(0, rbds_rows.find("\n3\t") + 1);
  struct BadRow {
    const char* row;
    const char* failure;
  };
  const BadRow bad_rows[] = {
      {"3\t1\t2\t3\t4\t5\t6\n", "t.txt:4:8: too few fields: expected 8, found 7"},
      {"3\t1\t2\t3\t4\t5\t6\t7\t8\n", "t.txt:4:9: too many fields: expected 8, found 9"},
      {"3\t1\t2,5\t3\t4\t5\t6\t7\n", "t.txt:4:3: not a number: \"2,5\""},
      {"3\t1\t\t3\t4\t5\t6\t7\n", "t.txt:4:3: empty field, expected a number"},
      {"5\t1\t2\t3\t4\t5\t6\t7\n", "t.txt:4:1: sample index 5 follows 2: 2 samples missing"},
      {"2\t1\t2\t3\t4\t5\t6\t7\n", "t.txt:4:1: sample index 2 is not after the previous row's 2"},
      {"3.5\t1\t2\t3\t4\t5\t6\t7\n", "t.txt:4:1: sample index \"3.5\" is not a whole number"},
  };
  for (const BadRow& bad : bad_rows) {
    INFO(bad.row);
    CHECK(failure_of(start + bad.row, rbds) == bad.failure);
  }

  ColumnProfile skipping = rbds;
  skipping.skip_lines = 3;
  CHECK(failure_of("one\ntwo\n", skipping) ==
        "t.txt:2:1: the file ends within the 3 lines profile \"rbds_forces\" skips before its "
        "column names");
}

TEST_CASE("text table: an unmapped column may hold anything", "[text_table]") {
  std::istringstream file(rbds_header + "1\t1\t2\t3\t4\tn/a\t6\t7\n2\t1\t2\t3\t4\t\t6\t7\n");
  TextTableReader reader(file, "t.txt", rbds_profile());
  CHECK(test::drain(reader).status == SourceStatus::end);
}

TEST_CASE("column profile: table keys and their errors", "[profile][errors]") {
  const std::string columns = "[columns]\nFz = { plate = \"belt\", quantity = \"fz\" }\n";
  const auto error_of = [](const std::string& toml) {
    std::string error;
    CHECK_FALSE(value_or_error(parse_column_profile(toml, "p.toml"), &error).has_value());
    return error;
  };
  struct BadProfile {
    std::string toml;
    const char* error;
  };
  const BadProfile bad_profiles[] = {
      // A time column is either in seconds or a sample index: not both.
      {"time_unit = \"s\"\nrate_hz = 300\n" + columns,
       "p.toml:2:11: rate_hz applies to time_unit = \"sample_index\"; a time column in seconds "
       "gives its own rate and start"},
      {"first_index = 1\n" + columns,
       "p.toml:1:15: first_index applies to time_unit = \"sample_index\"; a time column in seconds "
       "gives its own rate and start"},
      {"time_unit = \"sample_index\"\nrate_hz = 300\n" + columns,
       "p.toml:1:13: time_unit = \"sample_index\" needs rate_hz (the sampling rate) and "
       "first_index (the index of the sample at 0 s)"},
      {"time_unit = \"ms\"\n" + columns,
       "p.toml:1:13: time_unit must be \"s\" or \"sample_index\""},
      {"time_unit = \"sample_index\"\nrate_hz = 0\nfirst_index = 1\n" + columns,
       "p.toml:2:11: rate_hz must be a number above 0 (at most 1e7)"},
      {"separator = \"|\"\n" + columns,
       "p.toml:1:13: separator must be \"whitespace\", \"tab\", \"comma\" or \"semicolon\""},
      {"format = \"csv\"\n" + columns,
       "p.toml:1:10: format must be \"opensim_storage\" or \"delimited\""},
      {"skip_lines = 2\n" + columns,
       "p.toml:1:14: skip_lines applies to format = \"delimited\" (an OpenSim storage header ends "
       "at its endheader line)"},
      {"format = \"delimited\"\nskip_lines = -1\n" + columns,
       "p.toml:2:14: skip_lines must be a whole number from 0 to 1000000"},
  };
  for (const BadProfile& bad : bad_profiles) {
    INFO(bad.toml);
    CHECK(error_of(bad.toml) == bad.error);
  }

  const ColumnProfile rbds = rbds_profile();
  CHECK(rbds.format == TableFormat::delimited);
  CHECK(rbds.separator == TableSeparator::tab);
  CHECK(rbds.time_unit == TimeUnit::sample_index);
  CHECK(rbds.rate_hz == 300.0);
  CHECK(rbds.first_index == 1);
  CHECK(rbds.find("COPz")->scale == -0.001);  // sign folded into the scale
  CHECK(rbds.find("COPy") == nullptr);
}

}  // namespace
}  // namespace stridecue
