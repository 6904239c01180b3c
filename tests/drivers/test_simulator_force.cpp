// The simulator's force-plate stream: layout, determinism, stance shapes and centre of pressure.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "simulator_recording.hpp"

using namespace stridecue;
using stridecue::test::record;
using stridecue::test::SimulatorRecording;

namespace {

constexpr std::size_t kFx = 0, kFy = 1, kFz = 2, kCopx = 3, kCopy = 4, kTz = 5;

// First channel of the plate that sees `side`.
std::size_t plate_base(const SimulatorConfig& config, Side side) {
  return config.layout == TreadmillLayout::split_belt && side == Side::right ? 6 : 0;
}

double body_weight_n(const SimulatorConfig& config) {
  return config.body_mass_kg * 9.80665;
}

// Frames strictly inside the stance (contact, toe-off).
std::pair<std::size_t, std::size_t> stance_frames(const TruthStride& s, double rate_hz,
                                                  std::size_t frames) {
  const auto first = static_cast<std::size_t>(std::floor(s.contact_s * rate_hz)) + 1;
  const auto end = static_cast<std::size_t>(std::ceil(s.toe_off_s * rate_hz));
  return {std::min(first, frames), std::min(end, frames)};
}

SimulatorConfig clean_config(TreadmillLayout layout) {
  SimulatorConfig config;
  config.duration_s = 30.0;
  config.layout = layout;
  config.clean = true;
  config.mix_start = config.mix_end = {1.0, 1.0, 1.0};
  return config;
}

}  // namespace

TEST_CASE("simulator: layout names the project's CSV columns", "[simulator]") {
  SimulatorConfig config;
  const RunnerSimulator split(config);
  const auto& force = split.layout().streams.at(0);
  CHECK(force.name == "force");
  CHECK(force.rate_hz == 1000.0);
  CHECK(force.start_time_s == 0.0);
  REQUIRE(force.channels.size() == 12);
  const char* names[] = {"left_fx_n",   "left_fy_n",    "left_fz_n",    "left_copx_m",
                         "left_copy_m", "left_tz_nm",   "right_fx_n",   "right_fy_n",
                         "right_fz_n",  "right_copx_m", "right_copy_m", "right_tz_nm"};
  for (std::size_t i = 0; i < 12; ++i)
    CHECK(force.channels[i].name == names[i]);
  CHECK(force.find(Quantity::force_z, Plate::right) == 8u);
  CHECK(force.find(Quantity::cop_x, Plate::left) == 3u);

  const auto& emg = split.layout().streams.at(1);
  CHECK(emg.name == "emg");
  CHECK(emg.rate_hz == 2000.0);
  REQUIRE(emg.channels.size() == 2);
  CHECK(emg.channels[0].name == "emg_gmed_left_v");
  CHECK(emg.channels[1].name == "emg_gmed_right_v");
  CHECK(emg.channels[1].side == Side::right);
  CHECK(emg.channels[1].muscle == "gmed");
  CHECK(emg.channels[1].quantity == Quantity::emg);

  config.layout = TreadmillLayout::single_belt;
  const RunnerSimulator single(config);
  const auto& belt = single.layout().streams.at(0);
  REQUIRE(belt.channels.size() == 6);
  CHECK(belt.channels[2].name == "belt_fz_n");
  CHECK(belt.channels[2].plate == Plate::belt);
  CHECK(belt.channels[5].quantity == Quantity::torque_z);
}

TEST_CASE("simulator: blocks come in time order and cover the session", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 2.5;
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  CHECK(r.in_order);
  CHECK(r.blocks == 500);  // 250 spans of 10 ms, force then EMG
  CHECK(r.force_frames() == 2500);
  CHECK(r.emg_frames() == 5000);
  SampleBlock block;
  CHECK(sim.next(block) == SourceStatus::end);
  CHECK(sim.next(block) == SourceStatus::end);
  CHECK(sim.failure().empty());
}

TEST_CASE("simulator: the same seed gives bit-identical samples", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 20.0;
  config.mix_start = {1.0, 1.0, 1.0};
  config.fatigue_onset_s = 5.0;
  RunnerSimulator a(config), b(config);
  const SimulatorRecording ra = record(a), rb = record(b);
  REQUIRE(ra.force.size() == rb.force.size());
  REQUIRE(ra.emg.size() == rb.emg.size());
  CHECK(std::memcmp(ra.force.data(), rb.force.data(), ra.force.size() * sizeof(float)) == 0);
  CHECK(std::memcmp(ra.emg.data(), rb.emg.data(), ra.emg.size() * sizeof(float)) == 0);

  config.seed += 98;
  RunnerSimulator c(config);
  const SimulatorRecording rc = record(c);
  REQUIRE(rc.force.size() == ra.force.size());
  CHECK(std::memcmp(ra.force.data(), rc.force.data(), ra.force.size() * sizeof(float)) != 0);
  CHECK(std::memcmp(ra.emg.data(), rc.emg.data(), ra.emg.size() * sizeof(float)) != 0);
}

