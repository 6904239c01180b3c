// The metronome under SDL's disk driver: the written stream holds one tick per beat, each at
// the frame the rate gives (sample_rate × 60 / steps_min apart, within the one frame a tick
// rounds up to), at two rates in one stream with no jump in phase between them; none while it
// is stopped; and the cues sound on top of it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "audio/cue_sounds.hpp"
#include "disk_capture.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

constexpr int kRate = 48000;
// The tick starts at a small but non-zero level (its rise is a raised cosine): a tiny level
// finds its first frame. Longer than a tick (10 ms), shorter than any beat (230 ms at most).
constexpr float kLevel = 1e-6f;
constexpr std::size_t kMinSilence = kRate / 20;

// Waits until the player has begun `ticks` ticks in all (at most 10 s: the disk driver writes in
// real time).
void wait_for_ticks(const CuePlayer& player, std::uint64_t ticks) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (player.metronome_ticks() < ticks && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  REQUIRE(player.metronome_ticks() >= ticks);
}

// Waits until the callback has written `frames` more frames than now.
void wait_for_frames(const CuePlayer& player, std::uint64_t frames) {
  const std::uint64_t until = player.frames_written() + frames;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (player.frames_written() < until && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  REQUIRE(player.frames_written() >= until);
}

double period_frames(double steps_min) {
  return kRate * 60.0 / steps_min;
}

}  // namespace

TEST_CASE("The metronome ticks exactly 60/target s apart, at two targets, phase kept",
          "[audio][disk][metronome]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  // Neither period is a whole number of frames (16744.19 and 20139.86), nor of 256-frame
  // buffers: the ticks must not drift nor snap to buffers.
  constexpr double kFirst = 172.0;
  constexpr double kSecond = 143.0;
  constexpr std::uint64_t kTicksEach = 6;
  std::uint64_t ticks = 0;
  {
    CuePlayer player(disk_options(file));
    REQUIRE(player.sample_rate_hz() == kRate);
    CHECK(player.metronome_steps_min() == 0.0);
    player.set_metronome(kFirst);
    CHECK(player.metronome_steps_min() == kFirst);
    wait_for_ticks(player, kTicksEach);
    // Part of the way into a beat, so that the change falls between two ticks.
    wait_for_frames(player, static_cast<std::uint64_t>(period_frames(kFirst) / 3));
    const std::uint64_t at_change = player.metronome_ticks();
    player.set_metronome(kSecond);
    wait_for_ticks(player, at_change + kTicksEach);
    player.set_metronome(0.0);
    ticks = player.metronome_ticks();
    wait_for_frames(player, 2 * static_cast<std::uint64_t>(period_frames(kSecond)));
    CHECK(player.metronome_ticks() == ticks);  // stopped: no tick since
  }
  const std::vector<float> stream = read_f32(file);
  const std::vector<std::size_t> onsets = find_onsets(stream, kLevel, kMinSilence);
  INFO(onsets.size() << " ticks in " << stream.size() << " frames, " << ticks << " begun");
  REQUIRE(onsets.size() == ticks);  // one sound per tick, and nothing else

  // The first rate's ticks, then the second's, each within one frame of its exact period; and
  // measured from the first tick of each rate, never more than a frame off (no drift).
  std::size_t change = 0;  // the first interval at the second rate's period
  for (std::size_t i = 1; i < onsets.size(); ++i) {
    if (static_cast<double>(onsets[i] - onsets[i - 1]) > period_frames(kFirst) + 1.0) {
      change = i;
      break;
    }
  }
  REQUIRE(change >= kTicksEach);
  // The beat across the change lies between the two periods: the phase went on, it did not
  // start over (a restart would tick at once, sooner than either period).
  const auto across = static_cast<double>(onsets[change] - onsets[change - 1]);
  CHECK(across >= period_frames(kFirst) - 1.0);
  CHECK(across <= period_frames(kSecond) + 1.0);
  // Everything after the change at the second rate: from the change's tick on.
  auto check_run = [&](std::size_t from, std::size_t to, double steps_min) {
    const double period = period_frames(steps_min);
    for (std::size_t i = from + 1; i < to; ++i) {
      INFO("tick " << i << " at " << steps_min << " steps/min, period " << period);
      const auto gap = static_cast<double>(onsets[i] - onsets[i - 1]);
      CHECK(std::fabs(gap - period) <= 1.0);
      const auto since_first = static_cast<double>(onsets[i] - onsets[from]);
      CHECK(std::fabs(since_first - period * static_cast<double>(i - from)) <= 1.0);
    }
  };
  check_run(0, change, kFirst);
  check_run(change, onsets.size(), kSecond);
  CHECK(onsets.size() - change >= kTicksEach - 1);
}

