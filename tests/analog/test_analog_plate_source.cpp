// AnalogPlateSource: the force layout in place of the volts, other streams passed through,
// and tare — applied after its window, refused under load, requested from another thread.
#include <catch2/catch.hpp>
#include <cmath>
#include <thread>

#include "analog/analog_plate_source.hpp"
#include "drivers/scripted_source.hpp"
#include "plate_fixtures.hpp"

using namespace stridecue;

namespace {

constexpr double kRate = 1000.0;

// Raw volts for one plate on channels 0-5 (plus an EMG stream), from a load schedule.
std::unique_ptr<SampleSource> raw_volts(const PlateCalibration& plate, double duration_s,
                                        std::function<test::PointLoad(double)> load_at,
                                        Vector6 amplifier_offset_v) {
  SourceLayout layout;
  StreamInfo volts;
  volts.name = "analog";
  volts.rate_hz = kRate;
  for (const char* n : {"fx_v", "fy_v", "fz_v", "mx_v", "my_v", "mz_v"})
    volts.channels.push_back({n, Quantity::other, {}, {}, {}});
  StreamInfo emg;
  emg.name = "emg";
  emg.rate_hz = 2000.0;
  emg.channels.push_back({"emg_gmed_left_v", Quantity::emg, {}, Side::left, "gmed"});
  layout.streams = {volts, emg};
  const Matrix6 inverse = *invert(plate.matrix);
  return std::make_unique<test::ScriptedSource>(
      layout, duration_s, 0.01,
      [=](std::size_t stream, std::int64_t sample, std::size_t channel) -> float {
        if (stream == 1) return 1e-4f;
        const double t = static_cast<double>(sample) / kRate;
        const Vector6 v = volts_for_loads(plate, inverse, test::loads_of(plate, load_at(t)));
        return static_cast<float>(v[channel] + amplifier_offset_v[channel]);
      });
}

AnalogPlateProfile profile_of(const PlateCalibration& plate) {
  AnalogPlateProfile p;
  p.name = "test";
  p.stream = "analog";
  p.plates = {plate};
  p.tare_window_s = 0.2;
  return p;
}

struct Fz {
  std::vector<double> t, fz, cop_x;
};

Fz run(AnalogPlateSource& source, std::function<void(double)> at_time = {}) {
  Fz out;
  SampleBlock block;
  while (source.next(block) == SourceStatus::block) {
    if (block.stream != 0) continue;
    for (std::size_t f = 0; f < block.frames; ++f) {
      const double t =
          static_cast<double>(block.first_sample + static_cast<std::int64_t>(f)) / kRate;
      out.t.push_back(t);
      out.fz.push_back(block.at(f, 2));
      out.cop_x.push_back(block.at(f, 3));
    }
    if (at_time) at_time(static_cast<double>(block.first_sample) / kRate);
  }
  REQUIRE(source.failure().empty());
  return out;
}

}  // namespace

TEST_CASE("Analog source: force layout in place of volts with other streams untouched",
          "[analog]") {
  const PlateCalibration plate = test::test_plate();
  AnalogPlateSource source(
      raw_volts(plate, 0.5, [](double) { return test::PointLoad{0, 0, -800, 0.1, 0.05, 0}; }, {}),
      profile_of(plate));
  REQUIRE(source.failure().empty());
  const auto& streams = source.layout().streams;
  REQUIRE(streams.size() == 2);
  CHECK(streams[0].name == "force");
  CHECK(streams[0].rate_hz == kRate);
  REQUIRE(streams[0].channels.size() == 6);
  CHECK(streams[0].channels[2].name == "left_fz_n");
  CHECK(streams[0].find(Quantity::force_z, Plate::left) == 2u);
  CHECK(streams[0].find(Quantity::cop_x, Plate::left) == 3u);
  CHECK(streams[1].name == "emg");
  SampleBlock block;
  std::size_t emg_blocks = 0;
  while (source.next(block) == SourceStatus::block) {
    if (block.stream == 1) {
      ++emg_blocks;
      CHECK(block.at(0, 0) == 1e-4f);
      continue;
    }
    CHECK(block.channels == 6);
    CHECK(block.at(0, 2) == Approx(800.0).margin(0.01));  // the reaction, z up
    CHECK(block.at(0, 3) == Approx(0.1).margin(0.001));
    CHECK(block.at(0, 4) == Approx(0.05).margin(0.001));
  }
  CHECK(emg_blocks == 50);
}

TEST_CASE("Analog source: a profile the raw stream cannot satisfy fails and says why", "[analog]") {
  PlateCalibration plate = test::test_plate();
  plate.first_channel = 3;  // needs channels 3-8 of 6
  AnalogPlateSource source(raw_volts(plate, 0.1, [](double) { return test::PointLoad{}; }, {}),
                           profile_of(plate));
  CHECK(source.failure().find("plate \"left\" needs raw channels 3-8") != std::string::npos);
  CHECK(source.layout().streams.empty());
  SampleBlock block;
  CHECK(source.next(block) == SourceStatus::failed);

  AnalogPlateProfile wrong = profile_of(test::test_plate());
  wrong.stream = "daq";
  AnalogPlateSource missing(raw_volts(plate, 0.1, [](double) { return test::PointLoad{}; }, {}),
                            wrong);
  CHECK(missing.failure().find("no stream \"daq\"") != std::string::npos);
}

