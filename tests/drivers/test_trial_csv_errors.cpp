// Broken trial CSV files: every error names file, line and field, in these exact words.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <fmt/format.h>

#include "drivers/drained_source.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

// The error a file gives, whether found at construction or while reading; also checks that
// a failed reader keeps failing.
std::string failure_of(const std::string& text) {
  return test::failure_reading<TrialCsvReader>(text, "trial.csv");
}

TEST_CASE("trial csv errors: no header", "[trial_csv][errors]") {
  CHECK(failure_of("") ==
        "trial.csv:1:1: no header line (the file is empty or holds only comments)");
  CHECK(failure_of("# only\n# comments\n") ==
        "trial.csv:2:1: no header line (the file is empty or holds only comments)");
}

TEST_CASE("trial csv errors: header columns", "[trial_csv][errors]") {
  CHECK(failure_of("time,left_fz_n\n0,1\n") ==
        "trial.csv:1:1: first column is \"time\", expected \"time_s\"");
  CHECK(failure_of("left_fz_n,time_s\n") ==
        "trial.csv:1:1: first column is \"left_fz_n\", expected \"time_s\"");
  CHECK(failure_of("time_s\n0\n0.001\n") == "trial.csv:1:1: no data columns after time_s");
  CHECK(failure_of("# metadata\ntime_s,left_fz_n,left_fq_n\n") ==
        "trial.csv:2:3: unknown column \"left_fq_n\"; allowed: time_s, <plate>_fx_n, "
        "<plate>_fy_n, <plate>_fz_n, <plate>_copx_m, <plate>_copy_m, <plate>_tz_nm with plate "
        "left|right|belt, emg_<muscle>_<left|right>_v with muscle in lowercase letters and "
        "digits");
  CHECK(failure_of("time_s,left_fz_n,emg_GMed_left_v\n")
            .starts_with("trial.csv:1:3: unknown column \"emg_GMed_left_v\"; allowed: "));
  CHECK(failure_of("time_s,left_fz_n,emg_gmed_up_v\n")
            .starts_with("trial.csv:1:3: unknown column \"emg_gmed_up_v\""));
  CHECK(failure_of("time_s,left_fz_n,\n").starts_with("trial.csv:1:3: unknown column \"\""));
  CHECK(failure_of("time_s,left_fz_n,right_fz_n,left_fz_n\n") ==
        "trial.csv:1:4: duplicate column \"left_fz_n\" (also field 2)");
  CHECK(failure_of("time_s,belt_fz_n,left_fz_n\n") ==
        "trial.csv:1:3: column \"left_fz_n\": belt columns cannot be mixed with left/right "
        "plate columns (a single-belt treadmill has one plate)");
  CHECK(failure_of("time_s,left_fz_n,right_copx_m,right_fx_n\n") ==
        "trial.csv:1:3: plate right has no right_fz_n column (contacts are found on the "
        "vertical force)");
}

TEST_CASE("trial csv errors: numbers", "[trial_csv][errors]") {
  const std::string header = "time_s,left_fz_n,right_fz_n\n0,1,2\n";
  CHECK(failure_of(header + "0.001,abc,2\n") == "trial.csv:3:2: not a number: \"abc\"");
  CHECK(failure_of(header + "0.001,1.5x,2\n") == "trial.csv:3:2: not a number: \"1.5x\"");
  CHECK(failure_of(header + "0.001,1,nan\n") ==
        "trial.csv:3:3: NaN or infinity is not allowed: \"nan\"");
  CHECK(failure_of(header + "0.001,-inf,1\n") ==
        "trial.csv:3:2: NaN or infinity is not allowed: \"-inf\"");
  CHECK(failure_of(header + "inf,1,1\n") ==
        "trial.csv:3:1: NaN or infinity is not allowed: \"inf\"");
  CHECK(failure_of(header + "0.001,1e39,1\n") == "trial.csv:3:2: number out of range: \"1e39\"");
  CHECK(failure_of(header + ",1,1\n") == "trial.csv:3:1: empty field, expected a number");
}

