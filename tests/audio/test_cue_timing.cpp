// Cues played through SDL's disk driver, found again in the written stream: one sound per cue,
// at the frame the player reported, within one buffer of the trigger.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <thread>

#include "disk_capture.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

constexpr float kLevel = 1e-3f;  // -60 dBFS: above float noise, far below any cue
constexpr int kRate = 48000;
// Longer than the heel cue's 40 ms gap between beeps, shorter than the silence between cues.
constexpr std::size_t kMinSilence = kRate * 80 / 1000;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

struct Triggered {
  CueKind kind;
  std::int64_t trigger_ns;
};

}  // namespace

TEST_CASE("each cue sounds once, where and when the player says", "[audio][disk]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  const std::vector<CueKind> kinds{CueKind::heel_strike, CueKind::hips,        CueKind::hips,
                                   CueKind::heel_strike, CueKind::heel_strike, CueKind::hips};
  // Gaps of 250..330 ms: sounds (120 ms) never overlap and silences exceed kMinSilence.
  const std::vector<int> gaps_ms{250, 290, 330, 270, 310, 250};

  std::vector<Triggered> triggered;
  std::vector<CueStarted> started;
  int rate = 0;
  int buffer = 0;
  std::int64_t stream_start_ns = 0;
  std::uint64_t frames_written = 0;
  std::vector<float> heel_sound;
  std::vector<float> hips_sound;
  std::string driver;
  {
    CuePlayer player(disk_options(file));
    rate = player.sample_rate_hz();
    buffer = player.buffer_frames();
    driver = player.driver_name();
    const auto hs = player.sound(CueKind::heel_strike);
    const auto ps = player.sound(CueKind::hips);
    heel_sound.assign(hs.begin(), hs.end());
    hips_sound.assign(ps.begin(), ps.end());
    // Each gap is counted on the stream the player writes, not only on the wall clock: on a
    // loaded machine the audio thread may be descheduled and then write several buffers at
    // once, and two cues triggered 250 ms apart would start in neighbouring buffers and merge.
    std::uint64_t last_start_frame = 0;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(gaps_ms[i]));
      const auto gap_frames = static_cast<std::uint64_t>(gaps_ms[i]) * kRate / 1000;
      while (i > 0 && player.frames_written() < last_start_frame + gap_frames) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      const std::int64_t t = now_ns();
      REQUIRE(player.trigger(kinds[i], 100 + i, t));
      triggered.push_back({kinds[i], t});
      const auto one = collect_started(player, 1);
      REQUIRE(one.size() == 1);
      started.push_back(one[0]);
      last_start_frame = one[0].stream_frame;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));  // let the last sound finish
    stream_start_ns = player.stream_start_ns();
    CHECK(player.cues_dropped() == 0);
    CHECK(player.reports_dropped() == 0);
    frames_written = player.frames_written();
  }  // closing the device flushes the file

  CHECK(driver == "disk");
  REQUIRE(rate == kRate);
  REQUIRE(buffer == 256);
  REQUIRE(started.size() == kinds.size());
  const std::vector<float> stream = read_f32(file);
  const std::vector<std::size_t> onsets = find_onsets(stream, kLevel, kMinSilence);
  REQUIRE(onsets.size() == kinds.size());  // exactly one sound per cue, none extra

  auto lead_of = [&](CueKind kind) {
    // The onset detector fires this many frames into the sound (the fade-in starts near 0).
    return detection_lead(kind == CueKind::hips ? hips_sound : heel_sound, 0.8, kLevel);
  };
  // SDL writes silence to the file while the device is still paused (between open and the
  // constructor's unpause), in whole buffers our callback never sees, so the file runs ahead of
  // our frame count by 0 or more buffers. The first cue measures that offset; every later cue
  // must then sit exactly where the player said.
  const auto offset = static_cast<std::int64_t>(onsets[0]) -
                      static_cast<std::int64_t>(started[0].stream_frame + lead_of(kinds[0]));
  CHECK(offset >= 0);
  CHECK(offset % buffer == 0);
  CHECK(offset <= 4 * buffer);
  std::int64_t worst_latency_ns = 0;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    INFO("cue " << i);
    const CueStarted& s = started[i];
    CHECK(s.cue_seq == 100 + i);
    CHECK(s.kind == kinds[i]);
    CHECK(s.decided_ns == triggered[i].trigger_ns);
    CHECK(s.stream_frame % static_cast<std::uint64_t>(buffer) == 0);

    // Where: the frame the player reported, in the file.
    const auto expected = static_cast<std::int64_t>(s.stream_frame + lead_of(kinds[i])) + offset;
    CHECK(static_cast<std::int64_t>(onsets[i]) >= expected - 1);
    CHECK(static_cast<std::int64_t>(onsets[i]) <= expected + 1);

    // When: the callback that started it began after the trigger and no later than one buffer
    // (the disk driver sleeps one buffer between callbacks) plus 20 ms for a busy 2-core
    // machine to schedule the audio thread. This is the cue's wait for its first buffer, not a
    // speed claim about our code.
    const std::int64_t latency_ns = s.callback_ns - triggered[i].trigger_ns;
    worst_latency_ns = std::max(worst_latency_ns, latency_ns);
    const std::int64_t buffer_ns = std::int64_t{buffer} * 1'000'000'000 / rate;
    CHECK(latency_ns >= 0);
    CHECK(latency_ns <= buffer_ns + 20'000'000);
  }

  // The trigger time mapped onto the stream: (trigger - stream start) x rate. The disk driver
  // paces itself with SDL_Delay(frames * 1000 / rate) in whole ms (5 ms for a 5.33 ms buffer),
  // so its stream runs ahead of the wall clock and this mapping drifts: reported, not asserted.
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const double mapped =
        static_cast<double>(triggered[i].trigger_ns - stream_start_ns) * rate / 1e9;
    std::printf(
        "cue %zu %-11s trigger->callback %6.2f ms  stream_frame %7llu  onset %7zu  "
        "frame - mapped trigger %+8.1f\n",
        i, std::string(to_string(kinds[i])).c_str(),
        static_cast<double>(started[i].callback_ns - triggered[i].trigger_ns) / 1e6,
        static_cast<unsigned long long>(started[i].stream_frame), onsets[i],
        static_cast<double>(started[i].stream_frame) - mapped);
  }
  std::printf(
      "file %zu frames, callback %llu frames, paused lead %lld frames, worst "
      "trigger->callback %.2f ms, buffer %d @ %d Hz\n",
      stream.size(), static_cast<unsigned long long>(frames_written),
      static_cast<long long>(offset), static_cast<double>(worst_latency_ns) / 1e6, buffer, rate);
}

