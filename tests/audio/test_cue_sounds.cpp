// A sound per cue kind (docs/audio.md): each one its own, told apart by pitch and rhythm, and
// the player plays the kind it was asked for (SDL's disk driver).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "audio/cue_sounds.hpp"
#include "disk_capture.hpp"

using namespace stridecue;
using namespace stridecue::test;

namespace {

constexpr int kRate = 48000;
constexpr double kLength = 0.12;

// Frequency of a tone from its sign changes over s[from, to).
double frequency_hz(const std::vector<float>& s, std::size_t from, std::size_t to) {
  return static_cast<double>(zero_crossings(s, from, to)) / 2.0 * kRate /
         static_cast<double>(to - from);
}

}  // namespace

TEST_CASE("every cue kind has its own sound", "[audio]") {
  std::vector<std::vector<float>> sounds;
  for (const CueKind kind : kCueKinds) {
    sounds.push_back(render_cue_sound(kind, kRate, kLength));
    const auto& s = sounds.back();
    REQUIRE_FALSE(s.empty());
    const float peak = std::fabs(*std::max_element(
        s.begin(), s.end(), [](float a, float b) { return std::fabs(a) < std::fabs(b); }));
    CHECK(peak <= 1.0f);
    CHECK(peak > 0.9f);
  }
  for (std::size_t i = 0; i < sounds.size(); ++i)
    for (std::size_t j = i + 1; j < sounds.size(); ++j)
      CHECK(sounds[i] != sounds[j]);
}

TEST_CASE("run softer falls, hips early rises, cadence ticks three times", "[audio]") {
  const auto softer = render_cue_sound(CueKind::loading_rate, kRate, kLength);
  const std::size_t half = softer.size() / 2;
  CHECK(frequency_hz(softer, 0, half) == Approx(kSofterHighHz).epsilon(0.05));
  CHECK(frequency_hz(softer, half, softer.size()) == Approx(kSofterLowHz).epsilon(0.05));

  const auto onset = render_cue_sound(CueKind::glute_onset, kRate, kLength);
  CHECK(frequency_hz(onset, 0, onset.size() / 2) == Approx(kOnsetLowHz).epsilon(0.05));
  CHECK(frequency_hz(onset, onset.size() / 2, onset.size()) == Approx(kOnsetHighHz).epsilon(0.05));

  const auto ticks = render_cue_sound(CueKind::cadence, kRate, kLength);
  const auto bursts = find_bursts(ticks, 0, ticks.size(), 0.05f, 100);
  REQUIRE(bursts.size() == 3);
  const double tick_s = static_cast<double>(bursts[0].end - bursts[0].begin) / kRate;
  CHECK(tick_s == Approx(kLength / 5.0).margin(0.003));
}

TEST_CASE("the player plays each kind's own sound", "[audio][disk]") {
  TempDir dir;
  CuePlayer player(disk_options(dir.path() / "out.raw"));
  for (const CueKind kind : kCueKinds) {
    const auto played = player.sound(kind);
    const auto want = render_cue_sound(kind, player.sample_rate_hz(), 0.12);
    CHECK(std::vector<float>(played.begin(), played.end()) == want);
  }
  std::uint64_t seq = 0;
  for (const CueKind kind : kCueKinds)
    REQUIRE(player.trigger(kind, ++seq, 0));
  const auto started = collect_started(player, kCueKindCount);
  REQUIRE(started.size() == kCueKindCount);
  for (std::size_t i = 0; i < started.size(); ++i)
    CHECK(started[i].kind == kCueKinds[i]);
}
