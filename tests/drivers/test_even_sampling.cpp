// Even sampling of a time column: rounded times are accepted with the true rate, a dropped
// sample or real jitter is refused on the line where it shows.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "drivers/drained_source.hpp"
#include "files/even_sampling.hpp"
#include "files/number_field.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

// A single-belt trial CSV: `rows` rows at `rate_hz`, times printed with `decimals` places;
// `time_of(k)` may move a sample.
template <class TimeOf>
std::string trial_csv(int rows, int decimals, TimeOf time_of) {
  std::string text = "time_s,belt_fz_n\n";
  for (int k = 0; k < rows; ++k)
    text += fmt::format("{:.{}f},{}\n", time_of(k), decimals, 700 + k % 7);
  return text;
}

TEST_CASE("even sampling: 300 Hz rounded to 1 us over 30 s keeps 300 Hz", "[even_sampling]") {
  std::istringstream file(trial_csv(9000, 6, [](int k) { return k / 300.0; }));
  TrialCsvReader reader(file, "rounded.csv");
  INFO(reader.failure());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == Approx(300.0).margin(1e-6));
  const auto drained = test::drain(reader);
  INFO(reader.failure());
  CHECK(drained.status == SourceStatus::end);
  CHECK(drained.samples[0].size() == 9000);
}

TEST_CASE("even sampling: 1000 Hz rounded to 1 ms", "[even_sampling]") {
  std::istringstream file(trial_csv(5000, 3, [](int k) { return 2.5 + k * 0.001; }));
  TrialCsvReader reader(file, "ms.csv");
  INFO(reader.failure());
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == 1000.0);
  CHECK(reader.layout().streams[0].start_time_s == 2.5);
  CHECK(test::drain(reader).status == SourceStatus::end);
}

TEST_CASE("even sampling: a dropped sample is refused on its line", "[even_sampling][errors]") {
  // Sample 6000 (line 6002) is missing: line 6002 holds sample 6001.
  std::istringstream file(trial_csv(9000, 6, [](int k) { return (k < 6000 ? k : k + 1) / 300.0; }));
  TrialCsvReader reader(file, "dropped.csv");
  CHECK(test::drain(reader).status == SourceStatus::failed);
  CHECK(reader.failure().starts_with(
      "dropped.csv:6002:2: uneven sampling: force sample at 20.003333 s, expected 20 s within "));
  CHECK(reader.failure().ends_with(
      "(300 Hz fitted to the 6000 samples before it); 1 sample missing before it?"));
}

TEST_CASE("even sampling: jitter of 0.4 period is refused", "[even_sampling][errors]") {
  std::istringstream file(
      trial_csv(3000, 6, [](int k) { return (k + (k == 1000 ? 0.4 : 0.0)) / 300.0; }));
  TrialCsvReader reader(file, "jitter.csv");
  CHECK(test::drain(reader).status == SourceStatus::failed);
  CHECK(reader.failure().starts_with(
      "jitter.csv:1002:2: uneven sampling: force sample at 3.334667 s, expected 3.33333333 s"));
}

TEST_CASE("even sampling: the rate is fitted to every sample so far", "[even_sampling]") {
  EvenSampling clock;
  // The first two samples alone say 300.030003 Hz.
  for (int k = 0; k < 30000; ++k) {
    const std::string written = fmt::format("{:.6f}", k / 300.0);
    REQUIRE_FALSE(clock.add(std::stod(written), decimal_places(written), "force"));
  }
  CHECK(clock.rate_hz() == 300.0);
  CHECK(clock.start_time_s() == 0.0);
}

TEST_CASE("decimal places of a written number", "[even_sampling]") {
  CHECK(decimal_places("0.231") == 3);
  CHECK(decimal_places("12") == 0);
  CHECK(decimal_places("3.333e-3") == 6);
  CHECK(decimal_places("3.333E+1") == 2);
  CHECK(decimal_places("15e2") == -2);
  CHECK(decimal_places("-0.5") == 1);
}

}  // namespace
}  // namespace stridecue