TEST_CASE("trial csv errors: field counts", "[trial_csv][errors]") {
  const std::string start = "time_s,left_fz_n,right_fz_n\n0,1,2\n0.001,1,2\n";
  CHECK(failure_of(start + "0.002,1\n") == "trial.csv:4:3: too few fields: expected 3, found 2");
  CHECK(failure_of(start + "0.002,1,2,3\n") ==
        "trial.csv:4:4: too many fields: expected 3, found 4");
  // A file cut off in the middle of its last line.
  CHECK(failure_of(start + "0.002,1") == "trial.csv:4:3: too few fields: expected 3, found 2");
  CHECK(failure_of(start + "0.00") == "trial.csv:4:2: too few fields: expected 3, found 1");
}

TEST_CASE("trial csv errors: time", "[trial_csv][errors]") {
  const std::string start = "time_s,left_fz_n\n0,1\n0.001,1\n";
  CHECK(failure_of(start + "0.001,2\n") ==
        "trial.csv:4:1: time 0.001 s is not after the previous row's 0.001 s");
  CHECK(failure_of(start + "0.0005,2\n") ==
        "trial.csv:4:1: time 0.0005 s is not after the previous row's 0.001 s");
  CHECK(failure_of(start + "0.002,1\n0.0035,1\n") ==
        "trial.csv:5:2: uneven sampling: force sample at 0.0035 s, expected 0.003 s within "
        "0.0002 s (1000 Hz fitted to the 3 samples before it)");
  // A dropped sample is off the grid too.
  CHECK(failure_of(start + "0.003,1\n") ==
        "trial.csv:4:2: uneven sampling: force sample at 0.003 s, expected 0.002 s within "
        "0.00049 s (1000 Hz fitted to the 2 samples before it); 1 sample missing before it?");
}

TEST_CASE("trial csv errors: groups", "[trial_csv][errors]") {
  const std::string header = "time_s,left_fz_n,right_fz_n,emg_gmed_left_v\n";
  CHECK(failure_of(header + "0,1,2,0.1\n0.0005,,,0.2\n0.001,3,,0.3\n") ==
        "trial.csv:4:3: force columns partly filled: this cell is empty but others in the row "
        "are not (a row has all of a group's cells or none)");
  CHECK(failure_of(header + "0,1,2,0.1\n") ==
        "trial.csv:2:2: force columns have 1 sample in the file; at least 2 are needed to know "
        "their rate");
  CHECK(failure_of(header + "0,1,2,0.1\n0.001,1,2,\n0.002,1,2,\n") ==
        "trial.csv:4:4: emg columns have 1 sample in the file; at least 2 are needed to know "
        "their rate");
  CHECK(failure_of(header) ==
        "trial.csv:1:2: force columns have 0 samples in the file; at least 2 are needed to "
        "know their rate");
}

TEST_CASE("trial csv errors: blocks before a late error are delivered", "[trial_csv][errors]") {
  std::string text = "time_s,left_fz_n\n";
  for (int i = 0; i < 300; ++i)
    text += fmt::format("{},{}\n", i * 0.001, i);
  text += "0.3,oops\n";
  std::istringstream file(text);
  TrialCsvReader reader(file, "trial.csv");
  REQUIRE(reader.failure().empty());
  const auto drained = test::drain(reader);
  CHECK(drained.status == SourceStatus::failed);
  CHECK(drained.samples[0].size() == 256);
  CHECK(reader.failure() == "trial.csv:302:2: not a number: \"oops\"");
}

TEST_CASE("trial csv errors: a line longer than the read buffer", "[trial_csv][errors]") {
  std::string text = "time_s,left_fz_n\n0,1\n0.001,1\n0.002,";
  text.append(LineReader::default_capacity, '1');
  text += "\n";
  CHECK(failure_of(text) == "trial.csv:4:1: line longer than 1048576 bytes");
}

}  // namespace
}  // namespace stridecue
