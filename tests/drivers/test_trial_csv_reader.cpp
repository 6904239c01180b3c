// Good trial CSV files: single- and multi-rate, tab-separated, comments, single belt.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <fmt/format.h>

#include "drivers/drained_source.hpp"
#include "files/trial_csv_reader.hpp"

namespace stridecue {
namespace {

using test::drain;

TEST_CASE("trial csv: single-rate split-belt file", "[trial_csv]") {
  std::istringstream file(
      "time_s,left_fx_n,left_fz_n,right_fz_n,right_copx_m,right_copy_m,right_tz_nm\n"
      "0.000,1,2,3,0.1,0.2,0.5\n"
      "0.001,-4,5e2,6,0.11,-0.2,0.25\n"
      "0.002,7,8,9,0.12,0.3,1\n");
  TrialCsvReader reader(file, "trial.csv");
  REQUIRE(reader.failure().empty());
  const SourceLayout& layout = reader.layout();
  REQUIRE(layout.streams.size() == 1);
  const StreamInfo& force = layout.streams[0];
  CHECK(force.name == "force");
  CHECK(force.rate_hz == 1000.0);
  CHECK(force.start_time_s == 0.0);
  REQUIRE(force.channels.size() == 6);
  CHECK(force.channels[0].name == "left_fx_n");
  CHECK(force.channels[0].quantity == Quantity::force_x);
  CHECK(force.channels[0].plate == Plate::left);
  CHECK(force.channels[3].quantity == Quantity::cop_x);
  CHECK(force.channels[4].quantity == Quantity::cop_y);
  CHECK(force.channels[5].quantity == Quantity::torque_z);
  CHECK(force.find(Quantity::force_z, Plate::right) == 2u);

  const auto drained = drain(reader);
  CHECK(drained.status == SourceStatus::end);
  CHECK(drained.samples[0] == std::vector<float>{1, 2, 3, 0.1F, 0.2F, 0.5F,        //
                                                 -4, 500, 6, 0.11F, -0.2F, 0.25F,  //
                                                 7, 8, 9, 0.12F, 0.3F, 1});
}

TEST_CASE("trial csv: long files come in blocks of 256 frames", "[trial_csv]") {
  std::string text = "time_s,belt_fz_n\n";
  for (int i = 0; i < 600; ++i)
    text += fmt::format("{},{}\n", 10.0 + i * 0.002, i);
  std::istringstream file(text);
  TrialCsvReader reader(file, "trial.csv");
  CHECK(reader.layout().streams[0].rate_hz == 500.0);
  CHECK(reader.layout().streams[0].start_time_s == 10.0);
  const auto drained = drain(reader);
  CHECK(drained.status == SourceStatus::end);
  REQUIRE(drained.blocks.size() == 3);
  CHECK(drained.blocks[0].frames == 256);
  CHECK(drained.blocks[1].first_sample == 256);
  CHECK(drained.blocks[2].frames == 88);
  REQUIRE(drained.samples[0].size() == 600);
  for (int i = 0; i < 600; ++i)
    CHECK(drained.samples[0][static_cast<std::size_t>(i)] == float(i));
}

TEST_CASE("trial csv: force and EMG at different rates in one file", "[trial_csv]") {
  // Force at 1 kHz, EMG at 2 kHz starting half a period later; 1 s of data.
  std::string text =
      "# runner: R07\n# session: baseline\n"
      "time_s,emg_gmed_left_v,right_fz_n,emg_gmed_right_v,left_fz_n\n";
  for (int i = 0; i < 4000; ++i) {
    const double t = i * 0.00025;
    const bool force = i % 4 == 0;
    const bool emg = i % 2 == 1;
    if (!force && !emg) continue;
    text += fmt::format("{:.5f},{},{},{},{}\n", t, emg ? fmt::format("{}e-6", i) : "",
                        force ? fmt::format("{}", i) : "", emg ? fmt::format("{}e-6", -i) : "",
                        force ? fmt::format("{}", 2 * i) : "");
  }
  std::istringstream file(text);
  TrialCsvReader reader(file, "trial.csv");
  REQUIRE(reader.failure().empty());
  const SourceLayout& layout = reader.layout();
  REQUIRE(layout.streams.size() == 2);
  CHECK(layout.streams[0].name == "force");
  CHECK(layout.streams[0].rate_hz == 1000.0);
  CHECK(layout.streams[0].start_time_s == 0.0);
  REQUIRE(layout.streams[0].channels.size() == 2);
  CHECK(layout.streams[0].channels[0].name == "right_fz_n");
  CHECK(layout.streams[1].name == "emg");
  CHECK(layout.streams[1].rate_hz == 2000.0);
  CHECK(layout.streams[1].start_time_s == Approx(0.00025));
  REQUIRE(layout.streams[1].channels.size() == 2);
  const ChannelInfo& gmed_left = layout.streams[1].channels[0];
  CHECK(gmed_left.quantity == Quantity::emg);
  CHECK(gmed_left.muscle == "gmed");
  CHECK(gmed_left.side == Side::left);
  CHECK_FALSE(gmed_left.plate.has_value());

  const auto drained = drain(reader);
  CHECK(drained.status == SourceStatus::end);
  REQUIRE(drained.frames(0, 2) == 1000);
  REQUIRE(drained.frames(1, 2) == 2000);
  CHECK(drained.samples[0][2 * 999] == 3996.0F);
  CHECK(drained.samples[0][2 * 999 + 1] == 7992.0F);
  CHECK(drained.samples[1][2 * 1999] == 3999e-6F);
  CHECK(drained.samples[1][2 * 1999 + 1] == -3999e-6F);

  // Time order across streams: no block ends before an earlier block starts.
  const auto time_of = [&](std::size_t stream, std::int64_t sample) {
    return layout.streams[stream].start_time_s +
           static_cast<double>(sample) / layout.streams[stream].rate_hz;
  };
  for (std::size_t i = 0; i < drained.blocks.size(); ++i) {
    for (std::size_t j = i + 1; j < drained.blocks.size(); ++j) {
      const auto& a = drained.blocks[i];
      const auto& b = drained.blocks[j];
      CHECK(time_of(b.stream, b.first_sample + static_cast<std::int64_t>(b.frames) - 1) >=
            time_of(a.stream, a.first_sample));
    }
  }
}

TEST_CASE("trial csv: tab-separated with comments, CRLF, BOM, spaces and signs", "[trial_csv]") {
  std::istringstream file(
      "\xEF\xBB\xBF# exported by the lab's DAQ\r\n"
      "# runner=R07\tspeed_m_s=3.2\r\n"
      "\r\n"
      "time_s\tleft_fz_n \tright_fz_n\r\n"
      "0.5\t +1.5\t-2\r\n"
      "0.502\t3\t4E1\r\n"
      "\r\n"
      "0.504\t5\t6");
  TrialCsvReader reader(file, "trial.tsv");
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == 500.0);
  CHECK(reader.layout().streams[0].start_time_s == 0.5);
  const auto drained = drain(reader);
  CHECK(drained.status == SourceStatus::end);
  CHECK(drained.samples[0] == std::vector<float>{1.5F, -2, 3, 40, 5, 6});
}

TEST_CASE("trial csv: single-belt treadmill", "[trial_csv]") {
  std::istringstream file(
      "time_s,belt_fx_n,belt_fy_n,belt_fz_n,belt_copx_m,belt_copy_m,belt_tz_nm\n"
      "0,1,2,3,4,5,6\n"
      "0.0005,7,8,9,10,11,12\n");
  TrialCsvReader reader(file, "trial.csv");
  REQUIRE(reader.failure().empty());
  const StreamInfo& force = reader.layout().streams[0];
  CHECK(force.rate_hz == 2000.0);
  for (const ChannelInfo& channel : force.channels)
    CHECK(channel.plate == Plate::belt);
  CHECK(force.find(Quantity::force_y, Plate::belt) == 1u);
  CHECK(force.find(Quantity::force_z, Plate::left) == std::nullopt);
  const auto drained = drain(reader);
  CHECK(drained.samples[0].size() == 12);
}

TEST_CASE("trial csv: EMG-only file has the emg stream first", "[trial_csv]") {
  std::istringstream file("time_s,emg_tibant1_right_v\n0,1\n0.001,2\n");
  TrialCsvReader reader(file, "trial.csv");
  REQUIRE(reader.failure().empty());
  REQUIRE(reader.layout().streams.size() == 1);
  CHECK(reader.layout().streams[0].name == "emg");
  CHECK(reader.layout().streams[0].channels[0].muscle == "tibant1");
  CHECK(drain(reader).samples[0] == std::vector<float>{1, 2});
}

TEST_CASE("trial csv: rows holding neither group are allowed", "[trial_csv]") {
  std::istringstream file("time_s,left_fz_n\n0,1\n0.0005,\n0.001,2\n0.002,3\n");
  TrialCsvReader reader(file, "trial.csv");
  REQUIRE(reader.failure().empty());
  CHECK(reader.layout().streams[0].rate_hz == 1000.0);
  CHECK(drain(reader).samples[0] == std::vector<float>{1, 2, 3});
}

TEST_CASE("trial csv: opening a missing file says so", "[trial_csv]") {
  auto source = open_trial_csv("no/such/trial.csv");
  SampleBlock block;
  CHECK(source->next(block) == SourceStatus::failed);
  CHECK(source->failure() == "no/such/trial.csv: cannot open: No such file or directory");
  CHECK(source->layout().streams.empty());
}

}  // namespace
}  // namespace stridecue
