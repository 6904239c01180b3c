#include <catch2/catch.hpp>
#include <cmath>

#include "engine/contact_detector.hpp"
#include "support/stance_train.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

std::vector<Contact> detect(const std::vector<double>& fz, double rate_hz,
                            const ContactSettings& settings = {}) {
  ContactDetector detector(settings, rate_hz);
  std::vector<Contact> found;
  Contact c;
  for (std::size_t k = 0; k < fz.size(); ++k) {
    PlateSample s;
    s.time_s = static_cast<double>(k) / rate_hz;
    s.fz_n = fz[k];
    if (detector.push(s, c)) found.push_back(c);
  }
  return found;
}

}  // namespace

TEST_CASE("Clean stances: every contact found, none extra, times within one sample", "[contact]") {
  for (double rate_hz : {300.0, 1000.0, 2000.0}) {
    CAPTURE(rate_hz);
    const auto truth = regular_stances(20, 0.5, 0.7, 0.25, 1800.0);
    const auto found = detect(sample_force(truth, rate_hz, 15.0), rate_hz);
    REQUIRE(found.size() == truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) {
      CHECK(std::abs(found[i].contact_s - truth[i].contact_s) <= 1.0 / rate_hz);
      CHECK(std::abs(found[i].toe_off_s - (truth[i].contact_s + truth[i].duration_s)) <=
            1.0 / rate_hz);
      CHECK(found[i].peak_fz_n == Approx(1800.0).epsilon(0.02));
      CHECK(found[i].peak_fz_s == Approx(truth[i].contact_s + 0.125).margin(0.005));
    }
  }
}

TEST_CASE("Noisy stances with an offset: times within 2 ms, no extra contacts", "[contact]") {
  const double rate_hz = 1000.0;
  const auto truth = regular_stances(60, 0.4, 0.35, 0.22, 1600.0);
  const auto found = detect(sample_force(truth, rate_hz, 22.0, 4.0, 12.0), rate_hz);
  REQUIRE(found.size() == truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    CHECK(std::abs(found[i].contact_s - truth[i].contact_s) <= 0.002);
    CHECK(std::abs(found[i].toe_off_s - (truth[i].contact_s + 0.22)) <= 0.002);
  }
}

TEST_CASE("A force zeroed below a dead band is timed from its rising edge", "[contact]") {
  // Exports often zero the force below ~20 N: the plate reads exactly 0, then jumps.
  const double rate_hz = 1000.0;
  const auto truth = regular_stances(8, 0.3, 0.7, 0.3, 600.0);  // a slow rise: ~6 N/ms
  auto fz = sample_force(truth, rate_hz, 6.0);
  for (double& v : fz)
    v = v < 20.0 ? 0.0 : v;
  const auto found = detect(fz, rate_hz);
  REQUIRE(found.size() == truth.size());
  for (std::size_t i = 0; i < truth.size(); ++i) {
    // Interpolating from the last zero would put it ~3 ms late; the edge is extended instead.
    CHECK(std::abs(found[i].contact_s - truth[i].contact_s) <= 0.0015);
    CHECK(std::abs(found[i].toe_off_s - (truth[i].contact_s + 0.3)) <= 0.0035);
  }
}

TEST_CASE("Auto-zero learns the plate's offset from the flight phases", "[contact]") {
  const double rate_hz = 1000.0;
  const auto truth = regular_stances(5, 0.3, 0.7, 0.25, 1500.0);
  ContactDetector detector({}, rate_hz);
  const auto fz = sample_force(truth, rate_hz, 3.5, 1.0, 25.0);
  Contact c;
  for (std::size_t k = 0; k < fz.size(); ++k) {
    detector.push({static_cast<double>(k) / rate_hz, fz[k], 0, 0, false}, c);
  }
  CHECK(detector.offset_n() == Approx(25.0).margin(0.5));

  ContactSettings fixed;
  fixed.auto_zero = false;
  ContactDetector no_zero(fixed, rate_hz);
  for (std::size_t k = 0; k < fz.size(); ++k) {
    no_zero.push({static_cast<double>(k) / rate_hz, fz[k], 0, 0, false}, c);
  }
  CHECK(no_zero.offset_n() == 0.0);
}