TEST_CASE("simulator: clean force is zero outside stances and positive inside", "[simulator]") {
  for (const auto layout : {TreadmillLayout::split_belt, TreadmillLayout::single_belt}) {
    const SimulatorConfig config = clean_config(layout);
    RunnerSimulator sim(config);
    const SimulatorRecording r = record(sim);
    const std::size_t plates = r.force_channels / 6;
    // Which stride (if any) loads each plate at each frame, from the truth alone.
    std::vector<int> loaded(r.force_frames() * plates, 0);
    for (const TruthStride& s : sim.truth()) {
      const auto [first, end] = stance_frames(s, r.force_rate_hz, r.force_frames());
      const std::size_t plate = plate_base(config, s.side) / 6;
      for (std::size_t f = first; f < end; ++f)
        ++loaded[f * plates + plate];
    }
    std::size_t wrong = 0, stance_frames_seen = 0;
    for (std::size_t f = 0; f < r.force_frames(); ++f) {
      for (std::size_t p = 0; p < plates; ++p) {
        const int n = loaded[f * plates + p];
        const float fz = r.force_at(f, p * 6 + kFz);
        REQUIRE(n <= 1);  // one foot per plate: running has no double support
        if (n == 1) {
          ++stance_frames_seen;
          wrong += !(fz > 0.0f);
        } else {
          for (const std::size_t c : {kFx, kFy, kFz, kCopx, kCopy, kTz}) {
            wrong += r.force_at(f, p * 6 + c) != 0.0f;
          }
        }
      }
    }
    CHECK(wrong == 0);
    CHECK(stance_frames_seen > 20000);  // ~70 % of 30 s at 1 kHz
  }
}

TEST_CASE("simulator: force leaves zero within a sample of contact and toe-off", "[simulator]") {
  const SimulatorConfig config = clean_config(TreadmillLayout::split_belt);
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  for (const TruthStride& s : sim.truth()) {
    const auto [first, end] = stance_frames(s, r.force_rate_hz, r.force_frames());
    if (end >= r.force_frames() || end - first < 10) continue;
    const std::size_t fz = plate_base(config, s.side) + kFz;
    // The sample after the first inside the stance is at most 2 ms after contact.
    CHECK(r.force_at(first + 1, fz) > 10.0f);
    CHECK(r.force_at(end - 2, fz) > 10.0f);
  }
}

TEST_CASE("simulator: rearfoot stance has an impact peak, forefoot does not", "[simulator]") {
  const SimulatorConfig config = clean_config(TreadmillLayout::split_belt);
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  const double bw = body_weight_n(config);
  std::size_t checked = 0;
  for (const TruthStride& s : sim.truth()) {
    const auto [first, end] = stance_frames(s, r.force_rate_hz, r.force_frames());
    if (end >= r.force_frames()) continue;
    const std::size_t fz = plate_base(config, s.side) + kFz;
    const std::size_t quarter = first + (end - first) / 4;
    // A local maximum in the first quarter, and the lowest point after it before mid-stance.
    bool local_max = false;
    double impact_n = 0.0, impact_t_s = 0.0;
    for (std::size_t f = first + 1; f < quarter; ++f) {
      if (r.force_at(f, fz) > r.force_at(f - 1, fz) && r.force_at(f, fz) > r.force_at(f + 1, fz)) {
        local_max = true;
        impact_n = r.force_at(f, fz);
        impact_t_s = static_cast<double>(f) / r.force_rate_hz - s.contact_s;
        break;
      }
    }
    double peak_n = 0.0;
    for (std::size_t f = first; f < end; ++f)
      peak_n = std::max(peak_n, double{r.force_at(f, fz)});
    CHECK(peak_n / bw >= 2.3);
    CHECK(peak_n / bw <= 2.7);
    CHECK(peak_n == Approx(s.peak_fz_n).epsilon(0.001));

    CHECK(local_max == s.impact_transient);
    CHECK(local_max == (s.pattern == StrikePattern::rearfoot));
    if (local_max) {
      CHECK(impact_n / bw >= 1.45);
      CHECK(impact_n / bw <= 2.1);
      CHECK(impact_t_s >= 0.10 * (s.toe_off_s - s.contact_s));
      CHECK(impact_t_s <= 0.15 * (s.toe_off_s - s.contact_s));
      double dip_n = impact_n;
      const std::size_t mid = first + (end - first) / 2;
      for (std::size_t f = first + 1; f < mid; ++f) {
        if (static_cast<double>(f) / r.force_rate_hz - s.contact_s > impact_t_s) {
          dip_n = std::min(dip_n, double{r.force_at(f, fz)});
        }
      }
      CHECK(impact_n - dip_n > 0.1 * bw);  // a distinct dip, not a shoulder
    }
    ++checked;
  }
  CHECK(checked > 80);
}

