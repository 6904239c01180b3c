// OpenSim storage files (.mot/.sto) through the OpenSim GRF column profile.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "drivers/drained_source.hpp"
#include "files/column_profile.hpp"
#include "files/text_table_reader.hpp"
#include "files/trial_csv_reader.hpp"
#include "files/trial_csv_writer.hpp"
#include "support/shipped_profile.hpp"
#include "support/test_paths.hpp"

namespace stridecue {
namespace {

ColumnProfile grf_profile() {
  return test::shipped_column_profile("opensim_grf.toml");
}

// As OpenSim writes it: tab-separated, trailing tabs on header lines, padded column names
// (the layout of grf_run.mot; the numbers are made up: recorded data stay in shared/data).
const std::string mot_header =
    "name grf.mot\t\t\n"
    "datacolumns 8\t\t\n"
    "datarows 4\t\t\n"
    "range 0.230000 0.233000\t\t\n"
    "endheader\t\t\n"
    "      time\t R_ground_force_vx\t R_ground_force_vy\t R_ground_force_vz\t"
    " R_ground_force_px\t R_ground_force_py\t R_ground_force_pz\t R_ground_torque_y\n";

const std::string mot_rows =
    "0.23\t-90.5\t1200.25\t50.125\t1.1\t0\t-0.33\t-12.5\n"
    "0.231\t-100.75\t1210.5\t49.25\t1.099\t0\t-0.331\t-11.25\n"
    "0.232\t-110\t1220.75\t48.5\t1.098\t0\t-0.332\t-10\n"
    "0.233\t-120.25\t1230\t47.75\t1.097\t0\t-0.333\t-9.5\n";

std::string failure_of(const std::string& text) {
  return test::failure_reading<TextTableReader>(text, "grf.mot", grf_profile());
}

TEST_CASE("opensim storage: GRF .mot mapped to our axes", "[opensim]") {
  std::istringstream file(mot_header + mot_rows);
  TextTableReader reader(file, "grf.mot", grf_profile());
  REQUIRE(reader.failure().empty());
  const SourceLayout& layout = reader.layout();
  REQUIRE(layout.streams.size() == 1);
  const StreamInfo& force = layout.streams[0];
  CHECK(force.name == "force");
  CHECK(force.rate_hz == 1000.0);
  CHECK(force.start_time_s == 0.23);
  REQUIRE(force.channels.size() == 6);  // py is not mapped
  CHECK(force.channels[1].name == "R_ground_force_vy");
  CHECK(force.channels[1].quantity == Quantity::force_z);
  CHECK(force.channels[1].plate == Plate::right);

  const auto drained = test::drain(reader);
  REQUIRE(drained.status == SourceStatus::end);
  REQUIRE(drained.samples[0].size() == 4 * 6);
  const auto at = [&](std::size_t frame, Quantity q) {
    return drained.samples[0][frame * 6 + *force.find(q, Plate::right)];
  };
  CHECK(at(0, Quantity::force_x) == -90.5F);
  CHECK(at(0, Quantity::force_z) == 1200.25F);
  CHECK(at(0, Quantity::force_y) == -50.125F);  // OpenSim z points right, our y left
  CHECK(at(0, Quantity::cop_x) == 1.1F);
  CHECK(at(0, Quantity::cop_y) == 0.33F);
  CHECK(at(3, Quantity::torque_z) == -9.5F);
}

TEST_CASE("opensim storage: exports to a trial CSV with our column names", "[opensim]") {
  std::istringstream file(mot_header + mot_rows);
  TextTableReader reader(file, "grf.mot", grf_profile());
  std::ostringstream csv;
  std::string error;
  REQUIRE(write_trial_csv(reader, csv, &error));
  CHECK(csv.str().starts_with(
      "time_s,right_fx_n,right_fz_n,right_fy_n,right_copx_m,right_copy_m,right_tz_nm\n"
      "0.23,-90.5,1200.25,-50.125,1.1,0.33,-12.5\n"));
  std::istringstream back(csv.str());
  TrialCsvReader trial(back, "grf.csv");
  CHECK(trial.layout().streams[0].rate_hz == 1000.0);
  CHECK(trial.layout().streams[0].start_time_s == 0.23);
  CHECK(test::drain(trial).samples[0].size() == 4 * 6);
}

TEST_CASE("opensim storage: .sto version 1 header, space separated", "[opensim]") {
  std::istringstream file(
      "Ground reaction forces\nversion=1\nnRows=3\nnColumns=3\ninDegrees=no\nendheader\n"
      "time L_ground_force_vy L_ground_force_vx\n"
      "1.000   700   -5\n"
      "1.002   710   -6\n"
      "1.004   720   -7\n");
  TextTableReader reader(file, "grf.sto", grf_profile());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == 500.0);
  CHECK(reader.layout().streams[0].channels[0].plate == Plate::left);
  const auto drained = test::drain(reader);
  CHECK(drained.status == SourceStatus::end);
  CHECK(drained.samples[0] == std::vector<float>{700, -5, 710, -6, 720, -7});
}

TEST_CASE("opensim storage: long files come in blocks", "[opensim]") {
  std::string text = "endheader\ntime\tR_ground_force_vy\n";
  for (int i = 0; i < 1000; ++i)
    text += std::to_string(i * 0.001) + "\t" + std::to_string(i) + "\n";
  std::istringstream file(text);
  TextTableReader reader(file, "grf.mot", grf_profile());
  const auto drained = test::drain(reader);
  CHECK(drained.status == SourceStatus::end);
  CHECK(drained.blocks.size() == 4);
  CHECK(drained.samples[0].size() == 1000);
  CHECK(drained.samples[0][999] == 999.0F);
}

TEST_CASE("opensim storage errors", "[opensim][errors]") {
  CHECK(failure_of("") == "grf.mot:1:1: no \"endheader\" line: not an OpenSim storage file");
  CHECK(failure_of("time\tR_ground_force_vy\n0\t1\n") ==
        "grf.mot:2:1: no \"endheader\" line: not an OpenSim storage file");
  CHECK(failure_of("datarows many\nendheader\n") ==
        "grf.mot:1:2: datarows must be a whole number, found \"many\"");
  CHECK(failure_of("endheader\n") == "grf.mot:1:1: no line of column names after \"endheader\"");
  CHECK(failure_of("endheader\nt\tR_ground_force_vy\n") ==
        "grf.mot:2:1: first column is \"t\", expected \"time\" (the profile's time_column)");
  CHECK(failure_of("datacolumns 3\nendheader\ntime\tR_ground_force_vy\n") ==
        "grf.mot:3:1: 2 column names, but the header says datacolumns 3");
  CHECK(failure_of("endheader\ntime\tfoo\tbar\n0\t1\t2\n") ==
        "grf.mot:2:1: no column is mapped by profile \"opensim_grf\"");
  CHECK(failure_of("endheader\ntime\tR_ground_force_vx\tR_ground_force_py\n") ==
        "grf.mot:2:2: plate right has columns but no vertical force (profile \"opensim_grf\" "
        "reads it from \"R_ground_force_vy\")");
  CHECK(failure_of("endheader\ntime\tR_ground_force_vy\tR_ground_force_vy\n") ==
        "grf.mot:2:3: duplicate column \"R_ground_force_vy\" (also field 2)");
  CHECK(failure_of("endheader\ntime\tR_ground_force_vy\n0\t1\n") ==
        "grf.mot:3:1: 1 data row; at least 2 are needed to know the rate");
}

TEST_CASE("opensim storage errors in the data", "[opensim][errors]") {
  // Cut after two of its four rows: the header said more.
  CHECK(failure_of(mot_header + mot_rows.substr(0, mot_rows.find("0.232"))) ==
        "grf.mot:3:1: expected 4 rows (datarows), found 2");
  const std::string start = mot_header + mot_rows.substr(0, mot_rows.find("0.233"));
  CHECK(failure_of(start + "0.233\t1\t2\n") == "grf.mot:10:4: too few fields: expected 8, found 3");
  CHECK(failure_of(start + "0.233\t1\t2\t3\t4\t5\t6\t7\t8\n") ==
        "grf.mot:10:9: too many fields: expected 8, found 9");
  CHECK(failure_of(start + "0.233\t1\tx\t3\t4\t5\t6\t7\n") == "grf.mot:10:3: not a number: \"x\"");
  CHECK(failure_of(start + "0.233\t1\tNaN\t3\t4\t5\t6\t7\n") ==
        "grf.mot:10:3: NaN or infinity is not allowed: \"NaN\"");
  CHECK(failure_of(start + "0.2345\t1\t2\t3\t4\t5\t6\t7\n") ==
        "grf.mot:10:1: uneven sampling: force sample at 0.2345 s, expected 0.233 s within "
        "0.0002 s (1000 Hz fitted to the 3 samples before it)");
  CHECK(failure_of(start + "0.232\t1\t2\t3\t4\t5\t6\t7\n") ==
        "grf.mot:10:1: time 0.232 s is not after the previous row's 0.232 s");
  // Columns the profile ignores are not parsed, so junk there is no error.
  std::istringstream file(start + "0.233\t1\t2\t3\t4\tjunk\t6\t7\n");
  TextTableReader reader(file, "grf.mot", grf_profile());
  CHECK(test::drain(reader).status == SourceStatus::end);
}

TEST_CASE("opensim storage: opening a missing file says so", "[opensim]") {
  auto source = open_text_table("no/such/grf.mot", grf_profile());
  SampleBlock block;
  CHECK(source->next(block) == SourceStatus::failed);
  CHECK(source->failure() == "no/such/grf.mot: cannot open: No such file or directory");
}

}  // namespace
}  // namespace stridecue
