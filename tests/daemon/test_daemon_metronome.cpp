// The metronome end to end: stridecued on the simulator, SDL's disk audio driver, the control
// API. The target the daemon learns from the runner's first steps is the rate /status shows and
// the beat the file holds (ticks 60/target s apart, to the frame); the beat starts with its
// setting and stops with the session. The cue sounds are off, so every sound is a tick.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "audio/disk_capture.hpp"
#include "daemon/daemon_process.hpp"

using namespace stridecue;
using Json = nlohmann::json;

namespace {

constexpr int kRate = 48000;
constexpr float kLevel = 1e-6f;                  // a tick's first frame is above this
constexpr std::size_t kMinSilence = kRate / 20;  // longer than a tick, shorter than a beat

std::string metronome_config(const std::filesystem::path& dir, const std::string& cadence) {
  return test::test_config(dir) +
         "[audio]\ndriver = \"disk\"\nbuffer_frames = 256\n\n"
         "[cue]\nheel_enabled = false\nhips_enabled = false\n\n"
         "[cue.cadence]\n" +
         cadence +
         "\n"
         "[source.simulator]\ncadence_steps_per_min = 170.0\nstep_jitter = 0.0\n";
}

Json status(const ApiClient& api) {
  const ApiResponse r = api.request("GET", "/api/v1/status");
  REQUIRE(r.status == 200);
  return Json::parse(r.body);
}

// Polls the status until `pred` holds (at most 30 s); returns that status.
template <typename Pred>
Json wait_for_status(const ApiClient& api, Pred pred) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Json j = status(api);
  while (!pred(j) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    j = status(api);
  }
  INFO(j.dump());
  REQUIRE(pred(j));
  return j;
}

// Frames in the disk driver's file so far (it writes in real time; stdio may hold back a
// few kB, which the margins below allow for).
std::size_t frames_in(const std::filesystem::path& raw) {
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(raw, ec);
  return ec ? 0 : static_cast<std::size_t>(bytes / sizeof(float));
}

// Waits until the file holds `frames` more frames than now (at most 30 s).
void wait_for_frames(const std::filesystem::path& raw, std::size_t frames) {
  const std::size_t until = frames_in(raw) + frames;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (frames_in(raw) < until && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(frames_in(raw) >= until);
}

void check_spacing(const std::vector<std::size_t>& ticks, double steps_min) {
  const double period = kRate * 60.0 / steps_min;
  for (std::size_t i = 1; i < ticks.size(); ++i) {
    INFO("tick " << i << " of " << ticks.size() << ", period " << period << " frames");
    CHECK(std::fabs(static_cast<double>(ticks[i] - ticks[i - 1]) - period) <= 1.0);
  }
}

}  // namespace

TEST_CASE("The daemon's metronome ticks at the target learnt from the runner's first steps",
          "[daemon][audio][metronome]") {
  test::TempDir dir("daemon-metronome");
  const auto raw = dir.path() / "audio.raw";
  double steps_min = 0.0;
  {
    // No target: the baseline of the first 6 steps (about 2 s) raised by 7.5 %.
    test::DaemonProcess daemon(dir.path(),
                               metronome_config(dir.path(), "metronome = true\nbaseline_steps = 6"),
                               {{"SDL_DISKAUDIOFILE", raw.string()}});
    const ApiClient api = daemon.client();
    const Json on = wait_for_status(api, [](const Json& j) {
      return j.contains("metronome") && j["metronome"]["state"] == "on";
    });
    steps_min = on["metronome"]["steps_min"].get<double>();
    CHECK(on["metronome"]["cadence_target_steps_min"].get<double>() == steps_min);
    // The simulated runner steps at 170 per minute, to the force plate's millisecond.
    CHECK(steps_min == Approx(170.0 * 1.075).margin(1.0));
    CHECK(on["audio"]["metronome_volume"] == 0.5);
    wait_for_frames(raw, 3 * kRate);                                          // ten beats or so
    CHECK(status(api)["metronome"]["steps_min"].get<double>() == steps_min);  // learnt once
    CHECK(daemon.stop() == 0);
  }
  const auto samples = test::read_f32(raw);
  const auto ticks = test::find_onsets(samples, kLevel, kMinSilence);
  INFO(ticks.size() << " ticks in " << samples.size() << " frames");
  REQUIRE(ticks.size() >= 8);
  check_spacing(ticks, steps_min);
}

TEST_CASE("The daemon's metronome starts with its setting and stops with the session",
          "[daemon][audio][metronome]") {
  test::TempDir dir("daemon-metronome-off");
  const auto raw = dir.path() / "audio.raw";
  std::size_t before_on = 0, after_on = 0, after_stop = 0;
  {
    test::DaemonProcess daemon(
        dir.path(), metronome_config(dir.path(), "metronome = false\ntarget_steps_min = 180.0\n"),
        {{"SDL_DISKAUDIOFILE", raw.string()}});
    const ApiClient api = daemon.client();
    // A session runs and the target is known, but the setting is off: no beat.
    const Json off = wait_for_status(api, [](const Json& j) {
      return j.contains("session") && j["session"].is_object() && j["cueing"] == true;
    });
    CHECK(off["metronome"]["state"] == "off");
    CHECK(off["metronome"]["steps_min"].is_null());
    CHECK(off["metronome"]["cadence_target_steps_min"] == 180.0);
    wait_for_frames(raw, kRate);
    before_on = frames_in(raw);

    const ApiResponse patched =
        api.request("PATCH", "/api/v1/settings", R"({"cue": {"cadence": {"metronome": true}}})");
    REQUIRE(patched.status == 200);
    after_on = frames_in(raw);
    const Json on =
        wait_for_status(api, [](const Json& j) { return j["metronome"]["state"] == "on"; });
    CHECK(on["metronome"]["steps_min"] == 180.0);
    wait_for_frames(raw, 2 * kRate);

    // A stop ends the cueing, and the beat with it.
    REQUIRE(api.request("POST", "/api/v1/session/stop").status == 200);
    const Json stopped =
        wait_for_status(api, [](const Json& j) { return j["metronome"]["state"] == "off"; });
    CHECK(stopped["cueing"] == false);
    after_stop = frames_in(raw);
    wait_for_frames(raw, kRate);
    CHECK(daemon.stop() == 0);
  }
  const auto samples = test::read_f32(raw);
  const auto ticks = test::find_onsets(samples, kLevel, kMinSilence);
  INFO(ticks.size() << " ticks in " << samples.size() << " frames; setting on between " << before_on
                    << " and " << after_on << ", stop seen at " << after_stop);
  REQUIRE(ticks.size() >= 5);  // two seconds at 180 steps/min: six beats
  // None before the setting was sent, none once the stop was seen (a tick written just before
  // it may still have sat in stdio's buffer: 0.1 s of margin).
  CHECK(ticks.front() >= before_on);
  CHECK(ticks.back() < after_stop + kRate / 10);
  // And the beat ran from the setting on: its first tick within a beat of the reply.
  CHECK(ticks.front() < after_on + static_cast<std::size_t>(kRate * 60.0 / 180.0) + kRate / 10);
  check_spacing(ticks, 180.0);
}