TEST_CASE("Tare: the amplifier offsets are gone after the window", "[analog]") {
  const PlateCalibration plate = test::test_plate();
  const Vector6 offset_v{0.05, -0.03, 0.04, 0.02, -0.06, 0.01};
  AnalogPlateSource source(raw_volts(
                               plate, 1.0, [](double) { return test::PointLoad{}; }, offset_v),
                           profile_of(plate));
  // Requested from another thread, as the control API would.
  std::thread([&] { source.request_tare(); }).join();
  const Fz out = run(source);
  // Before the window ends the offset shows; after it, nothing.
  CHECK(std::abs(out.fz.front()) > 5.0);
  CHECK(std::abs(out.fz.back()) < 1e-3);
  const TareReport report = source.tare_report();
  CHECK(report.state == TareReport::State::done);
  CHECK(report.completed == 1);
  REQUIRE(report.zero_v.size() == 6);
  for (std::size_t i = 0; i < 6; ++i)
    CHECK(report.zero_v[i] == Approx(offset_v[i]).margin(1e-6));
}

TEST_CASE("Tare: refused while a plate is loaded and the old zero stays", "[analog]") {
  const PlateCalibration plate = test::test_plate();
  SECTION("someone standing") {
    AnalogPlateSource source(
        raw_volts(plate, 0.6, [](double) { return test::PointLoad{0, 0, -700, 0, 0, 0}; }, {}),
        profile_of(plate));
    source.request_tare();
    const Fz out = run(source);
    const TareReport report = source.tare_report();
    CHECK(report.state == TareReport::State::refused);
    CHECK(report.message.find("plate \"left\" is loaded") != std::string::npos);
    CHECK(report.message.find("700 N") != std::string::npos);
    CHECK(out.fz.back() == Approx(700.0).margin(0.01));  // not zeroed away
    CHECK(report.zero_v == std::vector<double>(6, 0.0));
  }
  SECTION("a light load that moves (someone stepping on)") {
    AnalogPlateSource source(
        raw_volts(
            plate, 0.6,
            [](double t) { return test::PointLoad{0, 0, -60.0 * std::sin(30.0 * t), 0, 0, 0}; },
            {}),
        profile_of(plate));
    source.request_tare();
    run(source);
    const TareReport report = source.tare_report();
    CHECK(report.state == TareReport::State::refused);
    CHECK(report.message.find("moved by") != std::string::npos);
  }
}

TEST_CASE("Tare as a device action: by name, with the zero among its figures", "[analog]") {
  const PlateCalibration plate = test::test_plate();
  const Vector6 offset_v{0.05, -0.03, 0.04, 0.02, -0.06, 0.01};
  AnalogPlateSource source(raw_volts(
                               plate, 1.0, [](double) { return test::PointLoad{}; }, offset_v),
                           profile_of(plate));
  DeviceActions& device = source;
  CHECK(device.device_name() == "plates");
  REQUIRE(device.actions().size() == 1);
  CHECK(device.actions()[0].name == "tare");
  CHECK_FALSE(device.request_action("zero"));
  CHECK(device.action_report("zero").state == ActionReport::State::never);
  CHECK(device.request_action("tare"));
  run(source);
  const ActionReport report = device.action_report("tare");
  CHECK(report.state == ActionReport::State::done);
  CHECK(report.completed == 1);
  REQUIRE(report.figures.size() == 1);
  CHECK(report.figures[0].first == "zero_v");
  REQUIRE(report.figures[0].second.size() == 6);
  CHECK(report.figures[0].second[2] == Approx(offset_v[2]).margin(1e-6));
}

TEST_CASE("Tare: the new zero applies from the block after the window, never mid-block",
          "[analog]") {
  const PlateCalibration plate = test::test_plate();
  const Vector6 offset_v{0.05, -0.03, 0.04, 0.02, -0.06, 0.01};
  AnalogPlateProfile profile = profile_of(plate);
  profile.tare_window_s = 0.015;  // 15 samples: it ends in the middle of the second 10-sample block
  AnalogPlateSource source(raw_volts(
                               plate, 0.05, [](double) { return test::PointLoad{}; }, offset_v),
                           profile);
  source.request_tare();
  const Fz out = run(source);
  REQUIRE(out.t.size() == 50);
  const double old_fz = out.fz.front();
  CHECK(std::abs(old_fz) > 5.0);
  for (std::size_t i = 0; i < out.t.size(); ++i) {
    INFO("sample " << i);
    if (i < 20) {
      CHECK(out.fz[i] == old_fz);  // blocks 0 and 1, the window's, with the old zero throughout
    } else {
      CHECK(std::abs(out.fz[i]) < 1e-6);
    }
  }
  CHECK(source.tare_report().message == "tared: 15 frames averaged per channel");
}