TEST_CASE("the two cues differ in pitch and in shape", "[audio][disk]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  {
    CuePlayer player(disk_options(file));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(player.trigger(CueKind::heel_strike, 1, now_ns()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    REQUIRE(player.trigger(CueKind::hips, 2, now_ns()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  const std::vector<float> stream = read_f32(file);
  const auto onsets = find_onsets(stream, kLevel, kMinSilence);
  REQUIRE(onsets.size() == 2);

  // Split at 10 ms of quiet: the heel cue's 40 ms gap splits it, the fade edges do not.
  const std::size_t window = kRate * 200 / 1000;
  const auto heel = find_bursts(stream, onsets[0], onsets[0] + window, kLevel, kRate / 100);
  const auto hips = find_bursts(stream, onsets[1], onsets[1] + window, kLevel, kRate / 100);
  REQUIRE(heel.size() == 2);
  REQUIRE(hips.size() == 1);

  auto ms = [](std::size_t frames) { return static_cast<double>(frames) * 1000.0 / kRate; };
  auto length_ms = [&](const Burst& b) { return ms(b.end - b.begin); };
  auto hz = [&](const Burst& b) {
    // Two zero crossings per period.
    return static_cast<double>(zero_crossings(stream, b.begin, b.end)) / 2.0 /
           (length_ms(b) / 1000.0);
  };
  for (const Burst& b : heel) {
    CHECK(length_ms(b) == Approx(40.0).margin(2.0));
    CHECK(hz(b) == Approx(1500.0).epsilon(0.03));
  }
  // The second beep starts one beep + one gap (80 ms) after the first.
  CHECK(ms(heel[1].begin - heel[0].begin) == Approx(80.0).margin(1.0));
  CHECK(length_ms(hips[0]) == Approx(120.0).margin(2.0));
  CHECK(hz(hips[0]) == Approx(500.0).epsilon(0.03));
  std::printf("heel beeps %.1f ms @ %.0f Hz and %.1f ms @ %.0f Hz; hips %.1f ms @ %.0f Hz\n",
              length_ms(heel[0]), hz(heel[0]), length_ms(heel[1]), hz(heel[1]), length_ms(hips[0]),
              hz(hips[0]));
}

TEST_CASE("volume scales the peak, live", "[audio][disk]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  {
    auto options = disk_options(file);
    options.volume = 1.0;
    CuePlayer player(options);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(player.trigger(CueKind::hips, 1, now_ns()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    player.set_volume(0.25);
    CHECK(player.volume() == 0.25);
    REQUIRE(player.trigger(CueKind::hips, 2, now_ns()));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    player.set_volume(7.0);  // clamped
    CHECK(player.volume() == 1.0);
  }
  const std::vector<float> stream = read_f32(file);
  const auto onsets = find_onsets(stream, kLevel, kMinSilence);
  REQUIRE(onsets.size() == 2);
  auto peak = [&](std::size_t from) {
    float p = 0.0f;
    for (std::size_t i = from; i < from + kRate / 5 && i < stream.size(); ++i)
      p = std::max(p, std::fabs(stream[i]));
    return p;
  };
  const float loud = peak(onsets[0]);
  const float quiet = peak(onsets[1]);
  CHECK(loud == Approx(1.0f).margin(0.01));
  CHECK(quiet / loud == Approx(0.25f).margin(0.005));
}
