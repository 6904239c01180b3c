// The cue words of every language and the runner's target, drawn by SDL's software renderer under
// the dummy video driver: their characters are in the overlay's fonts (no "?" for an umlaut or
// "≥"), no word is drawn smaller than the English heel-strike cue, an audio-only cue leaves the
// screen calm, and a met target turns green.
#include <imgui.h>
#include <catch2/catch.hpp>

#include <cfloat>
#include <cstdlib>
#include <string>
#include <vector>

#include "events/cue_words.hpp"
#include "overlay/no_daemon.hpp"
#include "ui/overlay_window.hpp"

using namespace stridecue;
using namespace stridecue::overlay;
using nlohmann::json;

namespace {

WindowOptions test_window() {
  ::setenv("SDL_VIDEODRIVER", "dummy", 0);
  WindowOptions o;
  o.width = 960;
  o.height = 540;
  o.software = true;
  return o;
}

// UTF-8 to code points (the words are ours and valid: no error handling needed here).
std::vector<unsigned> code_points(std::string_view s) {
  std::vector<unsigned> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    unsigned cp = n == 1 ? b : b & (0x7Fu >> n);
    for (int k = 1; k < n; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    out.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  return out;
}

int pixels_of(const Pixels& frame, const Rect& r, Rgb colour) {
  int n = 0;
  for (int y = static_cast<int>(r.y); y < static_cast<int>(r.bottom()); ++y)
    for (int x = static_cast<int>(r.x); x < static_cast<int>(r.right()); ++x)
      n += frame.at(x, y) == colour;
  return n;
}

void rendered_once(OverlayWindow& window) {
  OverlayView view("http://127.0.0.1:7878");
  NoDaemon none;
  window.render(view, none, 0.0);
}

}  // namespace

TEST_CASE("every language's cue words and target are in the overlay's fonts") {
  OverlayWindow window(test_window());
  rendered_once(window);  // the font atlas is built with the first frame
  const Fonts& fonts = window.fonts();
  REQUIRE(fonts.from_file);  // DejaVu Sans Bold (fonts-dejavu-core)
  for (std::size_t l = 0; l < kCueLanguageCount; ++l) {
    const auto language = static_cast<CueLanguage>(l);
    for (std::size_t w = 0; w < kCueWordCount; ++w) {
      const std::string_view word = builtin_cue_word(static_cast<CueWord>(w), language);
      for (const unsigned cp : code_points(word)) {
        INFO(to_string(language) << " " << word << " U+" << std::hex << cp);
        CHECK(fonts.huge->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
      }
    }
    for (unsigned mask = 1; mask < 7; ++mask) {
      const std::string target = strike_target_words(mask, 0.8, language);
      for (const unsigned cp : code_points(target)) {
        INFO(to_string(language) << " " << target << " U+" << std::hex << cp);
        CHECK(fonts.big->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr);
      }
    }
  }
}

TEST_CASE("no language's cue word is drawn smaller than the English heel-strike cue") {
  OverlayWindow window(test_window());
  rendered_once(window);
  ImFont* huge = window.fonts().huge;
  // The banner shrinks a word to its width: the longest word is the smallest on screen.
  const float english = huge->CalcTextSizeA(112.0f, FLT_MAX, 0.0f, "LAND ON YOUR FOREFOOT").x;
  for (std::size_t l = 0; l < kCueLanguageCount; ++l) {
    for (std::size_t w = 0; w < kCueWordCount; ++w) {
      const std::string word(
          builtin_cue_word(static_cast<CueWord>(w), static_cast<CueLanguage>(l)));
      INFO(word);
      CHECK(huge->CalcTextSizeA(112.0f, FLT_MAX, 0.0f, word.c_str()).x <= english);
    }
  }
}

TEST_CASE("an audio-only cue leaves the runner view's colour alone, a visual-only one fills it") {
  OverlayView view("http://127.0.0.1:7878");
  OverlayWindow window(test_window());
  NoDaemon none;
  const RunnerLayout layout = window.runner_layout();
  auto cue = [](const char* output, const char* word) {
    return json{{"type", "cue"},    {"seq", 1},         {"kind", "heel_strike"},
                {"side", "left"},   {"contact_s", 1.0}, {"decided_s", 1.0},
                {"output", output}, {"word", word},     {"reason", json::object()}};
  };
  Pixels frame;
  view.on_stream_event(cue("audio", "VORFUSS AUFSETZEN"), 1.0);
  window.render(view, none, 1.0, &frame);
  CHECK(frame.at(static_cast<int>(layout.cue_sample.cx()),
                 static_cast<int>(layout.cue_sample.cy())) == palette::background);
  CHECK(pixels_of(frame, layout.cue, palette::text) == 0);  // no word either

  view.on_stream_event(cue("visual", "VORFUSS AUFSETZEN"), 5.0);
  window.render(view, none, 5.0, &frame);
  frame.save_png("overlay-render-visual-cue-de.png");
  CHECK(frame.at(static_cast<int>(layout.cue_sample.cx()),
                 static_cast<int>(layout.cue_sample.cy())) == palette::heel_cue);
  CHECK(pixels_of(frame, layout.cue, palette::text) > 200);
}

TEST_CASE("the runner's target is drawn under the cue, green once met and plain before") {
  OverlayWindow window(test_window());
  NoDaemon none;
  const RunnerLayout layout = window.runner_layout();
  auto status = [](double share) {
    return json{{"cue_target",
                 {{"kind", "heel_strike"},
                  {"classes", {"midfoot", "forefoot"}},
                  {"min_share", 0.8},
                  {"label", "Vor-/Mittelfuß ≥ 80 %"},
                  {"share", share},
                  {"met", share >= 0.8}}}};
  };
  Pixels frame;
  OverlayView none_set("http://127.0.0.1:7878");
  window.render(none_set, none, 0.0, &frame);
  CHECK(pixels_of(frame, layout.target, palette::text) == 0);

  OverlayView short_of("http://127.0.0.1:7878");
  short_of.on_status(status(0.62));
  window.render(short_of, none, 0.0, &frame);
  CHECK(pixels_of(frame, layout.target, palette::text) > 100);
  CHECK(pixels_of(frame, layout.target, palette::target_met) == 0);

  OverlayView met("http://127.0.0.1:7878");
  met.on_status(status(0.86));
  window.render(met, none, 0.0, &frame);
  frame.save_png("overlay-render-target-met.png");
  CHECK(pixels_of(frame, layout.target, palette::target_met) > 100);
  CHECK(pixels_of(frame, layout.target, palette::text) == 0);
}