TEST_CASE("simulator: shear brakes then propels", "[simulator]") {
  const SimulatorConfig config = clean_config(TreadmillLayout::split_belt);
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  const double bw = body_weight_n(config);
  for (const TruthStride& s : sim.truth()) {
    const auto [first, end] = stance_frames(s, r.force_rate_hz, r.force_frames());
    if (end >= r.force_frames()) continue;
    const std::size_t fx = plate_base(config, s.side) + kFx;
    const std::size_t mid = (first + end) / 2;
    double min_fx = 0.0, max_fx = 0.0;
    for (std::size_t f = first; f + 1 < mid; ++f)
      min_fx = std::min(min_fx, double{r.force_at(f, fx)});
    for (std::size_t f = mid + 1; f < end; ++f)
      max_fx = std::max(max_fx, double{r.force_at(f, fx)});
    CHECK(-min_fx / bw >= 0.29);
    CHECK(-min_fx / bw <= 0.46);
    CHECK(max_fx == Approx(-min_fx).epsilon(0.02));
  }
}

TEST_CASE("simulator: COP at contact gives the strike index once the belt is undone",
          "[simulator]") {
  for (const auto layout : {TreadmillLayout::split_belt, TreadmillLayout::single_belt}) {
    const SimulatorConfig config = clean_config(layout);
    RunnerSimulator sim(config);
    const SimulatorRecording r = record(sim);
    for (const TruthStride& s : sim.truth()) {
      const auto [first, end] = stance_frames(s, r.force_rate_hz, r.force_frames());
      if (end >= r.force_frames()) continue;
      const std::size_t base = plate_base(config, s.side);
      // The COP is written only where fz > 20 N.
      std::size_t on = first, off = end - 1;
      while (r.force_at(on, base + kFz) <= 20.0f)
        ++on;
      while (r.force_at(off, base + kFz) <= 20.0f)
        --off;
      CHECK(r.force_at(on - 1, base + kCopx) == 0.0f);
      // Undo the belt: the COP in a frame that moves with the foot.
      const auto on_foot = [&](std::size_t f) {
        const double t_s = static_cast<double>(f) / r.force_rate_hz;
        return double{r.force_at(f, base + kCopx)} + config.belt_speed_m_s * (t_s - s.contact_s);
      };
      // At toe-off the COP is under the toes, 0.9 foot lengths from the heel.
      const double strike_index = 0.9 + (on_foot(on) - on_foot(off)) / config.foot_length_m;
      CHECK(strike_index == Approx(s.strike_index).margin(0.02));
    }
  }
}

TEST_CASE("simulator: mediolateral COP by side on a single belt", "[simulator]") {
  for (const auto layout : {TreadmillLayout::single_belt, TreadmillLayout::split_belt}) {
    SimulatorConfig config;  // with sensor noise and offsets
    config.duration_s = 20.0;
    config.layout = layout;
    RunnerSimulator sim(config);
    const SimulatorRecording r = record(sim);
    for (const TruthStride& s : sim.truth()) {
      const auto [first, end] = stance_frames(s, r.force_rate_hz, r.force_frames());
      if (end >= r.force_frames()) continue;
      const std::size_t base = plate_base(config, s.side);
      double sum_m = 0.0;
      int n = 0;
      for (std::size_t f = first; f < end; ++f) {
        if (r.force_at(f, base + kFz) > 200.0f) {
          sum_m += r.force_at(f, base + kCopy);
          ++n;
        }
      }
      REQUIRE(n > 100);
      const double copy_m = sum_m / n;
      if (layout == TreadmillLayout::split_belt) {
        CHECK(std::abs(copy_m) < 0.035);
      } else if (s.side == Side::left) {
        CHECK(copy_m > 0.045);
      } else {
        CHECK(copy_m < -0.045);
      }
    }
  }
}

TEST_CASE("simulator: sensor noise and offset are present in flight", "[simulator]") {
  SimulatorConfig config;
  config.duration_s = 10.0;
  config.layout = TreadmillLayout::single_belt;
  RunnerSimulator sim(config);
  const SimulatorRecording r = record(sim);
  // The first contact is at least 0.25 s in: the first 200 ms are flight.
  double sum = 0.0, sum_sq = 0.0;
  for (std::size_t f = 0; f < 200; ++f) {
    sum += r.force_at(f, kFz);
    sum_sq += r.force_at(f, kFz) * r.force_at(f, kFz);
    CHECK(r.force_at(f, kCopx) == 0.0f);
  }
  const double mean = sum / 200.0;
  const double sd = std::sqrt(sum_sq / 200.0 - mean * mean);
  CHECK(mean == Approx(config.force_offset_n).margin(0.5));
  CHECK(sd == Approx(config.force_noise_n).epsilon(0.2));
}