TEST_CASE("A trial that starts mid-stance does not report the half stance", "[contact]") {
  const double rate_hz = 1000.0;
  auto truth = regular_stances(4, -0.1, 0.7, 0.25, 1500.0);  // the first began before t = 0
  const auto found = detect(sample_force(truth, rate_hz, 3.0), rate_hz);
  REQUIRE(found.size() == 3);
  CHECK(found[0].contact_s == Approx(0.6).margin(0.001));
}

TEST_CASE("Knocks shorter than min_stance_s are not steps", "[contact]") {
  const double rate_hz = 1000.0;
  std::vector<Stance> truth = {{0.5, 0.02, 300.0}, {1.0, 0.25, 1500.0}};
  const auto found = detect(sample_force(truth, rate_hz, 2.0), rate_hz);
  REQUIRE(found.size() == 1);
  CHECK(found[0].contact_s == Approx(1.0).margin(0.001));
}

TEST_CASE("An unload shorter than min_flight_s stays within one stance", "[contact]") {
  const double rate_hz = 1000.0;
  // Two half-sines 10 ms apart: the plate unloads for less than the 30 ms minimum flight.
  std::vector<Stance> truth = {{0.5, 0.12, 1500.0}, {0.63, 0.12, 1500.0}};
  auto found = detect(sample_force(truth, rate_hz, 2.0), rate_hz);
  REQUIRE(found.size() == 1);
  CHECK(found[0].contact_s == Approx(0.5).margin(0.001));
  CHECK(found[0].toe_off_s == Approx(0.75).margin(0.001));

  ContactSettings quick;
  quick.min_flight_s = 0.005;
  found = detect(sample_force(truth, rate_hz, 2.0), rate_hz, quick);
  CHECK(found.size() == 2);
}

TEST_CASE("Higher thresholds change detection, timing stays at the timing level", "[contact]") {
  const double rate_hz = 1000.0;
  std::vector<Stance> truth = {{0.5, 0.25, 1500.0}, {1.2, 0.25, 90.0}};  // the 2nd barely loads
  CHECK(detect(sample_force(truth, rate_hz, 2.0), rate_hz).size() == 2);
  ContactSettings strict;
  strict.contact_threshold_n = 100.0;
  const auto found = detect(sample_force(truth, rate_hz, 2.0), rate_hz, strict);
  REQUIRE(found.size() == 1);
  CHECK(found[0].contact_s == Approx(0.5).margin(0.001));
}

TEST_CASE("COP at contact and the mean mediolateral COP of the stance", "[contact]") {
  const double rate_hz = 1000.0;
  const auto truth = regular_stances(1, 0.2, 0.7, 0.25, 1500.0);
  const auto fz = sample_force(truth, rate_hz, 1.0);
  ContactDetector detector({}, rate_hz);
  Contact c;
  bool done = false;
  for (std::size_t k = 0; k < fz.size(); ++k) {
    const double t = static_cast<double>(k) / rate_hz;
    // COP moves forward 10 cm over the stance; the plate reports garbage when unloaded.
    const bool loaded = fz[k] > 20.0;
    const double x = loaded ? 0.1 + 0.4 * (t - 0.2) : 9.0;
    done |= detector.push({t, fz[k], x, loaded ? 0.07 : -9.0, true}, c);
  }
  REQUIRE(done);
  REQUIRE(c.cop_contact_x_m);
  CHECK(*c.cop_contact_x_m == Approx(0.1).margin(0.002));
  CHECK(*c.landing_cop_y_m == Approx(0.07));
}

TEST_CASE("Unusable contact settings are named", "[contact]") {
  ContactSettings s;
  CHECK(s.problem() == nullptr);
  s.release_threshold_n = 60.0;
  CHECK(std::string(s.problem()) == "contact_threshold_n must be above release_threshold_n");
  s = {};
  s.timing_threshold_n = 40.0;
  CHECK(std::string(s.problem()) == "release_threshold_n must be at least timing_threshold_n");
  s = {};
  s.min_flight_s = -1.0;
  CHECK(std::string(s.problem()) == "min_stance_s and min_flight_s must not be negative");
}