TEST_CASE("A stopped metronome writes nothing, and a cue sounds on top of a tick",
          "[audio][disk][metronome]") {
  TempDir dir;
  const auto file = dir.path() / "out.raw";
  std::vector<float> click;
  std::vector<float> heel;
  {
    CuePlayer player(disk_options(file));
    click.assign(player.metronome_click().begin(), player.metronome_click().end());
    const auto h = player.sound(CueKind::heel_strike);
    heel.assign(h.begin(), h.end());
    // Never started, and a rate of 0 or less is no rate: silence.
    player.set_metronome(-5.0);
    CHECK(player.metronome_steps_min() == 0.0);
    wait_for_frames(player, kRate / 2);
    CHECK(player.metronome_ticks() == 0);
    // Started: a tick at the next buffer's first frame, and the cue in the same buffer.
    player.set_metronome(180.0);
    REQUIRE(player.trigger(CueKind::heel_strike, 1, 0));
    wait_for_ticks(player, 1);
    wait_for_frames(player, kRate / 4);
    player.set_metronome(0.0);
    wait_for_frames(player, kRate / 2);
  }
  const std::vector<float> stream = read_f32(file);
  const std::vector<std::size_t> onsets = find_onsets(stream, kLevel, kMinSilence);
  REQUIRE(onsets.size() == 1);  // the tick and the cue begin together; nothing after
  // The tick was started first, so the onset is its first frame; the cue began in the same
  // buffer or one of the next few (the callback may run between the two calls).
  const std::size_t at = onsets[0];
  const double tick_gain = 0.8 * 0.5;  // audio.volume × the metronome's share
  REQUIRE(at + 8 * 256 + heel.size() <= stream.size());
  // The stream is the tick plus the cue, neither ducked nor cut: for one buffer offset, every
  // frame matches the sum within float rounding.
  auto worst_error = [&](std::size_t cue_at) {
    double worst = 0.0;
    for (std::size_t i = at; i < cue_at + heel.size(); ++i) {
      const double tick = i - at < click.size() ? tick_gain * click[i - at] : 0.0;
      const double cue = i >= cue_at ? 0.8 * heel[i - cue_at] : 0.0;
      worst = std::max(worst, std::fabs(stream[i] - (tick + cue)));
    }
    return worst;
  };
  double best = 1.0;
  for (std::size_t buffers = 0; buffers <= 8; ++buffers)
    best = std::min(best, worst_error(at + buffers * 256));
  CHECK(best < 1e-6);
}

TEST_CASE("The metronome's tick is short, percussive and unlike every cue sound",
          "[audio][metronome]") {
  const std::vector<float> click = render_metronome_click(kRate);
  CHECK(click.size() == static_cast<std::size_t>(kMetronomeClickS * kRate));
  CHECK(click.back() == 0.0f);  // it ends at rest: no step left in the stream
  const auto peak = std::max_element(click.begin(), click.end(),
                                     [](float a, float b) { return std::fabs(a) < std::fabs(b); });
  CHECK(std::fabs(*peak) > 0.9f);
  CHECK(std::fabs(*peak) <= 1.0f);
  // Percussive: the peak within the first 2 ms, the last third under a fifth of it.
  CHECK(peak - click.begin() <= kRate / 500);
  for (std::size_t i = 2 * click.size() / 3; i < click.size(); ++i)
    CHECK(std::fabs(click[i]) < 0.2f * std::fabs(*peak));
  // Shorter than any cue sound, and at a pitch none of them uses.
  for (const CueKind kind : kCueKinds)
    CHECK(click.size() * 4 < render_cue_sound(kind, kRate, 0.12).size());
  for (const double hz : {kHeelBeepHz, kHipsToneHz, kSofterHighHz, kSofterLowHz, kCadenceTickHz,
                          kOnsetLowHz, kOnsetHighHz})
    CHECK(std::fabs(hz - kMetronomeClickHz) >= 100.0);
  // Its pitch: 1 kHz, two zero crossings per cycle (10 ms: 20 crossings, give or take one).
  const std::size_t crossings = zero_crossings(click, 0, click.size());
  CHECK(crossings >= 19);
  CHECK(crossings <= 21);
}
