// Bad settings and unavailable drivers/devices fail at construction, saying which and why.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "audio/cue_sounds.hpp"
#include "disk_capture.hpp"

using namespace stridecue;
using namespace stridecue::test;

TEST_CASE("options out of range are refused by name", "[audio]") {
  TempDir dir;
  auto o = disk_options(dir.path() / "out.raw");
  o.volume = 1.5;
  CHECK_THROWS_WITH(CuePlayer(o), Catch::Contains("audio.volume"));
  o = disk_options(dir.path() / "out.raw");
  o.buffer_frames = 4;
  CHECK_THROWS_WITH(CuePlayer(o), Catch::Contains("audio.buffer_frames"));
  o = disk_options(dir.path() / "out.raw");
  o.sample_rate_hz = 100;
  CHECK_THROWS_WITH(CuePlayer(o), Catch::Contains("audio.sample_rate_hz"));
  o = disk_options(dir.path() / "out.raw");
  o.cue_length_s = 0.0;
  CHECK_THROWS_WITH(CuePlayer(o), Catch::Contains("audio.cue_length_s"));
  CHECK(disk_options(dir.path() / "out.raw").problem() == nullptr);
}

TEST_CASE("an unknown driver or device is an error naming it", "[audio]") {
  TempDir dir;
  auto o = disk_options(dir.path() / "out.raw");
  o.driver = "no-such-driver";
  CHECK_THROWS_AS(CuePlayer(o), std::runtime_error);
  CHECK_THROWS_WITH(CuePlayer(o), Catch::Contains("no-such-driver"));

  // The disk driver takes the device name as its output file: one it cannot create fails.
  o = disk_options(dir.path() / "out.raw");
  o.device = (dir.path() / "no-such-dir" / "Imaginary USB Headset").string();
  CHECK_THROWS_WITH(CuePlayer(o),
                    Catch::Contains("Imaginary USB Headset") && Catch::Contains("'disk'"));

  // After the failures SDL is usable again: the driver hint was not left behind.
  CuePlayer ok(disk_options(dir.path() / "out.raw"));
  CHECK(ok.driver_name() == "disk");
  CHECK(ok.sample_rate_hz() == 48000);
  CHECK(ok.buffer_frames() == 256);
}

TEST_CASE("sounds are rendered with click-free edges at the asked length", "[audio]") {
  const auto heel = render_heel_sound(48000, 0.12);
  const auto hips = render_hips_sound(48000, 0.12);
  CHECK(heel.size() == 5760);
  CHECK(hips.size() == 5760);
  // Edges start and end near zero and the body reaches full scale.
  CHECK(std::fabs(hips.front()) < 1e-3f);
  CHECK(std::fabs(hips.back()) < 1e-3f);
  CHECK(std::fabs(heel.back()) < 1e-3f);
  float peak = 0.0f;
  for (float s : hips)
    peak = std::max(peak, std::fabs(s));
  CHECK(peak == Approx(1.0f).margin(1e-3));
  // The heel cue's gap is silent.
  for (std::size_t i = 1920; i < 3840; ++i)
    REQUIRE(heel[i] == 0.0f);
  // No step larger than a full-scale sine at 1500 Hz can make between samples (no clicks).
  const float max_step = static_cast<float>(2.0 * 3.14159265 * 1500.0 / 48000.0) * 1.01f;
  for (std::size_t i = 1; i < heel.size(); ++i)
    REQUIRE(std::fabs(heel[i] - heel[i - 1]) <= max_step);
}
