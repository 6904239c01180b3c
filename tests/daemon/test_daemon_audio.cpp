// The cue through SDL's disk audio driver: the output file holds one cue sound per heel-strike
// cue, at the stream position the daemon reported, each started within one audio buffer of its
// decision, and none before its contact + audio.cue_latency_ms.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "audio/disk_capture.hpp"
#include "daemon/daemon_process.hpp"
#include "daemon/event_log.hpp"

using namespace stridecue;
using Json = nlohmann::json;

TEST_CASE("Disk audio holds one cue sound per heel-strike cue, each within a buffer",
          "[daemon][audio]") {
  test::TempDir dir("daemon-audio");
  const auto raw = dir.path() / "audio.raw";
  std::vector<std::pair<std::string, std::string>> env = {{"SDL_DISKAUDIOFILE", raw.string()}};
  std::vector<Json> events;
  {
    test::DaemonProcess daemon(dir.path(),
                               test::test_config(dir.path()) +
                                   "[audio]\ndriver = \"disk\"\nbuffer_frames = 256\n"
                                   "cue_latency_ms = 15\n\n"
                                   "[cue]\nrefractory_s = 0.5\n",
                               env);
    test::EventLog log(daemon.client());
    REQUIRE(log.wait_for("cue_sound", 8, 30.0));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the last sound's tail
    CHECK(daemon.stop() == 0);
    events = log.events();
  }
  std::vector<Json> cues, sounds;
  for (const auto& e : events) {
    if (e["type"] == "cue") cues.push_back(e);
    if (e["type"] == "cue_sound") sounds.push_back(e);
  }
  const auto samples = test::read_f32(raw);
  // The heel cue is two 1.5 kHz beeps 40 ms apart: one onset per cue needs a silence longer
  // than that gap (60 ms at 48 kHz).
  // The sounds fade in over 5 ms from exactly 0: a tiny level finds their first frame (+1).
  const auto starts = test::find_onsets(samples, 1e-6f, 48000 * 60 / 1000);
  INFO(cues.size() << " cues, " << sounds.size() << " sounds started, " << starts.size()
                   << " onsets in " << samples.size() << " samples");
  REQUIRE(sounds.size() >= 8);
  for (const auto& c : cues)
    CHECK(c["kind"] == "heel_strike");
  // Every sound that started is in the file, where the player said it began. SDL's disk
  // driver may write whole buffers of silence before the first callback: measure that offset
  // once, then every onset must sit at its reported frame.
  REQUIRE(starts.size() >= sounds.size());
  const long offset = static_cast<long>(starts[0]) -
                      static_cast<long>(sounds[0]["stream_frame"].get<std::uint64_t>());
  CHECK(offset % 256 <= 1);
  double worst_ms = 0.0;
  for (std::size_t i = 0; i < sounds.size(); ++i) {
    const long frame = static_cast<long>(sounds[i]["stream_frame"].get<std::uint64_t>()) + offset;
    CHECK(std::labs(static_cast<long>(starts[i]) - frame) <= 1);
    // From the decision to the callback that wrote the sound's first frame.
    const Json& cue = cues[i];
    REQUIRE(cue["seq"] == sounds[i]["seq"]);
    const double ms = (sounds[i]["receipt_to_audio_ns"].get<double>() -
                       cue["receipt_to_decision_ns"].get<double>()) /
                      1e6;
    worst_ms = std::max(worst_ms, ms);
    CHECK(ms >= 0.0);
    // Aimed at contact + 15 ms: never sooner. The contact on the host's clock comes from the
    // blocks' receipt stamps, which the paced simulator takes after sleeping until the block's
    // end, so it is never before the true contact (1 µs for rounding); a cue decided too late
    // for its target sounds after it, never before.
    REQUIRE(sounds[i]["contact_to_audio_ns"].is_number());
    CHECK(sounds[i]["contact_to_audio_ns"].get<double>() >= 15e6 - 1e3);
    REQUIRE(sounds[i]["onset_after_target_ns"].is_number());
    CHECK(sounds[i]["onset_after_target_ns"].get<double>() >= 0.0);
  }
  // One buffer is 5.33 ms, and on a quiet machine the sound starts within it (bench/RESULTS.md:
  // p99 5.1 ms). Tests do not time a shared machine (a CI run under load measured 13.5 ms), so
  // this only bounds what would be a bug: a sound waiting a step for the next stance (~300 ms).
  WARN("worst decision-to-callback " << worst_ms << " ms");
  CHECK(worst_ms <= 100.0);
}
