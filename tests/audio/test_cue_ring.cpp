// The pending-cue ring under pressure: holding SDL's device lock stops the audio callback, so
// the ring fills deterministically.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "disk_capture.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("a full cue ring drops and counts, never blocks", "[audio][disk]") {
  TempDir dir;
  CuePlayer player(disk_options(dir.path() / "out.raw"));
  constexpr std::size_t extra = 5;
  std::size_t accepted = 0;
  std::size_t refused = 0;
  SDL_LockAudioDevice(player.device_id());  // the callback cannot run: nothing drains the ring
  for (std::size_t i = 0; i < CuePlayer::kPendingCapacity + extra; ++i) {
    if (player.trigger(i % 2 == 0 ? CueKind::heel_strike : CueKind::hips, i, 0)) {
      ++accepted;
    } else {
      ++refused;
    }
  }
  SDL_UnlockAudioDevice(player.device_id());
  CHECK(accepted == CuePlayer::kPendingCapacity);
  CHECK(refused == extra);
  CHECK(player.cues_dropped() == extra);

  // The accepted ones all start, in order, together at the next callback.
  const auto started = collect_started(player, CuePlayer::kPendingCapacity);
  REQUIRE(started.size() == CuePlayer::kPendingCapacity);
  for (std::size_t i = 0; i < started.size(); ++i) {
    CHECK(started[i].cue_seq == i);
    CHECK(started[i].stream_frame == started[0].stream_frame);
  }
  CHECK(player.voices_stolen() == 0);
  // And the ring takes cues again.
  CHECK(player.trigger(CueKind::hips, 99, 0));
}

TEST_CASE("overlapping cues mix, saturating at full scale", "[audio][disk]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  std::vector<float> heel;
  std::vector<float> hips;
  std::vector<CueStarted> started;
  {
    auto options = disk_options(file);
    options.volume = 1.0;
    CuePlayer player(options);
    const auto h = player.sound(CueKind::heel_strike);
    const auto p = player.sound(CueKind::hips);
    heel.assign(h.begin(), h.end());
    hips.assign(p.begin(), p.end());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    SDL_LockAudioDevice(player.device_id());  // both land before the same callback
    REQUIRE(player.trigger(CueKind::heel_strike, 1, 0));
    REQUIRE(player.trigger(CueKind::hips, 2, 0));
    SDL_UnlockAudioDevice(player.device_id());
    started = collect_started(player, 2);
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  REQUIRE(started.size() == 2);
  REQUIRE(started[0].stream_frame == started[1].stream_frame);
  const std::vector<float> stream = read_f32(file);
  std::vector<float> mixed(hips.size());
  for (std::size_t i = 0; i < hips.size(); ++i) {
    mixed[i] = hips[i] + (i < heel.size() ? heel[i] : 0.0f);
  }
  // Line the expected mix up with the file by their first non-zero samples; the file may begin
  // with whole buffers of silence SDL wrote while the device was still paused.
  auto first_nonzero = [](const std::vector<float>& v) {
    return static_cast<std::size_t>(
        std::find_if(v.begin(), v.end(), [](float x) { return x != 0.0f; }) - v.begin());
  };
  REQUIRE(first_nonzero(stream) < stream.size());
  const std::size_t start = first_nonzero(stream) - first_nonzero(mixed);
  REQUIRE(start >= started[0].stream_frame);
  CHECK((start - started[0].stream_frame) % 256 == 0);
  REQUIRE(start + hips.size() <= stream.size());
  std::size_t clipped = 0;
  float worst_error = 0.0f;
  for (std::size_t i = 0; i < hips.size(); ++i) {
    const float sum = mixed[i];
    const float want = std::clamp(sum, -1.0f, 1.0f);
    if (want != sum) ++clipped;
    worst_error = std::max(worst_error, std::fabs(stream[start + i] - want));
  }
  CHECK(clipped > 0);  // the sum really exceeded full scale somewhere
  CHECK(worst_error < 1e-6f);
  CHECK(*std::max_element(stream.begin(), stream.end()) <= 1.0f);
  CHECK(*std::min_element(stream.begin(), stream.end()) >= -1.0f);
  // Nothing sounds after the mix: both voices ended.
  for (std::size_t i = start + hips.size(); i < stream.size(); ++i)
    REQUIRE(stream[i] == 0.0f);
}
