// The simulator's forces turned into volts with the inverse of the example profile's
// calibration, read back through AnalogPlateSource: the engine finds the same strides.
#include <catch2/catch.hpp>
#include <cmath>

#include "analog/analog_plate_source.hpp"
#include "simulator/runner_simulator.hpp"
#include "support/engine_run.hpp"
#include "support/test_paths.hpp"
#include "support/value_or_error.hpp"

using namespace stridecue;

namespace {

// The simulator as a DAQ bridge would see the treadmill: stream "analog" of 12 volts channels
// (6 per plate) in place of the force stream.
class SimulatedVolts final : public SampleSource {
 public:
  SimulatedVolts(SimulatorConfig config, const AnalogPlateProfile& profile)
      : sim_(std::move(config)), profile_(profile) {
    layout_ = sim_.layout();
    StreamInfo& force = layout_.streams[0];
    force.name = "analog";
    force.channels.clear();
    for (std::size_t i = 0; i < 6 * profile_.plates.size(); ++i)
      force.channels.push_back({"ai" + std::to_string(i), Quantity::other, {}, {}, {}});
    for (const PlateCalibration& p : profile_.plates)
      inverse_.push_back(*invert(p.matrix));
  }
  const SourceLayout& layout() const override { return layout_; }
  const std::string& failure() const override { return sim_.failure(); }

  SourceStatus next(SampleBlock& block) override {
    const SourceStatus status = sim_.next(block);
    if (status != SourceStatus::block || block.stream != 0) return status;
    const StreamInfo& sim_force = sim_.layout().streams[0];
    volts_.assign(block.frames * 6 * profile_.plates.size(), 0.0f);
    for (std::size_t p = 0; p < profile_.plates.size(); ++p) {
      const PlateCalibration& plate = profile_.plates[p];
      const std::size_t fz = *sim_force.find(Quantity::force_z, plate.plate);
      for (std::size_t f = 0; f < block.frames; ++f) {
        PlateOutput o;
        o.fx_n = block.at(f, fz - 2);
        o.fy_n = block.at(f, fz - 1);
        o.fz_n = block.at(f, fz);
        o.cop_x_m = block.at(f, fz + 1);
        o.cop_y_m = block.at(f, fz + 2);
        o.tz_nm = block.at(f, fz + 3);
        const Vector6 v = volts_for_loads(plate, inverse_[p], loads_for_output(plate, o));
        for (std::size_t c = 0; c < 6; ++c)
          volts_[f * 6 * profile_.plates.size() + plate.first_channel + c] =
              static_cast<float>(v[c]);
      }
    }
    block.channels = 6 * profile_.plates.size();
    block.samples = volts_;
    return status;
  }

 private:
  RunnerSimulator sim_;
  AnalogPlateProfile profile_;
  SourceLayout layout_;
  std::vector<Matrix6> inverse_;
  std::vector<float> volts_;
};

}  // namespace

TEST_CASE("Simulator to volts to AnalogPlateSource: the engine finds the same strides",
          "[analog][pipeline]") {
  std::string error;
  const auto profile =
      value_or_error(load_analog_plate_profile(std::string(test::source_dir()) +
                                               "/config/devices/example_split_belt.toml"),
                     &error);
  REQUIRE(profile);

  SimulatorConfig c;
  c.duration_s = 40.0;
  c.mix_start = {0.4, 0.3, 0.3};
  c.mix_end = {0.4, 0.3, 0.3};
  c.seed = 3;
  EngineSettings settings;
  settings.runner.body_mass_kg = c.body_mass_kg;

  RunnerSimulator direct(c);
  const auto expected = test::run_engine(direct, settings);

  AnalogPlateSource analog(std::make_unique<SimulatedVolts>(c, *profile), *profile);
  REQUIRE(analog.failure().empty());
  const auto found = test::run_engine(analog, settings);

  REQUIRE(expected.size() > 100);
  REQUIRE(found.size() == expected.size());
  double worst_index = 0.0;
  double worst_cop = 0.0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    CAPTURE(i);
    CHECK(found[i].side == expected[i].side);
    CHECK(found[i].contact_s == Approx(expected[i].contact_s).margin(1e-6));
    CHECK(found[i].toe_off_s == Approx(expected[i].toe_off_s).margin(1e-6));
    CHECK(found[i].strike == expected[i].strike);
    CHECK(found[i].peak_fz_n == Approx(expected[i].peak_fz_n).margin(0.05));
    // The COP where the foot lands, on the treadmill: within 1 mm (the strike index alone
    // would not notice a misplaced plate, being relative to the foot).
    REQUIRE(found[i].cop_contact_x_m.has_value() == expected[i].cop_contact_x_m.has_value());
    if (found[i].cop_contact_x_m) {
      worst_cop =
          std::max(worst_cop, std::abs(*found[i].cop_contact_x_m - *expected[i].cop_contact_x_m));
      worst_cop =
          std::max(worst_cop, std::abs(*found[i].cop_contact_y_m - *expected[i].cop_contact_y_m));
    }
    if (found[i].strike_index && expected[i].strike_index) {
      worst_index =
          std::max(worst_index, std::abs(*found[i].strike_index - *expected[i].strike_index));
    } else {
      CHECK(found[i].strike_index.has_value() == expected[i].strike_index.has_value());
    }
  }
  CHECK(worst_index < 1e-3);
  CHECK(worst_cop < 1e-3);
  WARN("strides " << found.size() << ", worst strike-index difference " << worst_index
                  << ", worst contact COP difference " << worst_cop << " m");
}
